#!/usr/bin/env bash
# specaudit lint from the command line: help, usage errors, exit statuses
# (0 clean, 1 problems, 2 usage or unreadable input), every output format,
# atomic -o output, and an alias bomb rejected fast with bounded memory.
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME WANT_STATUS GOT_STATUS
  if [ "$2" -ne "$3" ]; then echo "FAIL $1: exit status $3, expected $2"; fail=1; fi
}
has() { # has NAME FILE PATTERN
  if ! grep -qE -- "$3" "$2"; then echo "FAIL $1: no /$3/ in output:"; sed 's/^/  | /' "$2"; fail=1; fi
}
valid=$SA_TESTS_DIR/fixtures/spec/valid/minimal.yaml
invalid=$SA_TESTS_DIR/fixtures/spec/invalid/unknown-dataset.yaml

"$SPECAUDIT" lint --help >"$tmp/out" 2>&1; check help 0 $?
has help "$tmp/out" '^usage: specaudit lint'
has help "$tmp/out" '--format'
"$SPECAUDIT" --help >"$tmp/out" 2>&1; check main-help 0 $?
has main-help "$tmp/out" 'lint'
"$SPECAUDIT" --version >"$tmp/out" 2>&1; check version 0 $?
has version "$tmp/out" '^specaudit [0-9]+\.[0-9]+'

"$SPECAUDIT" lint >"$tmp/out" 2>&1; check no-files 2 $?
has no-files "$tmp/out" 'expected at least one'
"$SPECAUDIT" lint --bogus "$valid" >"$tmp/out" 2>&1; check bad-option 2 $?
has bad-option "$tmp/out" "unknown option '--bogus'"
"$SPECAUDIT" lint --format html "$valid" >"$tmp/out" 2>&1; check bad-format 2 $?
has bad-format "$tmp/out" 'text, json, sarif or junit'
"$SPECAUDIT" lint --format >"$tmp/out" 2>&1; check format-without-value 2 $?

"$SPECAUDIT" lint "$valid" >"$tmp/out" 2>&1; check clean 0 $?
has clean "$tmp/out" '^0 errors, 0 warnings in 1 file$'
"$SPECAUDIT" lint "$valid" "$invalid" >"$tmp/out" 2>&1; check problems 1 $?
has problems "$tmp/out" 'unknown-dataset.yaml:28:16: error\[E-SPEC-UNKNOWN-DATASET\]'
has problems "$tmp/out" '^1 error, 0 warnings in 2 files$'
"$SPECAUDIT" lint "$tmp/missing.yaml" >"$tmp/out" 2>&1; check missing 2 $?
has missing "$tmp/out" 'missing.yaml: error\[E-IO-NOT-FOUND\]'
"$SPECAUDIT" lint "$tmp" >"$tmp/out" 2>&1; check directory 2 $?
has directory "$tmp/out" 'E-IO-IS-DIRECTORY'
# an unreadable input outranks problems found in the others, which are still reported
"$SPECAUDIT" lint "$invalid" "$tmp/missing.yaml" >"$tmp/out" 2>&1; check missing-and-invalid 2 $?
has missing-and-invalid "$tmp/out" 'E-SPEC-UNKNOWN-DATASET'
# a spec on standard input
"$SPECAUDIT" lint - <"$invalid" >"$tmp/out" 2>&1; check stdin 1 $?
has stdin "$tmp/out" '^-:28:16: error\[E-SPEC-UNKNOWN-DATASET\]'

# every problem of a file in one run
"$SPECAUDIT" lint "$SA_TESTS_DIR/fixtures/spec/invalid/unknown-key-check.yaml" >"$tmp/out" 2>&1; check all-problems 1 $?
[ "$(grep -c 'error\[' "$tmp/out")" -eq 2 ] || { echo "FAIL all-problems: expected 2 errors"; cat "$tmp/out"; fail=1; }

