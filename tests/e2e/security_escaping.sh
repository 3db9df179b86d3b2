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

# ---- control characters from YAML and XML values, through every command -----------
# A newline in a value must not start a line of its own (a GitHub `::error`
# workflow command, a fake `file:line:col: error[...]` diagnostic), and ESC,
# OSC and BEL must not reach the terminal, in lint (every format), explain,
# diff and check.
forged() { # NAME FILE...: fails when an output line is forged or holds a raw control
  local name=$1
  shift
  if grep -aqE '^(::error|[^ ]*:1:1: error\[E-FORGED)' "$@" || LC_ALL=C grep -aqP '[\x07\x1b]' "$@"; then
    sa_fail "$name: a value forged an output line or reached it raw"
    LC_ALL=C grep -anP '^(::error|[^ ]*:1:1: error\[E-FORGED)|[\x07\x1b]' "$@" | head -3 | cat -v | sed 's/^/    | /'
  else
    echo "ok   $name: no forged line, no raw control"
    passes=$((passes + 1))
  fi
}
F=$TMP/forge
mkdir -p "$F"
# (YAML escapes, doubled for sed: the files hold \n, \e and \a)
gh='\\n::error file=specs/county-spc.yaml,line=1::forged'
term='\\e[2J\\e]0;owned\\a'
sed -e "s|^title: .*|title: \"Forged$gh$term\"|" \
    -e "0,/^    title: .*/s||    title: \"Urgent$gh\\\\nspecs/x.yaml:1:1: error[E-FORGED]: forged$term\"|" "$spec" >"$F/spec.yaml"
sed "s|^id: .*|id: \"R1$gh$term\"|" "$F/spec.yaml" >"$F/bad-id.yaml"
cat >"$F/agreement.xml" <<'EOX'
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:specaudit:agreement:1" id="HOA-F" version="1">
  <commissioner code="5XX">Countyshire PCT</commissioner>
  <provider code="8HX01" kind="hospice">St Aldhelm&#10;specs/x.yaml:1:1: error[E-FORGED]: forged&#27;[2J</provider>
  <term from="2007-04-01" to="2008-03-31"/>
  <specification id="x&#10;::error file=a,line=1::forged" version="1"/>
  <exclude requirement="NOPE&#10;specs/x.yaml:1:1: error[E-FORGED]: forged&#7;" reason="r"/>
</agreement>
EOX
for fmt in text json sarif junit; do
  sa_run forge/lint-$fmt -- lint --format "$fmt" "$F/bad-id.yaml" "$F/agreement.xml"
  forged forge/lint-$fmt "$TMP/forge/lint-$fmt.out" "$TMP/forge/lint-$fmt.err"
done
req=$(awk '/^  - id:/ { print $3; exit }' "$spec")
sa_run forge/explain -- explain "$F/spec.yaml" "$req"
forged forge/explain "$TMP/forge/explain.out" "$TMP/forge/explain.err"
sa_run forge/diff -- diff "$spec" "$F/spec.yaml"
forged forge/diff "$TMP/forge/diff.out" "$TMP/forge/diff.err"
sa_run forge/check -- check "$F/spec.yaml" "referrals=$D/referrals.csv"
forged forge/check "$TMP/forge/check.out" "$TMP/forge/check.err"
sa_run forge/check-agreement -- check "$F/spec.yaml" "$F/agreement.xml" "referrals=$D/referrals.csv"
forged forge/check-agreement "$TMP/forge/check-agreement.out" "$TMP/forge/check-agreement.err"
grep -q 'Forged' "$TMP/forge/explain.out" "$TMP/forge/diff.out" || sa_fail "forge: the forged values were not printed at all"
sa_finish
