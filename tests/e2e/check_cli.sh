#!/usr/bin/env bash
# `specaudit check` command line: help, usage errors and unusable input exit 2,
# several reports in one run, --max-examples, --period, --fail-on.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
case_dir="$SA_TESTS_DIR/cases/proportion-not-met"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
expect_status() { # want, description, command...
  local want=$1 what=$2
  shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"
    sed -n 1,5p "$tmp/err"
    failed=1
  fi
}
cd "$case_dir"
expect_status 0 "--help" "$SPECAUDIT" check --help
grep -q "usage: specaudit check" "$tmp/out" || { echo "FAIL: --help text"; failed=1; }
expect_status 2 "no arguments" "$SPECAUDIT" check
expect_status 2 "no returns" "$SPECAUDIT" check spec.yaml
expect_status 2 "unknown option" "$SPECAUDIT" check spec.yaml referrals.csv --frobnicate
expect_status 2 "bad --period" "$SPECAUDIT" check spec.yaml referrals.csv --period 2007-05-31..2007-05-01
expect_status 2 "bad --fail-on" "$SPECAUDIT" check spec.yaml referrals.csv --fail-on severe
expect_status 2 "bad --format" "$SPECAUDIT" check spec.yaml referrals.csv --format pdf
expect_status 2 "bad -j" "$SPECAUDIT" check spec.yaml referrals.csv -j 0
expect_status 2 "unreadable return" "$SPECAUDIT" check spec.yaml referrals=missing.csv
grep -q "missing.csv" "$tmp/err" || { echo "FAIL: unreadable return not named"; failed=1; }
expect_status 2 "missing spec" "$SPECAUDIT" check nowhere.yaml referrals.csv
expect_status 2 "unwritable report" "$SPECAUDIT" check spec.yaml referrals.csv -o "$tmp/no/such/dir/r.json"

expect_status 2 "--provider nobody" "$SPECAUDIT" check spec.yaml referrals.csv --provider 8ZZ99
grep -q "E-CHECK-NO-SUCH-PROVIDER" "$tmp/err" || { echo "FAIL: unknown --provider not reported"; failed=1; }

# A report never overwrites an input.
cp referrals.csv "$tmp/in.csv"
sum=$(sha256sum < "$tmp/in.csv")
expect_status 2 "output is an input" "$SPECAUDIT" check spec.yaml "referrals=$tmp/in.csv" -o "$tmp/in.csv"
[ "$(sha256sum < "$tmp/in.csv")" = "$sum" ] || { echo "FAIL: the return was overwritten"; failed=1; }
grep -q "E-IO-OUTPUT-IS-INPUT" "$tmp/err" || { echo "FAIL: output-is-input not reported"; failed=1; }

# A return's checksum is of the bytes checked: a file's is what sha256sum prints, and one
# read from standard input has the same (taken as it is read).
want_sum=$(sha256sum < referrals.csv | cut -d' ' -f1)
expect_status 1 "checksum of a file" "$SPECAUDIT" check spec.yaml referrals.csv --format json
jq -e --arg s "$want_sum" '.inputs[0].sha256 == $s' "$tmp/out" > /dev/null ||
  { echo "FAIL: the return's checksum is not sha256sum's"; failed=1; }
"$SPECAUDIT" check spec.yaml referrals=- --format json < referrals.csv > "$tmp/stdin.json" 2> "$tmp/err"
jq -e --arg s "$want_sum" '.inputs[0].path == "-" and .inputs[0].sha256 == $s' "$tmp/stdin.json" > /dev/null ||
  { echo "FAIL: standard input's checksum"; failed=1; }

# Two reports in one run, each written whole; exit 1 for the not-met requirement.
expect_status 1 "two reports" "$SPECAUDIT" check spec.yaml referrals.csv \
  --format json -o "$tmp/r.json" --format text -o "$tmp/r.txt"
jq -e '.results[0].verdict == "not_met"' "$tmp/r.json" > /dev/null || { echo "FAIL: json report"; failed=1; }
grep -q "KPI-2" "$tmp/r.txt" || { echo "FAIL: text report"; failed=1; }
[ ! -s "$tmp/out" ] || { echo "FAIL: reports written to files also went to stdout"; failed=1; }
# -o without --format follows the extension.
expect_status 1 "-o by extension" "$SPECAUDIT" check spec.yaml referrals.csv -o "$tmp/by-ext.json"
jq -e '.results | length == 1' "$tmp/by-ext.json" > /dev/null || { echo "FAIL: -o .json"; failed=1; }