# formats
"$SPECAUDIT" lint --format json "$valid" "$invalid" >"$tmp/out.json" 2>&1; check json 1 $?
has json "$tmp/out.json" '"code": "E-SPEC-UNKNOWN-DATASET"'
"$SPECAUDIT" lint --format=sarif -o "$tmp/lint.sarif" "$valid" "$invalid" >"$tmp/out" 2>&1; check sarif 1 $?
has sarif "$tmp/lint.sarif" '"version": "2.1.0"'
has sarif "$tmp/lint.sarif" '"ruleId": "E-SPEC-UNKNOWN-DATASET"'
has sarif "$tmp/lint.sarif" '"startLine": 28, "startColumn": 16'
"$SPECAUDIT" lint --format junit --output "$tmp/lint.xml" "$valid" "$invalid" >"$tmp/out" 2>&1; check junit 1 $?
has junit "$tmp/lint.xml" '<testcase classname="specaudit lint" name="[^"]*minimal.yaml"/>'
has junit "$tmp/lint.xml" '<failure type="E-SPEC-UNKNOWN-DATASET"'
if command -v xmllint >/dev/null; then
  xmllint --noout "$tmp/lint.xml" || { echo "FAIL junit: not well-formed"; fail=1; }
fi
if command -v python3 >/dev/null; then
  python3 - "$tmp/lint.sarif" "$tmp/out.json" <<'PY' || fail=1
import json, sys
s = json.load(open(sys.argv[1]))
run = s["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert s["version"] == "2.1.0" and rules, "sarif header"
for r in run["results"]:
    assert r["ruleId"] in rules and rules[r["ruleIndex"]] == r["ruleId"], r
    assert r["level"] in ("error", "warning", "note"), r
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] and loc["region"]["startLine"] >= 1, r
j = json.load(open(sys.argv[2]))
assert j["summary"]["errors"] == 1 and len(j["diagnostics"]) == 1, j
PY
fi
"$SPECAUDIT" lint -o "$tmp/lint.txt" "$valid" >"$tmp/out" 2>&1; check text-to-file 0 $?
has text-to-file "$tmp/lint.txt" '^0 errors, 0 warnings in 1 file$'
[ -s "$tmp/out" ] && { echo "FAIL text-to-file: stdout not empty"; fail=1; }
"$SPECAUDIT" lint -o "$tmp/no/such/dir/lint.txt" "$valid" >"$tmp/out" 2>&1; check unwritable-output 2 $?
has unwritable-output "$tmp/out" 'E-IO-WRITE'

# the report never overwrites an input
cp "$invalid" "$tmp/target.yaml"
sum=$(cksum <"$tmp/target.yaml")
"$SPECAUDIT" lint -o "$tmp/target.yaml" "$tmp/target.yaml" >"$tmp/out" 2>&1; check output-is-input 2 $?
has output-is-input "$tmp/out" 'error\[E-IO-OUTPUT-IS-INPUT\]'
[ "$(cksum <"$tmp/target.yaml")" = "$sum" ] || { echo "FAIL output-is-input: the input was overwritten"; fail=1; }

# alias bomb: 10 000 alias references (10^1000 nodes if expanded)
{
  echo "specaudit: 1"
  echo "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"
  for i in $(seq 1 1000); do
    p=$((i - 1)); echo "l$i: &l$i [*l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p, *l$p]"
  done
} >"$tmp/bomb.yaml"
# CPU time (user + system), robust against a busy machine
TIMEFORMAT='%3U %3S'
if [ -z "${SA_SANITIZED:-}" ] && [ -z "${SA_VALGRIND:-}" ]; then
  { time (ulimit -v 262144; "$SPECAUDIT" lint "$tmp/bomb.yaml" >"$tmp/out" 2>&1; echo $? >"$tmp/rc"); } 2>"$tmp/time"
else
  { time ("$SPECAUDIT" lint "$tmp/bomb.yaml" >"$tmp/out" 2>&1; echo $? >"$tmp/rc"); } 2>"$tmp/time"
fi
check alias-bomb 1 "$(cat "$tmp/rc")"
has alias-bomb "$tmp/out" 'bomb.yaml:[0-9]+:[0-9]+: error\[E-SPEC-ALIAS-LIMIT\]'
ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/time")
if [ "$ms" -ge 1000 ]; then echo "FAIL alias-bomb: took ${ms} ms of CPU (limit 1000)"; fail=1; fi

[ $fail -eq 0 ] && echo "ok: lint command line (alias bomb rejected in ${ms} ms of CPU)"
exit $fail
