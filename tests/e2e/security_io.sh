#!/usr/bin/env bash
# security_io.sh — inputs that are not readable files, outputs that cannot be
# written, and the guarantees around them: exit 2 with an E-IO-* diagnostic,
# never a hang on a FIFO; a report that cannot be written completely leaves
# nothing behind (and an older report untouched); inputs are never modified,
# not even when -o names one of them.
set -u
. "$SA_TESTS_DIR/hostile/lib.sh"
R=$HOSTILE/returns
spec=$R/spec.yaml
good_csv=$R/identifiers.csv

mkdir -p "$TMP/in/a-directory.yaml" "$TMP/in/a-directory.csv"
mkfifo "$TMP/in/fifo.yaml" "$TMP/in/fifo.csv" "$TMP/in/fifo.xml"
cp "$spec" "$TMP/in/spec.yaml"
cp "$good_csv" "$TMP/in/referrals.csv"
chmod 755 "$TMP/in"
chmod 644 "$TMP/in/spec.yaml" "$TMP/in/referrals.csv"

# Everything read below is checksummed now and again at the end.
inputs=("$TMP/in/spec.yaml" "$TMP/in/referrals.csv")
while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$HOSTILE" -type f -print0)
[ -d "${SA_SOURCE_DIR:-}/specs" ] && while IFS= read -r -d '' f; do inputs+=("$f"); done \
  < <(find "$SA_SOURCE_DIR/specs" -type f \( -name '*.yaml' -o -name '*.xml' -o -name '*.csv' \) -print0)
sha256sum "${inputs[@]}" >"$TMP/before.sha256"

# ---- inputs that are not regular readable files ------------------------------------
if sa_available lint; then
  sa_expect lint/directory "2" 'E-IO-IS-DIRECTORY' -- lint "$TMP/in/a-directory.yaml"
  sa_expect lint/fifo-yaml "2" 'E-IO-NOT-REGULAR' -- lint "$TMP/in/fifo.yaml"
  sa_expect lint/fifo-xml "2" 'E-IO-NOT-REGULAR' -- lint "$TMP/in/fifo.xml"
  sa_expect lint/missing "2" 'E-IO-NOT-FOUND' -- lint "$TMP/in/no-such-file.yaml"
  sa_expect lint/dev-zero "2" 'E-IO-NOT-REGULAR' -- lint /dev/zero
else
  sa_skip "lint inputs: lint is not available in this build"
fi
if sa_available validate; then
  sa_expect validate/spec-directory "2" 'E-IO-IS-DIRECTORY' -- validate "$TMP/in/a-directory.yaml" "referrals=$TMP/in/referrals.csv"
  sa_expect validate/spec-fifo "2" 'E-IO-NOT-REGULAR' -- validate "$TMP/in/fifo.yaml" "referrals=$TMP/in/referrals.csv"
  sa_expect validate/return-directory "2" 'E-IO-IS-DIRECTORY' -- validate "$spec" "referrals=$TMP/in/a-directory.csv"
  sa_expect validate/return-fifo "2" 'E-IO-NOT-REGULAR' -- validate "$spec" "referrals=$TMP/in/fifo.csv"
  sa_expect validate/return-missing "2" 'E-IO-NOT-FOUND' -- validate "$spec" "referrals=$TMP/in/none.csv"
  sa_expect validate/return-dev-urandom "2" 'E-IO-NOT-REGULAR' -- validate "$spec" "referrals=/dev/urandom"
else
  sa_skip "validate inputs: validate is not available in this build"
fi

