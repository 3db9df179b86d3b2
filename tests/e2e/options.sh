#!/usr/bin/env bash
# Option syntax, the same for every command: --opt VALUE and --opt=VALUE,
# -oFILE and -o FILE, unique prefixes of long options, "--" ending options,
# and the format of a report taken from its -o extension (in any case); an
# extension that names no format, or one the command does not write, is a
# usage error (exit 2), never a silent text report.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # WANT DESCRIPTION COMMAND...: runs it, output in $tmp/out and $tmp/err
  local want=$1 what=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" = "$want" ] || { echo "FAIL: $what: exit $got, expected $want"; sed -n 1,5p "$tmp/err"; fail=1; }
}
has() { grep -q -- "$2" "$1" || { echo "FAIL: $3: $1 lacks '$2'"; fail=1; }; }
is_json() { jq -e . "$1" >/dev/null 2>&1 || { echo "FAIL: $2: $1 is not JSON"; fail=1; }; }
cd "$SA_TESTS_DIR/cases/proportion-not-met"
spec=spec.yaml
ret=referrals.csv

# ---- check: the proportion is not met, so a run that writes its report exits 1 ----
expect 1 "check -oFILE" "$SPECAUDIT" check "$spec" "$ret" -o"$tmp/a.json"
is_json "$tmp/a.json" "check -oFILE"
expect 1 "check --output=FILE" "$SPECAUDIT" check "$spec" "$ret" --output="$tmp/b.json"
is_json "$tmp/b.json" "check --output=FILE"
expect 1 "check --format=json" "$SPECAUDIT" check "$spec" "$ret" --format=json
is_json "$tmp/out" "check --format=json"
# -o x.JSON: the extension is matched in any case, so the report is JSON, not text
expect 1 "check -o x.JSON" "$SPECAUDIT" check "$spec" "$ret" -o "$tmp/x.JSON"
is_json "$tmp/x.JSON" "check -o x.JSON"
expect 1 "check -o x.Sarif" "$SPECAUDIT" check "$spec" "$ret" -o "$tmp/x.Sarif"
jq -e '.version == "2.1.0"' "$tmp/x.Sarif" >/dev/null || { echo "FAIL: -o x.Sarif is not SARIF"; fail=1; }
# no extension, or .txt: text
expect 1 "check -o report" "$SPECAUDIT" check "$spec" "$ret" -o "$tmp/report"
has "$tmp/report" "KPI-2" "check -o report (text)"
# an extension naming no format: exit 2, nothing written, the message says what to do
expect 2 "check -o x.pdf" "$SPECAUDIT" check "$spec" "$ret" -o "$tmp/x.pdf"
has "$tmp/err" "cannot tell the format of the report" "check -o x.pdf"
has "$tmp/err" "give --format" "check -o x.pdf"
[ ! -e "$tmp/x.pdf" ] || { echo "FAIL: check -o x.pdf wrote a report"; fail=1; }
# ... unless --format says which
expect 1 "check --format text -o x.pdf" "$SPECAUDIT" check "$spec" "$ret" --format text -o "$tmp/x.pdf"
has "$tmp/x.pdf" "KPI-2" "check --format text -o x.pdf"
# short options clustered and attached: -qj1 is -q -j 1
expect 1 "check -qj1" "$SPECAUDIT" check "$spec" "$ret" -qj1 --format json
is_json "$tmp/out" "check -qj1"
# a unique prefix of a long option
expect 1 "check --max-ex 1" "$SPECAUDIT" check "$spec" "$ret" --form json --max-ex 1
jq -e '(.results[0].examples.items | length) == 1' "$tmp/out" >/dev/null || { echo "FAIL: --max-ex 1"; fail=1; }
# "--" ends options: a return named like an option is read as a return
cp "$ret" "$tmp/-referrals.csv"
expect 1 "check -- -FILE" "$SPECAUDIT" check "$spec" --format json -- "referrals=$tmp/-referrals.csv"
is_json "$tmp/out" "check -- FILE"
(cd "$tmp" && cp "$OLDPWD/$spec" spec.yaml && "$SPECAUDIT" check spec.yaml --format json -- -referrals.csv >out 2>err)
[ $? = 1 ] || { echo "FAIL: check spec.yaml -- -referrals.csv"; sed -n 1,3p "$tmp/err"; fail=1; }
expect 2 "check -referrals.csv without --" "$SPECAUDIT" check "$spec" -referrals.csv
has "$tmp/err" "unknown option" "check -referrals.csv"
# missing values and unknown options name the option
expect 2 "check -o without a value" "$SPECAUDIT" check "$spec" "$ret" -o
has "$tmp/err" "option -o needs a value" "check -o"
expect 2 "check -Z" "$SPECAUDIT" check "$spec" "$ret" -Z
has "$tmp/err" "unknown option '-Z'" "check -Z"

# ---- lint, validate and diff take the format from -o too ----------------------------
expect 0 "lint -oFILE.JSON" "$SPECAUDIT" lint "$spec" -o"$tmp/l.JSON"
is_json "$tmp/l.JSON" "lint -o l.JSON"
expect 0 "lint -o FILE.sarif" "$SPECAUDIT" lint -o "$tmp/l.sarif" -- "$spec"
jq -e '.runs | length == 1' "$tmp/l.sarif" >/dev/null || { echo "FAIL: lint -o l.sarif"; fail=1; }
expect 2 "lint -o x.html (not a lint format)" "$SPECAUDIT" lint "$spec" -o "$tmp/l.html"
has "$tmp/err" "which lint does not write" "lint -o x.html"
expect 2 "lint -o x.yaml" "$SPECAUDIT" lint "$spec" -o "$tmp/l.yaml"
expect 0 "validate --output=FILE.json" "$SPECAUDIT" validate "$spec" "$ret" --output="$tmp/v.json"
is_json "$tmp/v.json" "validate --output=v.json"
expect 0 "validate -j1 -o FILE.xml" "$SPECAUDIT" validate -j1 "$spec" "$ret" -o "$tmp/v.xml"
has "$tmp/v.xml" "<testsuites" "validate -o v.xml (junit)"
expect 2 "validate -o x.md" "$SPECAUDIT" validate "$spec" "$ret" -o "$tmp/v.md"
cp "$spec" "$tmp/new.yaml"
expect 0 "diff -o FILE.Json" "$SPECAUDIT" diff "$spec" "$tmp/new.yaml" -o"$tmp/d.Json"
is_json "$tmp/d.Json" "diff -o d.Json"
expect 2 "diff -o x.csv" "$SPECAUDIT" diff "$spec" "$tmp/new.yaml" -o "$tmp/d.csv"
expect 0 "explain --max-depth=64" "$SPECAUDIT" explain --max-depth=64 -- "$spec" KPI-2

[ $fail -eq 0 ] && echo "options: all passed"
exit $fail
