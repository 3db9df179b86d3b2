#!/bin/bash
# scotland.sh — Scotland end to end: heads of agreement with NHS Scotland codes lint clean against a
# `region: scotland` specification; CHI numbers that are not valid are positioned errors
# (file:row:column) naming what was wrong; no CHI number is printed unless --show-identifiers.
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
export SPECAUDIT_SCHEMA_DIR="$SA_SOURCE_DIR/specs/schema"
export NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }

# ---- an S08 commissioner, a hospice and a hospital by their location codes: clean -----------
agr=$SA_TESTS_DIR/cases/agreement-scotland
out=$("$SPECAUDIT" lint "$agr/spec.yaml" "$agr"/*.xml 2>&1)
rc=$?
[ $rc -eq 0 ] || FAIL "agreement-scotland lint: exit $rc"$'\n'"$out"
grep -q '^0 errors, 0 warnings in 3 files$' <<<"$out" || FAIL "agreement-scotland lint is not clean:"$'\n'"$out"

# ---- CHI numbers: one error per bad cell, at its row and column -------------------------------
cases=$SA_TESTS_DIR/cases/chi-number-invalid
secrets="0211165794 3102851234 0211165795 402070763 0101850003 3112990005"
check_absent() { # file label
    for s in $secrets; do
        if grep -q "$s" "$1"; then FAIL "$2 shows CHI number $s"; grep "$s" "$1"; fi
    done
}
"$SPECAUDIT" validate "$cases/spec.yaml" "$cases/referrals.csv" >"$tmp/out.text" 2>"$tmp/err.text"
rc=$?
[ $rc -eq 1 ] || FAIL "validate: exit $rc, expected 1"
want=(
  'referrals.csv:3:3: error[E-RET-BAD-CHI-NUMBER]: column chi_number: expected a CHI number whose first six digits are a date of birth (DDMMYY), found "**********"'
  'referrals.csv:4:3: error[E-RET-BAD-CHI-NUMBER]: column chi_number: expected a CHI number whose last digit is its modulus-11 check digit, found "**********"'
  'referrals.csv:5:3: error[E-RET-BAD-CHI-NUMBER]: column chi_number: expected a 10-digit CHI number (date of birth DDMMYY, then four digits), found "*********" (nine digits: a leading zero lost in a spreadsheet?)'
  'referrals.csv:6:3: error[E-RET-BAD-CHI-NUMBER]: column chi_number: expected a CHI number whose last digit is its modulus-11 check digit, found "**********"'
)
for w in "${want[@]}"; do
    grep -qF "$w" "$tmp/out.text" || FAIL "validate lacks: $w"$'\n'"$(cat "$tmp/out.text")"
done
n=$(grep -c 'E-RET-BAD-CHI-NUMBER\]' "$tmp/out.text")
[ "$n" -eq 4 ] || FAIL "validate: $n CHI errors, expected 4 (rows 2 and 7 are valid)"
for fmt in json junit; do
    "$SPECAUDIT" validate --format $fmt "$cases/spec.yaml" "$cases/referrals.csv" >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
    grep -q 'E-RET-BAD-CHI-NUMBER' "$tmp/out.$fmt" || FAIL "validate --format $fmt lacks the CHI errors"
done
for f in "$tmp"/out.* "$tmp"/err.*; do check_absent "$f" "validate $(basename "$f")"; done
# check: every report format, and what it prints on standard error
for fmt in text json junit html csv md sarif; do
    "$SPECAUDIT" check --format $fmt "$cases/spec.yaml" "$cases/referrals.csv" >"$tmp/check.$fmt" 2>"$tmp/check-err.$fmt"
    check_absent "$tmp/check.$fmt" "check --format $fmt"
    check_absent "$tmp/check-err.$fmt" "check --format $fmt (stderr)"
done
grep -q 'E-RET-BAD-CHI-NUMBER' "$tmp/check-err.text" || FAIL "check does not report the bad CHI numbers"
# Asked for, the identifiers are shown as written.
"$SPECAUDIT" validate --show-identifiers "$cases/spec.yaml" "$cases/referrals.csv" >"$tmp/shown.txt" 2>&1
for s in 3102851234 0211165795 402070763 0101850003; do
    grep -q "\"$s\"" "$tmp/shown.txt" || FAIL "--show-identifiers does not show $s"
done
exit $fail
