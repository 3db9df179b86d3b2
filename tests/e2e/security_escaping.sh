#!/usr/bin/env bash
# security_escaping.sh — provider names, requirement titles, agreement
# reasons and return cells carrying HTML, spreadsheet-formula and terminal
# payloads (tests/hostile/reports/) come out inert in every report format:
# HTML escaped (no element or handler injected), CSV cells never evaluated
# as formulas, JSON and JUnit well-formed with the names intact, Markdown
# tables intact, no raw terminal control characters.
set -u
. "$SA_TESTS_DIR/hostile/lib.sh"
D=$HOSTILE/reports
spec=$D/spec.yaml
if ! command -v python3 >/dev/null; then
  sa_skip "python3 is needed to parse the reports"
  sa_finish
  exit
fi
if ! sa_available check; then
  sa_skip "check: not available in this build"
  sa_finish
  exit
fi
for agreements in none all; do
  agr=()
  [ $agreements = all ] && agr=("$D"/agreement-*.xml)
  for fmt in text json junit html csv md sarif; do
    name="escape-$agreements-$fmt"
    out="$TMP/$name.$fmt"
    sa_expect "$name" "0 1" '' -- check --format "$fmt" -o "$out" "$spec" "${agr[@]}" "referrals=$D/referrals.csv"
    if [ ! -s "$out" ]; then
      sa_fail "$name: no report written"
      continue
    fi
    if ! python3 "$D/check_outputs.py" "$fmt" "$out" >"$TMP/$name.problems" 2>&1; then
      sa_fail "$name: $(wc -l <"$TMP/$name.problems") problem(s)"
      head -8 "$TMP/$name.problems" | sed 's/^/    | /'
    fi
  done
done
# the text report on standard output, as a terminal would receive it
sa_expect escape-stdout "0 1" '' -- check "$spec" "referrals=$D/referrals.csv"
if python3 "$D/check_outputs.py" text "$TMP/escape-stdout.out" >"$TMP/stdout.problems" 2>&1; then :; else
  sa_fail "escape-stdout: $(head -1 "$TMP/stdout.problems")"
fi
sa_finish
