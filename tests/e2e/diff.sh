#!/usr/bin/env bash
# specaudit diff on pairs of specifications and agreements.
#
# Each tests/fixtures/diff/<case>/ holds old.{yaml,xml}, new.{yaml,xml} and
# `expected`: one line per change, in order, "class: subject: what", where
# the line printed (after its file:line:col) must start with the expected
# line. The fixtures are small on purpose: each changes one thing.
set -euo pipefail
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
fixtures=$SA_TESTS_DIR/fixtures/diff
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cases=0
for dir in "$fixtures"/*/; do
  dir=${dir%/}
  name=${dir##*/}
  old=("$dir"/old.*)
  old=${old[0]}
  new=("$dir"/new.*)
  new=${new[0]}
  # one run per format, each with a different --fail-on, to keep the suite fast
  expect_rc() { # class -> the exit code --fail-on class must give
    if [ "$1" = any ]; then [ "$want" -eq 0 ] && echo 0 || echo 1
    else
      local line
      for line in "${expected[@]}"; do [[ "$line" == "$1: "* ]] && { echo 1; return; }; done
      echo 0
    fi
  }
  mapfile -t expected <"$dir/expected"
  want=${#expected[@]}
  rc=0
  "$SPECAUDIT" diff --fail-on removed "$old" "$new" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq "$(expect_rc removed)" ] || bad "$name: --fail-on removed exit $rc"
  [ -s "$tmp/err" ] && bad "$name: unexpected stderr: $(cat "$tmp/err")"
  # drop the header and the summary, then the position prefix
  mapfile -t actual < <(sed -E '1d;$d;s/^[^ ]+:[0-9]+(:[0-9]+)?: //' "$tmp/out")
  if [ "$want" -ne "${#actual[@]}" ]; then
    bad "$name: expected $want changes, found ${#actual[@]}"
    cat "$tmp/out"
  else
    for ((i = 0; i < want; i++)); do
      [[ "${actual[i]}" == "${expected[i]}"* ]] ||
        bad "$name: change $((i + 1)): expected '${expected[i]}...', found '${actual[i]}'"
    done
  fi
  # the summary agrees with the list
  if [ "$want" -eq 0 ]; then
    [ "$(tail -1 "$tmp/out")" = "no changes" ] || bad "$name: summary '$(tail -1 "$tmp/out")'"
  else
    tail -1 "$tmp/out" | grep -Eq "^$want changes?: " || bad "$name: summary '$(tail -1 "$tmp/out")'"
  fi
  # The renderers are covered under sanitizers by the unit tests: there, the
  # Markdown and JSON runs are done for every fourth case only.
  if [ -n "${SA_SANITIZED:-}" ] && [ $((cases % 4)) -ne 0 ]; then
    cases=$((cases + 1))
    continue
  fi
  # Markdown: one table row per change (plus the header row)
  rc=0
  "$SPECAUDIT" diff --format md --fail-on any "$old" "$new" >"$tmp/md" || rc=$?
  [ "$rc" -eq "$(expect_rc any)" ] || bad "$name: --fail-on any exit $rc"
  rows=$(grep -c '^| ' "$tmp/md" || true)
  if [ "$want" -eq 0 ]; then [ "$rows" -eq 0 ] || bad "$name: md has $rows rows"
  else [ "$rows" -eq $((want + 1)) ] || bad "$name: md has $rows rows for $want changes"; fi
  # JSON: the same number of changes
  rc=0
  "$SPECAUDIT" diff --format json --fail-on loosened "$old" "$new" >"$tmp/json" || rc=$?
  [ "$rc" -eq "$(expect_rc loosened)" ] || bad "$name: --fail-on loosened exit $rc"
  n=$(grep -c '"class": ' "$tmp/json" || true)
  [ "$n" -eq "$want" ] || bad "$name: json has $n changes, expected $want"
  grep -q "\"total\": $want," "$tmp/json" || bad "$name: json summary total"
  if command -v jq >/dev/null; then
    jq -e --argjson n "$want" '.diffs | length == 1 and (.[0].changes | length) == $n' "$tmp/json" \
      >/dev/null || bad "$name: json does not parse or has the wrong shape"
  fi
  cases=$((cases + 1))
done
[ "$cases" -ge 20 ] || bad "only $cases diff cases"

# -o writes the report to a file, nothing to stdout
one=$fixtures/target-tightened
"$SPECAUDIT" diff --format md -o "$tmp/report.md" "$one/old.yaml" "$one/new.yaml" >"$tmp/stdout"
[ -s "$tmp/stdout" ] && bad "-o: output also on stdout"
grep -q '| tightened | requirement KPI-2 | target &gt;= 85% -&gt; &gt;= 90% |' "$tmp/report.md" \
  || bad "-o: report lacks the tightened row"

