#!/usr/bin/env bash
# progress.sh — the progress line: drawn on a terminal once a run has lasted a
# while (SPECAUDIT_PROGRESS_AFTER=0 makes that at once), never with --quiet,
# never when standard error is not a terminal; it never reaches the report.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
command -v script >/dev/null || { echo "SKIP: script(1) is not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
spec=$SA_TESTS_DIR/bench/bench-spec.yaml
{ echo 'referral_id,provider,nhs_number,received_at,urgency,first_contact_at'
  awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "R%07d,8HX01,,2007-06-01T09:00,urgent,2007-06-01T10:00\n", i }'; } >"$tmp/r.csv"
export SPECAUDIT_PROGRESS_AFTER=0
for cmd in validate check; do
  extra=()
  [ $cmd = check ] && extra=(--format json -o "$tmp/report.json")
  script -qec "\"$SPECAUDIT\" $cmd -j 2 ${extra[*]} \"$spec\" \"referrals=$tmp/r.csv\" >\"$tmp/out\"" "$tmp/tty" >/dev/null
  grep -aq 'reading: [0-9]* rows, [0-9]* MB/s, [0-9]*% of' "$tmp/tty" || { echo "FAIL $cmd: no progress line on a terminal"; failed=1; }
  grep -aq 'reading:' "$tmp/out" && { echo "FAIL $cmd: the progress line reached standard output"; failed=1; }
  script -qec "\"$SPECAUDIT\" $cmd --quiet -j 2 ${extra[*]} \"$spec\" \"referrals=$tmp/r.csv\" >/dev/null" "$tmp/tty" >/dev/null
  grep -aq 'reading:' "$tmp/tty" && { echo "FAIL $cmd: a progress line despite --quiet"; failed=1; }
  "$SPECAUDIT" $cmd -j 2 "${extra[@]}" "$spec" "referrals=$tmp/r.csv" >/dev/null 2>"$tmp/err"
  grep -aq 'reading:' "$tmp/err" && { echo "FAIL $cmd: a progress line when standard error is not a terminal"; failed=1; }
done
[ $failed = 0 ] && echo "progress: ok"
exit $failed
