#!/usr/bin/env bash
# `specaudit explain SPEC REQUIREMENT-ID` describes a requirement in plain
# English with its parsed expressions, and maps problems to exit codes:
# 0 explained, 1 the specification has errors, 2 usage or unknown id.
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
fail=0
check() { # description, command status, expected status
  if [ "$2" -ne "$3" ]; then echo "FAIL $1: exit status $2, expected $3"; fail=1; fi
}
contains() { # description, haystack, needle (bash matching: no process per check)
  if [[ "$2" != *"$3"* ]]; then
    echo "FAIL $1: output lacks: $3"; printf '%s\n' "$2" | sed 's/^/  | /'; fail=1
  fi
}

out=$("$SPECAUDIT" explain "$SA_SOURCE_DIR/specs/county-spc.yaml" KPI-2 2>&1)
check "explain KPI-2" $? 0
contains "explain KPI-2" "$out" "KPI-2: Urgent referrals contacted within 24 hours"
contains "explain KPI-2" "$out" "Severity       critical"
contains "explain KPI-2" "$out" "Counts rows    where urgency is \"urgent\""
contains "explain KPI-2" "$out" "Meets when     the hours from received_at to first_contact_at is at most 24"
contains "explain KPI-2" "$out" "Leaves out     rows where exclusion_reason is recorded"
contains "explain KPI-2" "$out" "Target         at least 90% (>= 90%), each month"
contains "explain KPI-2" "$out" "  where:   urgency == 'urgent'"
contains "explain KPI-2" "$out" "  meets:   hours_between(received_at, first_contact_at) <= 24"
contains "explain KPI-2" "$out" "is not met, and is reported"
# An administrative duty counts working days, and says which days those are.
out=$("$SPECAUDIT" explain "$SA_SOURCE_DIR/specs/county-spc.yaml" KPI-3 2>&1)
check "explain KPI-3" $? 0
contains "explain KPI-3" "$out" "Meets when     the working days from first_contact_at to gp_letter_on (Monday to Friday, not counting England and Wales bank holidays) is at most 2"
contains "explain KPI-3" "$out" "  meets:   working_days_between(first_contact_at, gp_letter_on) <= 2"
# A specification's own closure days count as holidays too.
tmp_spec=$(mktemp --suffix=.yaml)
sed 's/^  region: england-and-wales$/&\n  extra_holidays: [2007-12-27]/' "$SA_SOURCE_DIR/specs/county-spc.yaml" >"$tmp_spec"
out=$("$SPECAUDIT" explain "$tmp_spec" KPI-3 2>&1)
check "explain KPI-3 with extra holidays" $? 0
contains "explain KPI-3 with extra holidays" "$out" "(Monday to Friday, not counting England and Wales bank holidays or the specification's extra holidays) is at most 2"
rm -f "$tmp_spec"

# Every requirement of every bundled example can be explained.
for spec in "$SA_SOURCE_DIR"/specs/*.yaml; do
  for id in $(grep -E '^  - id: ' "$spec" | sed 's/^  - id: *//'); do
    out=$("$SPECAUDIT" explain "$spec" "$id" 2>&1)
    rc=$?
    check "explain $(basename "$spec") $id" $rc 0
    contains "explain $(basename "$spec") $id" "$out" "$id: "
    contains "explain $(basename "$spec") $id" "$out" "What is checked"
  done
done

# A spec with expression errors: explained as written, with the errors, exit 1.
out=$("$SPECAUDIT" explain "$SA_TESTS_DIR/fixtures/expr/type-errors.yaml" DATE-VS-STRING 2>&1)
check "explain an invalid spec" $? 1
contains "explain an invalid spec" "$out" "received_at >= '2007-06-05'  [not valid: see the diagnostics]"
contains "explain an invalid spec" "$out" "type-errors.yaml:25:29: error[E-EXPR-TYPE]"

out=$("$SPECAUDIT" explain "$SA_SOURCE_DIR/specs/county-spc.yaml" KPI-99 2>&1)
check "unknown requirement" $? 2
contains "unknown requirement" "$out" "no requirement 'KPI-99'"
contains "unknown requirement" "$out" "KPI-2"

"$SPECAUDIT" explain "$SA_SOURCE_DIR/specs/county-spc.yaml" >/dev/null 2>&1
check "missing argument" $? 2
"$SPECAUDIT" explain /nonexistent/spec.yaml KPI-2 >/dev/null 2>&1
check "unreadable spec" $? 2
"$SPECAUDIT" explain --bogus a b >/dev/null 2>&1
check "unknown option" $? 2
out=$("$SPECAUDIT" explain --help 2>&1)
check "help" $? 0
contains "help" "$out" "usage: specaudit explain SPEC REQUIREMENT-ID"

[ $fail -eq 0 ] && echo "ok: explain"
exit $fail
