#!/usr/bin/env bash
# security_identifiers.sh — patient identifiers (columns with identifier:
# true) never appear in any output format of `specaudit check` or
# `specaudit validate` unless --show-identifiers is given: not in reports,
# not in diagnostics, not on standard output or error. With the flag they
# may appear, which shows the data does reach the outputs.
set -u
. "$SA_TESTS_DIR/hostile/lib.sh"
D=$HOSTILE/reports
spec=$D/spec.yaml
# every NHS number in the returns, plain and in 3-3-4 form
mapfile -t ids < <(cut -d, -f3 "$D/referrals.csv" | tail -n +2 | sort -u)
# a return with identifier problems: a bad check digit, a spaced number, a number in a free-text cell
{ head -1 "$D/referrals.csv"
  echo 'BAD-1,8HX01,9990000019,2007-04-03T09:00,2007-04-03T10:00,urgent,ok'
  echo 'BAD-2,8HX01,999 000 0042,2007-04-04T09:00,,urgent,ok'
  echo 'BAD-3,8HX01,9990000050,not-a-date,,urgent,ok'; } >"$TMP/referrals-bad.csv"
ids+=(9990000019 9990000042 "999 000 0042" 9990000050)
spaced=()
for id in "${ids[@]}"; do
  [[ $id =~ ^([0-9]{3})([0-9]{3})([0-9]{4})$ ]] && spaced+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}")
done
ids+=("${spaced[@]}")

printf '%s\n' "${ids[@]}" >"$TMP/ids.txt"
no_ids() {
  local label=$1 f
  shift
  for f in "$@"; do
    if [ -e "$f" ] && grep -aqF -f "$TMP/ids.txt" "$f"; then
      sa_fail "$label: an identifier appears in $(basename "$f")"
      grep -anoF -f "$TMP/ids.txt" "$f" | head -3 | sed 's/^/    | /'
      return 1
    fi
  done
  return 0
}

if sa_available validate; then
  for fmt in text json junit; do
    sa_run "probe-$fmt" -- validate --format "$fmt" "$spec" "referrals=$D/referrals.csv"
    if grep -q 'cannot render' "$TMP/probe-$fmt.err"; then
      sa_skip "validate-$fmt: the $fmt renderer is not available in this build"
      continue
    fi
    sa_expect "validate-$fmt" "1" '' -- validate --format "$fmt" --max-errors 0 "$spec" "referrals=$TMP/referrals-bad.csv" "referrals=$D/referrals.csv"
    no_ids "validate-$fmt" "$TMP/validate-$fmt.all"
  done
  sa_expect validate-shown "1" '9990000019' -- validate --show-identifiers "$spec" "referrals=$TMP/referrals-bad.csv"
else
  sa_skip "validate: not available in this build"
fi

if sa_available check; then
  shown_any=0
  for agreements in none all; do
    agr=()
    [ $agreements = all ] && agr=("$D"/agreement-*.xml)
    for fmt in text json junit html csv md sarif; do
      for mode in hidden shown; do
        flag=()
        [ $mode = shown ] && flag=(--show-identifiers)
        name="check-$agreements-$fmt-$mode"
        out="$TMP/$name.report"
        sa_expect "$name" "0 1" '' -- check "${flag[@]}" --format "$fmt" -o "$out" "$spec" "${agr[@]}" \
          "referrals=$D/referrals.csv" "referrals=$TMP/referrals-bad.csv"
        if [ ! -s "$out" ]; then
          sa_fail "$name: no report written to $out"
          continue
        fi
        if [ $mode = hidden ]; then
          no_ids "$name" "$out" "$TMP/$name.all"
        elif grep -qF -e 9990000018 -e 9990000019 "$out" "$TMP/$name.all"; then
          shown_any=1
        fi
      done
    done
  done
  # With --show-identifiers at least one format shows one: otherwise the
  # checks above could not tell a masked identifier from a missing one.
  [ $shown_any = 1 ] || sa_fail "no report shows an identifier even with --show-identifiers"
else
  sa_skip "check: not available in this build"
fi
sa_finish
