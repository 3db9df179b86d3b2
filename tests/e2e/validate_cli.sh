#!/bin/bash
# validate_cli.sh — `specaudit validate` options and exit statuses.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx=$SA_TESTS_DIR/fixtures/returns
spec=$fx/spec.yaml
fail=0
expect() { # expected-exit description command...
    local want=$1 what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -ne "$want" ]; then echo "FAIL: $what: exit $rc, expected $want"; cat "$tmp/out" "$tmp/err" | head -5; fail=1; fi
}
expect 0 "help" "$SPECAUDIT" validate --help
grep -q -- '--max-errors' "$tmp/out" || { echo "FAIL: help lacks --max-errors"; fail=1; }
expect 2 "no returns" "$SPECAUDIT" validate "$spec"
expect 2 "unknown option" "$SPECAUDIT" validate --bogus "$spec" "$fx/referrals-00-clean.csv"
expect 2 "bad --max-errors" "$SPECAUDIT" validate --max-errors -3 "$spec" "$fx/referrals-00-clean.csv"
expect 2 "bad --format" "$SPECAUDIT" validate --format html "$spec" "$fx/referrals-00-clean.csv"
expect 2 "missing return" "$SPECAUDIT" validate "$spec" "$tmp/nope.csv"
grep -q 'E-IO-NOT-FOUND' "$tmp/out" || { echo "FAIL: missing file not reported"; fail=1; }
expect 2 "missing spec" "$SPECAUDIT" validate "$tmp/nope.yaml" "$fx/referrals-00-clean.csv"
expect 2 "directory as return" "$SPECAUDIT" validate "$spec" "$tmp"
expect 0 "clean" "$SPECAUDIT" validate "$spec" "$fx/referrals-00-clean.csv"
expect 1 "errors" "$SPECAUDIT" validate "$spec" "$fx/referrals-15-duplicate-id.csv"

# DATASET=path names the dataset of a file no glob matches; an unknown dataset is refused.
cp "$fx/referrals-07-int-range.csv" "$tmp/june.csv"
cp "$fx/referrals-18-missing-column.csv" "$tmp/june-partial.csv"
expect 2 "no glob match and a header lacking required columns" "$SPECAUDIT" validate "$spec" "$tmp/june-partial.csv"
grep -q 'june-partial.csv: error\[E-RET-UNKNOWN-DATASET\]' "$tmp/out" || { echo "FAIL: unmatched file not reported"; fail=1; }
expect 1 "DATASET=path" "$SPECAUDIT" validate "$spec" "referrals=$tmp/june.csv"
grep -q "june.csv:3:8: error\[E-RET-OUT-OF-RANGE\]" "$tmp/out" || { echo "FAIL: DATASET=path not validated"; fail=1; }
expect 1 "matched by header" "$SPECAUDIT" validate "$spec" "$tmp/june.csv"
expect 2 "unknown dataset" "$SPECAUDIT" validate "$spec" "contacts=$tmp/june.csv"
grep -q 'E-RET-UNKNOWN-DATASET' "$tmp/out" || { echo "FAIL: unknown dataset not reported"; fail=1; }

# --max-errors shows N, counts all.
H=$(head -1 "$fx/referrals-00-clean.csv")
{ echo "$H"; for i in $(seq 1 250); do echo "R$i,8HX01,,2007-06-05T10:00,,,urgent,999,,,,"; done; } > "$tmp/referrals-many.csv"
expect 1 "many errors" "$SPECAUDIT" validate "$spec" "$tmp/referrals-many.csv"
[ "$(grep -c 'E-RET-OUT-OF-RANGE\]' "$tmp/out")" -eq 100 ] || { echo "FAIL: default should show 100"; fail=1; }
grep -q '150 more diagnostics not shown' "$tmp/out" || { echo "FAIL: hidden count missing"; fail=1; }
grep -qE 'E-RET-OUT-OF-RANGE +250' "$tmp/out" || { echo "FAIL: per-code total should be 250"; fail=1; }
expect 1 "--max-errors 7" "$SPECAUDIT" validate --max-errors 7 "$spec" "$tmp/referrals-many.csv"
[ "$(grep -c 'error\[' "$tmp/out")" -eq 7 ] || { echo "FAIL: --max-errors 7"; fail=1; }
expect 1 "--max-errors 0" "$SPECAUDIT" validate --max-errors 0 "$spec" "$tmp/referrals-many.csv"
[ "$(grep -c 'error\[' "$tmp/out")" -eq 250 ] || { echo "FAIL: --max-errors 0 shows all"; fail=1; }
grep -q "referrals-many.csv (referrals): 250 rows, 250 bad, 250 errors, 0 warnings" "$tmp/out" || { echo "FAIL: per-file summary"; fail=1; }

# -o writes the report to a file (atomically) and nothing to stdout; a missing directory is exit 2.
expect 1 "-o" "$SPECAUDIT" validate -o "$tmp/report.txt" "$spec" "$fx/referrals-07-int-range.csv"
[ -s "$tmp/out" ] && { echo "FAIL: -o still wrote to stdout"; fail=1; }
grep -q 'E-RET-OUT-OF-RANGE' "$tmp/report.txt" || { echo "FAIL: -o report content"; fail=1; }
expect 2 "-o into a missing directory" "$SPECAUDIT" validate -o "$tmp/no/dir/report.txt" "$spec" "$fx/referrals-00-clean.csv"

# Several files: sorted by path, diagnostics of each, per-file summary lines.
expect 1 "two files" "$SPECAUDIT" validate -j 2 "$spec" "$fx/referrals-15-duplicate-id.csv" "$fx/referrals-07-int-range.csv"
head -1 "$tmp/out" | grep -q 'referrals-07-int-range.csv:3:8' || { echo "FAIL: files not in path order"; fail=1; }
[ "$(grep -c '(referrals): ' "$tmp/out")" -eq 2 ] || { echo "FAIL: per-file summary lines"; fail=1; }

# Standard input as "-" with DATASET=-.
"$SPECAUDIT" validate "$spec" referrals=- < "$fx/referrals-07-int-range.csv" >"$tmp/out" 2>&1
[ $? -eq 1 ] && grep -q -- '-:3:8: error\[E-RET-OUT-OF-RANGE\]' "$tmp/out" || { echo "FAIL: standard input"; cat "$tmp/out"; fail=1; }
cp "$fx/referrals-07-int-range.csv" "$tmp/keep.csv"
sum=$(cksum < "$tmp/keep.csv")
expect 2 "-o naming a return" "$SPECAUDIT" validate -o "$tmp/keep.csv" "$spec" "referrals=$tmp/keep.csv"
grep -q 'E-IO-OUTPUT-IS-INPUT' "$tmp/err" || { echo "FAIL: -o over an input not refused"; fail=1; }
[ "$(cksum < "$tmp/keep.csv")" = "$sum" ] || { echo "FAIL: the return was overwritten"; fail=1; }
expect 2 "bare - without a dataset" "$SPECAUDIT" validate "$spec" -
grep -q 'DATASET=-' "$tmp/out" || { echo "FAIL: bare - not explained"; fail=1; }
exit $fail
