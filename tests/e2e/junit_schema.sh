#!/usr/bin/env bash
# Every JUnit report specaudit writes (lint, validate, check) is valid against
# the Jenkins xUnit plugin's schema, tests/schemas/junit-10.xsd, and has the
# shape GitLab's JUnit parser reads (lib/gitlab/ci/parsers/test/junit.rb):
# one <testsuites> root, test cases directly inside a <testsuite>, a case's
# status taken from its first failure, error or skipped child, and the text
# of that child shown as the detail (so it must not be empty).
set -uo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
command -v xmllint >/dev/null || { echo "FAIL: xmllint is needed (Debian: libxml2-utils)"; exit 1; }
xsd=$SA_TESTS_DIR/schemas/junit-10.xsd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
n=0

count() { xmllint --xpath "count($2)" "$1" 2>/dev/null; }

# check_junit NAME FILE: the schema, then GitLab's reading of it.
check_junit() {
  local name=$1 f=$2
  n=$((n + 1))
  xmllint --noout --schema "$xsd" "$f" 2>"$tmp/xsd.log" || { cat "$tmp/xsd.log"; bad "$name: not valid against junit-10.xsd"; return; }
  [ "$(count "$f" '/testsuites')" = 1 ] || bad "$name: the root is not <testsuites>"
  [ "$(count "$f" '//testcase')" -ge 1 ] || bad "$name: no test case"
  [ "$(count "$f" '//testcase[not(parent::testsuite)]')" = 0 ] || bad "$name: a test case outside a <testsuite>"
  [ "$(count "$f" '//testcase[not(@name) or @name=""]')" = 0 ] || bad "$name: a test case without a name"
  [ "$(count "$f" '//testcase[count(failure|error|skipped) > 1]')" = 0 ] || bad "$name: a case with two statuses"
  [ "$(count "$f" '//failure[normalize-space(.)=""] | //error[normalize-space(.)=""] | //skipped[normalize-space(.)=""]')" = 0 ] ||
    bad "$name: a failure, error or skipped element without text (GitLab would show no detail)"
  # the suite counts agree with the cases
  local s
  for s in $(seq 1 "$(count "$f" '//testsuite')"); do
    local p="(//testsuite)[$s]"
    [ "$(count "$f" "$p/testcase")" = "$(xmllint --xpath "string($p/@tests)" "$f")" ] || bad "$name: suite $s tests= differs from its cases"
    [ "$(count "$f" "$p/testcase[failure]")" = "$(xmllint --xpath "string($p/@failures)" "$f")" ] || bad "$name: suite $s failures= differs"
    [ "$(count "$f" "$p/testcase[error]")" = "$(xmllint --xpath "string($p/@errors)" "$f")" ] || bad "$name: suite $s errors= differs"
  done
}

ex=$SA_SOURCE_DIR/specs
fx=$SA_TESTS_DIR/fixtures

# lint: clean files, files with errors and warnings, an unreadable file
"$SPECAUDIT" lint --format junit -o "$tmp/lint-clean.xml" "$ex"/*.yaml >/dev/null 2>&1
check_junit lint-clean "$tmp/lint-clean.xml"
"$SPECAUDIT" lint --format junit -o "$tmp/lint-errors.xml" "$ex"/*.yaml "$ex"/*/*.xml \
  "$fx/spec/invalid/unknown-dataset.yaml" >/dev/null 2>&1
check_junit lint-errors "$tmp/lint-errors.xml"
[ "$(count "$tmp/lint-errors.xml" '//testcase[failure]')" -ge 1 ] || bad "lint-errors: no failed case"
"$SPECAUDIT" lint --format junit -o "$tmp/lint-missing.xml" "$ex/county-spc.yaml" "$tmp/missing.yaml" >/dev/null 2>&1
check_junit lint-missing "$tmp/lint-missing.xml"

# validate: a clean return and returns with data errors
"$SPECAUDIT" validate --format junit -o "$tmp/validate.xml" "$fx/returns/spec.yaml" \
  "$fx"/returns/referrals-0[0-3]-*.csv >/dev/null 2>&1
check_junit validate "$tmp/validate.xml"
[ "$(count "$tmp/validate.xml" '//testcase[failure]')" -ge 1 ] || bad "validate: no failed case"

# check: every bundled example with returns (met, not met, waived, excluded, not assessable)
for spec in "$ex"/*.yaml; do
  name=$(basename "$spec" .yaml)
  ls "$ex/$name"/returns/*.csv >/dev/null 2>&1 || continue
  "$SPECAUDIT" check "$spec" "$ex/$name"/*.xml "$ex/$name"/returns/*.csv --format junit \
    -o "$tmp/check-$name.xml" >/dev/null 2>&1
  check_junit "check-$name" "$tmp/check-$name.xml"
done
# and the golden reports, which hold every verdict
for f in "$SA_TESTS_DIR"/golden/report/*.junit.xml; do
  check_junit "golden $(basename "$f")" "$f"
done

# a report of the schema's own: the test can fail
printf '<testsuites skipped="1"><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c"/></testsuite></testsuites>\n' >"$tmp/bad.xml"
xmllint --noout --schema "$xsd" "$tmp/bad.xml" 2>/dev/null && bad "the schema accepts testsuites@skipped"

[ "$fail" -eq 0 ] && echo "junit_schema: $n reports valid"
exit $fail