# --max-examples keeps the exact total.
expect_status 1 "--max-examples" "$SPECAUDIT" check spec.yaml referrals.csv --format json --max-examples 1
jq -e '.results[0].examples.total == 2 and (.results[0].examples.items | length) == 1' "$tmp/out" > /dev/null ||
  { echo "FAIL: --max-examples 1"; failed=1; }
# --fail-on critical: a major requirement not met no longer fails.
expect_status 0 "--fail-on critical" "$SPECAUDIT" check spec.yaml referrals.csv --fail-on critical
# --period outside the returns: nothing to assess, never met; no evidence is not
# compliance (exit 1), unless a staged roll-out accepts it (exit 0, same words).
expect_status 1 "--period without rows" "$SPECAUDIT" check spec.yaml referrals.csv --format json --period 2007-05-20..2007-05-31
jq -e '.results[0].verdict == "not_assessable" and .summary.status == "not_demonstrated" and (.summary.compliant | not)' \
  "$tmp/out" > /dev/null || { echo "FAIL: --period"; failed=1; }
headline=$(jq -r .summary.headline "$tmp/out")
expect_status 0 "--accept-not-assessable" "$SPECAUDIT" check spec.yaml referrals.csv --format json \
  --period 2007-05-20..2007-05-31 --accept-not-assessable
jq -e --arg h "$headline" '.summary.status == "not_demonstrated" and .summary.headline == $h and .summary.accept_not_assessable' \
  "$tmp/out" > /dev/null || { echo "FAIL: --accept-not-assessable changed the words"; failed=1; }

# SARIF: each result points at the line and column where its requirement is written.
expect_status 1 "--format sarif" "$SPECAUDIT" check spec.yaml referrals.csv --format sarif
req_line=$(grep -n -- '- id: ' spec.yaml | head -1 | cut -d: -f1)
req_col=$(grep -- '- id: ' spec.yaml | head -1 | awk '{ print index($0, "id:") }')
jq -e --argjson l "$req_line" --argjson c "$req_col" \
  '.runs[0].results[0].locations[0].physicalLocation.region == {startLine: $l, startColumn: $c}' "$tmp/out" > /dev/null ||
  { echo "FAIL: SARIF result lacks the requirement's line $req_line:$req_col"; failed=1; }

# The commissioner's own duty (attestation, responsible: commissioner) is labelled as the
# commissioner's in every format: never as a system-wide row, never counted as a provider.
cd "$SA_TESTS_DIR/cases/attestation-commissioner"
expect_status 1 "commissioner's duty" "$SPECAUDIT" check spec.yaml declarations.csv --format text -o "$tmp/c.txt" \
  --format md -o "$tmp/c.md" --format csv -o "$tmp/c.csv" --format junit -o "$tmp/c.xml" \
  --format sarif -o "$tmp/c.sarif" --format html -o "$tmp/c.html"
label() { # file pattern what
  grep -q -- "$2" "$1" || { echo "FAIL: $3"; failed=1; }
}
label "$tmp/c.txt" "^  Commissioner: Vale PCT  Met" "text: the commissioner's row label"
label "$tmp/c.md" "| Commissioner: Vale PCT | ✅ Met |" "md: the commissioner's row label"
label "$tmp/c.csv" ",,Commissioner: Vale PCT,verdict,met," "csv: provider_name of the commissioner's row"
label "$tmp/c.xml" '<testsuite name="Commissioner: Vale PCT"' "junit: the commissioner's suite"
label "$tmp/c.xml" 'classname="attest-comm.commissioner"' "junit: the commissioner's class"
label "$tmp/c.sarif" '"fullyQualifiedName": "COM-2/commissioner"' "sarif: the commissioner's location"
label "$tmp/c.html" '<div class="name">Commissioner</div><div class="code">Vale PCT</div>' "html: the commissioner's card"
label "$tmp/c.html" '<dt>Providers</dt><dd>1</dd>' "html: the commissioner counted as a provider"
label "$tmp/c.html" "for the commissioner's own duties, one verdict for the commissioner" "html: the introduction's word on the commissioner's duties"
for f in c.txt c.md c.csv c.xml; do
  ! grep -q "System-wide" "$tmp/$f" || { echo "FAIL: $f labels the commissioner's duty system-wide"; failed=1; }
done
! grep -q 'class="provider system">System-wide' "$tmp/c.html" || { echo "FAIL: html has a System-wide column"; failed=1; }

[ $failed -eq 0 ] && echo "check CLI: all passed"
exit $failed