# the old version from standard input (as from `git show REV:path`)
out=$("$SPECAUDIT" diff --fail-on tightened - "$one/new.yaml" <"$one/old.yaml") && bad "stdin: exit 0, expected 1"
grep -q ': tightened: requirement KPI-2: target >= 85% -> >= 90%$' <<<"$out" || bad "stdin: '$out'"

# colour only on a terminal, and never with NO_COLOR (script(1) provides the terminal)
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
  esc=$'\033'
  tty_out=$(env -u NO_COLOR script -qec "'$SPECAUDIT' diff '$one/old.yaml' '$one/new.yaml'" /dev/null)
  [[ "$tty_out" == *": ${esc}[32mtightened${esc}[0m: requirement KPI-2"* ]] || bad "terminal: no colour"
  tty_out=$(NO_COLOR=1 script -qec "'$SPECAUDIT' diff '$one/old.yaml' '$one/new.yaml'" /dev/null)
  [[ "$tty_out" == *"$esc"* ]] && bad "NO_COLOR: colour used"
  out=$("$SPECAUDIT" diff "$one/old.yaml" "$one/new.yaml" | cat)
  [[ "$out" == *"$esc"* ]] && bad "pipe: colour used"
fi

# usage errors and unreadable inputs: exit 2
expect2() {
  local rc=0
  "$SPECAUDIT" diff "$@" >/dev/null 2>"$tmp/err2" || rc=$?
  [ "$rc" -eq 2 ] || bad "diff $*: exit $rc, expected 2"
  [ -s "$tmp/err2" ] || bad "diff $*: no message on stderr"
}
expect2 "$one/old.yaml"
expect2 "$one/old.yaml" "$one/new.yaml" "$one/new.yaml"
expect2 "$one/old.yaml" "$tmp/missing.yaml"
expect2 "$one/old.yaml" "$tmp"
expect2 --format xml "$one/old.yaml" "$one/new.yaml"
expect2 --fail-on stricter "$one/old.yaml" "$one/new.yaml"
expect2 --no-such-option "$one/old.yaml" "$one/new.yaml"
expect2 -o "$tmp/no/such/dir/out.md" "$one/old.yaml" "$one/new.yaml"
expect2 "$one/old.yaml" "$fixtures/agreement-not-bumped/new.xml"
[ -e "$tmp/no/such/dir/out.md" ] && bad "-o into a missing directory left a file"
# -o naming an input is refused, and the input is left as it was
cp "$one/new.yaml" "$tmp/input.yaml"
sum=$(cksum <"$tmp/input.yaml")
expect2 -o "$tmp/input.yaml" "$one/old.yaml" "$tmp/input.yaml"
grep -q 'E-IO-OUTPUT-IS-INPUT' "$tmp/err2" || bad "-o input: no E-IO-OUTPUT-IS-INPUT"
[ "$(cksum <"$tmp/input.yaml")" = "$sum" ] || bad "-o input: the input was overwritten"
"$SPECAUDIT" diff --help | grep -q -- '--fail-on' || bad "diff --help lacks --fail-on"
# a new version that does not lint is refused (exit 2, its errors named), and
# nothing is classified; an old version with errors is still compared
cp "$one/new.yaml" "$tmp/broken.yaml"
printf 'no_such_key: 1\n' >>"$tmp/broken.yaml"
expect2 "$one/old.yaml" "$tmp/broken.yaml"
grep -q "broken.yaml:$(wc -l <"$tmp/broken.yaml"):1: error\[E-SPEC-UNKNOWN-KEY\]" "$tmp/err2" ||
  bad "new file with errors: error not reported: $(cat "$tmp/err2")"
grep -q 'not compared' "$tmp/err2" || bad "new file with errors: no word that nothing was compared"
agr=$fixtures/agreement-not-bumped
sed 's/<reporting /<reporting bogus="1" /' "$agr/new.xml" >"$tmp/broken.xml"
expect2 "$agr/old.xml" "$tmp/broken.xml"
grep -q 'E-AGR-SCHEMA' "$tmp/err2" || bad "new agreement breaking the schema: $(cat "$tmp/err2")"
rc=0
"$SPECAUDIT" diff "$tmp/broken.yaml" "$one/new.yaml" >"$tmp/out" 2>"$tmp/err2" || rc=$?
[ "$rc" -eq 0 ] || bad "old file with errors: exit $rc, expected 0"
grep -q 'E-SPEC-UNKNOWN-KEY' "$tmp/err2" || bad "old file with errors: its errors are not shown"
grep -q '^no changes$' "$tmp/out" || bad "old file with errors: not compared: $(cat "$tmp/out")"

# the bundled examples compare clean with themselves
for spec in "$SA_SOURCE_DIR"/specs/*.yaml; do
  out=$("$SPECAUDIT" diff --fail-on any "$spec" "$spec") || bad "$(basename "$spec"): differs from itself"
  [ "$(tail -1 <<<"$out")" = "no changes" ] || bad "$(basename "$spec"): '$out'"
done

[ "$fail" -eq 0 ] && echo "diff: $cases cases passed"
exit $fail
