#!/bin/bash
# validate_identifiers.sh — patient identifiers (identifier: true) never appear in any output
# of `specaudit validate` unless --show-identifiers is given.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
spec=$SA_TESTS_DIR/fixtures/returns/spec.yaml
H="referral_id,provider,nhs_number,received_at,referred_on,first_contact_at,urgency,age,weight_kg,consent,wait,note"
# Bad NHS numbers (wrong check digit, wrong shape), and valid ones on rows with other errors.
cat > "$tmp/referrals.csv" <<CSV
$H
R1,8HX01,9990000019,2007-06-05T10:00,,,urgent,,,,,
R2,8HX01,9990001234,2007-06-05T10:00,,,urgent,,,,,
R3,8HX01,99900000,2007-06-05T10:00,,,urgent,,,,,
R4,8HX01,9990000018,not-a-date,,,urgent,,,,,
R5,8HX01,9990000026,2007-06-05T10:00,,,urgent,,,,,,
R5,8HX01,9990000034,2007-06-05T10:00,,,urgent,,,,,
CSV
secrets="9990000019 9990001234 99900000 9990000018 9990000026 9990000034"
fail=0
check_absent() { # file label
    for s in $secrets; do
        if grep -q "$s" "$1"; then echo "FAIL: $2 shows identifier $s"; grep "$s" "$1"; fail=1; fi
    done
}
for fmt in text json junit; do
    "$SPECAUDIT" validate --format $fmt "$spec" "$tmp/referrals.csv" >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
    rc=$?
    if [ $rc -ne 1 ]; then echo "FAIL: --format $fmt exit $rc, expected 1"; fail=1; fi
    grep -q 'E-RET-BAD-NHS-NUMBER' "$tmp/out.$fmt" || { echo "FAIL: --format $fmt lacks the NHS number errors"; fail=1; }
    check_absent "$tmp/out.$fmt" "--format $fmt"
    check_absent "$tmp/err.$fmt" "--format $fmt (stderr)"
done
"$SPECAUDIT" validate -o "$tmp/report.txt" "$spec" "$tmp/referrals.csv" >/dev/null 2>&1
check_absent "$tmp/report.txt" "-o report"
grep -q '"999\*\*\*\*\*\*\*"' "$tmp/out.text" || { echo "FAIL: masked form not shown"; fail=1; }
grep -q 'E-RET-BAD-NHS-NUMBER' "$tmp/out.text" || { echo "FAIL: bad NHS numbers not reported"; fail=1; }
# With --show-identifiers the bad values are shown as written.
"$SPECAUDIT" validate --show-identifiers "$spec" "$tmp/referrals.csv" >"$tmp/shown.txt" 2>&1
for s in 9990000019 9990001234 99900000; do
    grep -q "\"$s\"" "$tmp/shown.txt" || { echo "FAIL: --show-identifiers does not show $s"; fail=1; }
done
exit $fail
