#!/bin/bash
# validate_fixtures.sh — every broken return under tests/fixtures/returns/ is reported with
# the exact row, column, code and message in its .expected file, and the documented exit status.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
cd "$SA_TESTS_DIR/fixtures/returns" || exit 1
fail=0
n=0
for f in referrals-*.csv; do
    name=${f%.csv}
    out=$("$SPECAUDIT" validate --max-errors 0 spec.yaml "$f")
    rc=$?
    got=$( { echo "exit $rc"; printf '%s\n' "$out" | sed -n '/^$/q;p'; } )
    if [ "$got" != "$(cat "$name.expected")" ]; then
        echo "FAIL $name"
        diff <(printf '%s\n' "$got") "$name.expected"
        fail=1
    fi
    n=$((n + 1))
done
broken=$(grep -L '^exit 0$' referrals-*.expected | wc -l)
if [ "$broken" -lt 20 ]; then
    echo "FAIL: expected at least 20 broken fixtures, found $broken"
    fail=1
fi
# Every broken fixture names a row and column (or the whole file/header for file-level problems).
for e in referrals-*.expected; do
    if grep -q '^exit 1$' "$e" && ! grep -qE '^referrals-[^:]+\.csv(:[0-9]+(:[0-9]+)?)?: (error|warning)\[[EW]-RET-' "$e"; then
        echo "FAIL: $e has no positioned E-RET diagnostic"
        fail=1
    fi
done
echo "$n fixtures checked"
exit $fail