# An unreadable file. Root reads anything, so as root the command runs as
# nobody (setpriv); without a way to drop privileges the case is skipped.
cp "$spec" "$TMP/in/unreadable.yaml"
cp "$good_csv" "$TMP/in/unreadable.csv"
chmod 000 "$TMP/in/unreadable.yaml" "$TMP/in/unreadable.csv"
drop=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    drop=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
fi
if [ "$(id -u)" != 0 ] || ((${#drop[@]})); then
  if ((${#drop[@]})) && ! "${drop[@]}" test -x "$SPECAUDIT"; then
    sa_skip "unreadable files: $SPECAUDIT is not executable by nobody"
  else
    real=$SPECAUDIT
    cat >"$TMP/as-nobody" <<EOS
#!/bin/sh
exec ${drop[*]} "$real" "\$@"
EOS
    chmod 755 "$TMP/as-nobody"
    SPECAUDIT=$TMP/as-nobody
    sa_available lint && sa_expect lint/unreadable "2" 'E-IO-UNREADABLE' -- lint "$TMP/in/unreadable.yaml"
    if sa_available validate; then
      sa_expect validate/spec-unreadable "2" 'E-IO-UNREADABLE' -- validate "$TMP/in/unreadable.yaml" "referrals=$TMP/in/referrals.csv"
      sa_expect validate/return-unreadable "2" 'E-IO-UNREADABLE' -- validate "$TMP/in/spec.yaml" "referrals=$TMP/in/unreadable.csv"
    fi
    SPECAUDIT=$real
  fi
else
  sa_skip "unreadable files: running as root without setpriv"
fi

# ---- outputs that cannot be written ------------------------------------------------
# Each command is given an output it cannot write: a missing directory, a
# full device, a directory. It must exit 2 with E-IO-WRITE and create nothing.
out_cases() {
  local cmd=$1
  shift
  sa_expect "$cmd/out-missing-dir" "2" 'E-IO-WRITE' -- "$cmd" "$@" -o "$TMP/out/missing/dir/report"
  [ -e "$TMP/out/missing" ] && sa_fail "$cmd/out-missing-dir: created $TMP/out/missing"
  sa_expect "$cmd/out-dev-full" "2" 'E-IO-WRITE' -- "$cmd" "$@" -o /dev/full
  sa_expect "$cmd/out-directory" "2" 'E-IO-WRITE' -- "$cmd" "$@" -o "$TMP/out"
}
mkdir -p "$TMP/out"
sa_available lint && out_cases lint --format json "$spec"
sa_available validate && out_cases validate --max-errors 0 "$spec" "referrals=$good_csv"
if sa_available check; then
  for fmt in text json junit html csv md sarif; do
    out_cases check --format "$fmt" "$spec" "referrals=$good_csv"
  done
fi
if [ -n "$(ls -A "$TMP/out")" ]; then
  sa_fail "failed writes left files behind: $(ls -A "$TMP/out" | tr '\n' ' ')"
fi

# A disk that fills up part-way through the report. A real small tmpfs when a
# private mount namespace is allowed, else a file-size limit (EFBIG): either
# way the report is bigger than the space, the run exits 2, the old report
# stays as it was and no temporary is left.
big_validate=(validate --max-errors 0 "$spec" "referrals=$TMP/many-errors.csv")
awk 'BEGIN { print "referral_id,provider,nhs_number,received_at,urgency,note";
             for (i = 0; i < 2000; i++) printf "R%d,8HX01,,2007-02-30T09:00,later,x\n", i }' >"$TMP/many-errors.csv"
disk_full_case() {
  local label=$1 dir=$2
  shift 2
  echo "previous report" >"$dir/report.txt"
  sa_expect "disk-full/$label" "2" 'E-IO-WRITE' -- "$@" -o "$dir/report.txt"
  if [ "$(cat "$dir/report.txt" 2>/dev/null)" != "previous report" ]; then
    sa_fail "disk-full/$label: the previous report was changed or removed"
  fi
  local left
  left=$(ls -A "$dir" | grep -v '^report.txt$' | tr '\n' ' ')
  [ -n "$left" ] && sa_fail "disk-full/$label: left behind: $left"
}
if sa_available validate; then
  # check the output really is bigger than the space given below
  sa_run disk-full/size -- "${big_validate[@]}"
  size=$(wc -c <"$TMP/disk-full/size.out")
  if [ "$size" -lt 65536 ]; then
    sa_fail "disk-full: the validate report is only $size bytes; the case needs more than 64 KiB"
  fi
  mkdir -p "$TMP/fsize"
  # RLIMIT_FSIZE: writes past 32 KiB raise SIGXFSZ, which specaudit ignores to
  # report the EFBIG that follows
  real=$SPECAUDIT
  cat >"$TMP/fsize-limited" <<EOS
#!/usr/bin/env bash
ulimit -f 32
exec "$real" "\$@"
EOS
  chmod 755 "$TMP/fsize-limited"
  SPECAUDIT=$TMP/fsize-limited
  disk_full_case file-size-limit "$TMP/fsize" "${big_validate[@]}"
  SPECAUDIT=$real
  # a 48 KiB tmpfs in a private mount namespace
  if unshare -m true 2>/dev/null && unshare -m sh -c "mount -t tmpfs -o size=48k tmpfs '$TMP/out'" 2>/dev/null; then
    mkdir -p "$TMP/tmpfs"
    cat >"$TMP/tmpfs-run" <<EOS
#!/bin/sh
# runs specaudit with $TMP/tmpfs as a fresh 48 KiB tmpfs holding only report.txt
exec unshare -m sh -c 'mount -t tmpfs -o size=48k tmpfs "$TMP/tmpfs" && echo "previous report" >"$TMP/tmpfs/report.txt" && "$real" "\$@"; rc=\$?; ls -A "$TMP/tmpfs" >"$TMP/tmpfs.ls"; cat "$TMP/tmpfs/report.txt" >"$TMP/tmpfs.report" 2>/dev/null; exit \$rc' sh "\$@"
EOS
    chmod 755 "$TMP/tmpfs-run"
    SPECAUDIT=$TMP/tmpfs-run
    sa_expect disk-full/tmpfs "2" 'E-IO-WRITE' -- "${big_validate[@]}" -o "$TMP/tmpfs/report.txt"
    SPECAUDIT=$real
    [ "$(cat "$TMP/tmpfs.report" 2>/dev/null)" = "previous report" ] ||
      sa_fail "disk-full/tmpfs: the previous report was changed or removed"
    [ "$(cat "$TMP/tmpfs.ls" 2>/dev/null)" = "report.txt" ] ||
      sa_fail "disk-full/tmpfs: left behind: $(tr '\n' ' ' <"$TMP/tmpfs.ls")"
  else
    sa_skip "disk-full/tmpfs: cannot mount a tmpfs in a private mount namespace here"
  fi
fi

# ---- a report interrupted while it is written ----------------------------------------
# SIGINT, SIGTERM and SIGHUP while the temporary is being written: the process
# ends by the signal and removes the temporary; an older report stays. The run
# is stopped (SIGSTOP) as soon as its temporary appears, signalled, resumed.
if sa_available validate; then
  awk 'BEGIN { print "referral_id,provider,nhs_number,received_at,urgency,note";
               for (i = 0; i < 100000; i++) printf "R%d,8HX01,,2007-02-30T09:00,later,x\n", i }' >"$TMP/errors-100k.csv"
  for sig in INT TERM HUP; do
    d=$TMP/signal-$sig
    mkdir -p "$d"
    echo "previous report" >"$d/report.txt"
    # (a background job starts with SIGINT ignored; a user's run does not)
    env --default-signal=INT "$SPECAUDIT" validate --max-errors 0 "$spec" "referrals=$TMP/errors-100k.csv" -o "$d/report.txt" >/dev/null 2>&1 &
    pid=$!
    caught=0
    for _ in $(seq 1 4000); do
      if ls -A "$d" | grep -q '^\.report\.txt\.'; then
        kill -STOP "$pid" && caught=1
        break
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.005
    done
    [ $caught = 1 ] && { kill -"$sig" "$pid"; kill -CONT "$pid"; }
    wait "$pid" 2>/dev/null
    rc=$?
    left=$(ls -A "$d" | grep -v '^report.txt$' | tr '\n' ' ')
    if [ $caught = 0 ]; then
      sa_fail "signal/$sig: the run ended (exit $rc) before its temporary could be seen"
    elif [ "$rc" != $((128 + $(kill -l "$sig"))) ] || [ -n "$left" ] || [ "$(cat "$d/report.txt")" != "previous report" ]; then
      sa_fail "signal/$sig: exit $rc, left behind: '$left', report: $(head -c 40 "$d/report.txt")"
    else
      echo "ok   signal/$sig: exit $rc, temporary removed, older report kept"
      passes=$((passes + 1))
    fi
  done
  rm -f "$TMP/errors-100k.csv"
  # the longest legal report name (255 bytes): its temporary stays within NAME_MAX
  name=$(head -c 255 /dev/zero | tr '\0' r)
  mkdir -p "$TMP/longname"
  sa_expect validate/out-name-255 "0 1" '' -- validate "$spec" "referrals=$good_csv" -o "$TMP/longname/$name"
  [ "$(ls -A "$TMP/longname")" = "$name" ] || sa_fail "validate/out-name-255: found $(ls -A "$TMP/longname" | head -c 80)"
fi

# ---- -o naming an input: refused, the input untouched --------------------------------
if sa_available validate; then
  cp "$good_csv" "$TMP/in/target.csv"
  sum=$(sha256sum <"$TMP/in/target.csv")
  sa_expect validate/out-is-input "2" 'error\[E-' -- validate "$spec" "referrals=$TMP/in/target.csv" -o "$TMP/in/target.csv"
  [ "$(sha256sum <"$TMP/in/target.csv")" = "$sum" ] || sa_fail "validate/out-is-input: the return was overwritten"
  cp "$spec" "$TMP/in/target.yaml"
  sum=$(sha256sum <"$TMP/in/target.yaml")
  sa_expect validate/out-is-spec "2" 'error\[E-' -- validate "$TMP/in/target.yaml" "referrals=$good_csv" -o "$TMP/in/target.yaml"
  [ "$(sha256sum <"$TMP/in/target.yaml")" = "$sum" ] || sa_fail "validate/out-is-spec: the specification was overwritten"
fi

if sa_available check; then
  cp "$good_csv" "$TMP/in/target2.csv"
  sum=$(sha256sum <"$TMP/in/target2.csv")
  sa_expect check/out-is-input "2" 'error\[E-' -- check "$spec" "referrals=$TMP/in/target2.csv" --format csv -o "$TMP/in/target2.csv"
  [ "$(sha256sum <"$TMP/in/target2.csv")" = "$sum" ] || sa_fail "check/out-is-input: the return was overwritten"
fi

# ---- every input read above is unchanged ---------------------------------------------
if sha256sum --quiet -c "$TMP/before.sha256" >"$TMP/sha.log" 2>&1; then
  echo "ok   ${#inputs[@]} input files unchanged"
else
  sa_fail "inputs modified: $(grep -v ': OK$' "$TMP/sha.log" | head -5 | tr '\n' ' ')"
fi

sa_finish
