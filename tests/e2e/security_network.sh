#!/usr/bin/env bash
# security_network.sh — specaudit never opens a network socket, whatever it
# reads: every command runs under `strace -f -e trace=network` on inputs
# that name remote resources (external DTDs, XInclude, schemaLocation,
# parameter entities) and on ordinary inputs; only local (AF_UNIX) sockets
# of the C library would be tolerated. Then the same commands run in an
# empty network namespace (`unshare -n`) and must give the same output.
# Skips what this machine cannot do (no strace, ptrace or namespaces).
set -u
. "$SA_TESTS_DIR/hostile/lib.sh"
A=$HOSTILE/agreement
R=$HOSTILE/returns
D=$HOSTILE/reports

runs=()
if sa_available lint; then
  runs+=("lint $A/external-dtd.xml" "lint $A/parameter-entities.xml" "lint $A/xinclude.xml"
         "lint $A/schema-location.xml" "lint $A/xxe.xml" "lint $D/spec.yaml $D/agreement-8HX01.xml $D/agreement-RXX.xml")
  [ -d "${SA_SOURCE_DIR:-}/specs" ] && runs+=("lint $(ls "$SA_SOURCE_DIR"/specs/*.yaml "$SA_SOURCE_DIR"/specs/*/*.xml 2>/dev/null | tr '\n' ' ')")
fi
sa_available validate && runs+=("validate $R/spec.yaml referrals=$R/identifiers.csv" "validate $D/spec.yaml $D/referrals.csv")
sa_available check && runs+=("check --format html -o $TMP/r.html $D/spec.yaml $D/agreement-8HX01.xml $D/agreement-RXX.xml referrals=$D/referrals.csv"
                             "check --format json -o $TMP/r.json $D/spec.yaml referrals=$D/referrals.csv")
if ((${#runs[@]} == 0)); then
  sa_skip "no command available in this build"
  sa_finish
  exit
fi

if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
  # control: the tracing sees a socket when there is one
  strace -f -qq -e trace=network -o "$TMP/strace.control" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' 2>/dev/null
  if grep -q 'AF_INET' "$TMP/strace.control"; then
    echo "ok   strace sees the control's socket"
  else
    sa_fail "strace did not see the control command's socket; the checks below would prove nothing"
  fi
  i=0
  for r in "${runs[@]}"; do
    i=$((i + 1))
    # (LeakSanitizer cannot run under ptrace: leaks are checked by the other tests)
    # shellcheck disable=SC2086
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" timeout 120 strace -f -qq -e trace=network \
      -o "$TMP/strace.$i" "$SPECAUDIT" $r >"$TMP/strace.$i.out" 2>&1
    rc=$?
    if [ $rc -ge 3 ]; then
      sa_fail "specaudit ${r:0:80} exited $rc under strace"
      head -5 "$TMP/strace.$i.out" | sed 's/^/    | /'
    elif grep -E 'socket\(|connect\(|sendto\(|bind\(' "$TMP/strace.$i" | grep -vq 'AF_UNIX'; then
      sa_fail "network call during: specaudit ${r:0:80}"
      grep -E 'socket\(|connect\(' "$TMP/strace.$i" | head -3 | sed 's/^/    | /'
    else
      echo "ok   no network socket: specaudit ${r:0:90}"
      passes=$((passes + 1))
    fi
  done
else
  sa_skip "strace cannot trace here"
fi

if unshare -n true 2>/dev/null; then
  i=0
  for r in "${runs[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    timeout 120 "$SPECAUDIT" $r >"$TMP/net.$i.out" 2>"$TMP/net.$i.err"
    rc1=$?
    # shellcheck disable=SC2086
    timeout 120 unshare -n "$SPECAUDIT" $r >"$TMP/nonet.$i.out" 2>"$TMP/nonet.$i.err"
    rc2=$?
    if [ $rc1 != $rc2 ] || ! cmp -s "$TMP/net.$i.out" "$TMP/nonet.$i.out" || ! cmp -s "$TMP/net.$i.err" "$TMP/nonet.$i.err"; then
      sa_fail "output differs without a network: specaudit ${r:0:80} (exit $rc1 vs $rc2)"
    else
      echo "ok   same without a network (exit $rc1): specaudit ${r:0:70}"
      passes=$((passes + 1))
    fi
  done
else
  sa_skip "unshare -n is not permitted here"
fi
sa_finish
