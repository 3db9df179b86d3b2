#!/usr/bin/env bash
# specaudit diff --git REV on a temporary repository: changed, added and
# deleted specifications and agreements are compared; other YAML and XML
# files are left alone; a bad revision is a usage error.
set -euo pipefail
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
if ! command -v git >/dev/null; then
  echo "git not installed: skipped"
  exit 0
fi
fixtures=$SA_TESTS_DIR/fixtures/diff
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

repo=$tmp/repo
mkdir -p "$repo/specs/diff-case" "$repo/.github/workflows"
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
cd "$repo"
git init -q -b main . 2>/dev/null || { git init -q . && git checkout -q -b main; }
cp "$fixtures/target-tightened/old.yaml" specs/diff-case.yaml
cp "$fixtures/requirement-removed/old.yaml" specs/other.yaml
cp "$fixtures/agreement-exclusion-and-waiver/old.xml" specs/diff-case/8HX01.xml
printf 'on: push\njobs: {}\n' >.github/workflows/ci.yml
mkdir -p specs/diff-case/returns && printf 'referral_id,provider\nR1,8HX01\n' >specs/diff-case/returns/referrals.csv
printf '# notes\n' >specs/NOTES.md
git add -A && git commit -qm base
base=$(git rev-parse HEAD)

# edits: one spec tightened, one agreement changed, one spec deleted, one added,
# and a pipeline file (YAML that is not a specification)
cp "$fixtures/target-tightened/new.yaml" specs/diff-case.yaml
cp "$fixtures/agreement-exclusion-and-waiver/new.xml" specs/diff-case/8HX01.xml
git rm -q specs/other.yaml
mkdir -p specs/new && cp "$fixtures/window-widened/new.yaml" specs/new/added.yaml
git add specs/new/added.yaml
printf 'on: [push, pull_request]\njobs: {}\n' >.github/workflows/ci.yml
printf 'R2,8HX01\n' >>specs/diff-case/returns/referrals.csv
printf 'more\n' >>specs/NOTES.md

rc=0
"$SPECAUDIT" diff --git "$base" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 0 ] || bad "--git: exit $rc: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && bad "--git: unexpected stderr: $(cat "$tmp/err")"
grep -q "^$base:specs/diff-case.yaml -> specs/diff-case.yaml: specification diff-case 1 -> 2$" "$tmp/out" \
  || bad "--git: no header for the changed spec"
grep -q "^specs/diff-case.yaml:[0-9]*:[0-9]*: tightened: requirement KPI-2: target >= 85% -> >= 90%$" "$tmp/out" \
  || bad "--git: tightened target not reported at its line in the working-tree file"
grep -q ": loosened: requirement SPC-8: waiver extended" "$tmp/out" || bad "--git: agreement not compared"
grep -q "^$base:specs/other.yaml:[0-9]*:[0-9]*: removed: specification: specification diff-case 1 removed$" "$tmp/out" \
  || bad "--git: deleted spec not reported as removed"
grep -q "^specs/new/added.yaml:[0-9]*:[0-9]*: added: specification: specification diff-case 2 added$" "$tmp/out" \
  || bad "--git: added spec not reported"
grep -Eq "workflows|referrals.csv|NOTES.md" "$tmp/out" && bad "--git: a file that is not a specification or agreement was compared"
grep -q "^4 files: " "$tmp/out" || bad "--git: expected 4 files compared: $(tail -1 "$tmp/out")"

# --fail-on: removed requirements in the deleted spec
rc=0
"$SPECAUDIT" diff --git "$base" --fail-on removed >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 1 ] || bad "--git --fail-on removed: exit $rc"

# FILES limit the comparison; the old side is read through git even from a subdirectory
mkdir -p sub && cd sub
rc=0
"$SPECAUDIT" diff --git "$base" --format json --fail-on loosened -- ../specs/diff-case.yaml >"$tmp/json" || rc=$?
[ "$rc" -eq 0 ] || bad "--git FILE: exit $rc (only a tightening in that file)"
n=$(grep -c '"kind": ' "$tmp/json" || true)
[ "$n" -eq 1 ] || bad "--git FILE: $n files compared, expected 1"
grep -q '"what": "target >= 85% -> >= 90%"' "$tmp/json" || bad "--git FILE: target change missing"
cd "$repo"

# Markdown for a pull-request comment: one section per file
"$SPECAUDIT" diff --git "$base" --format md -o "$tmp/comment.md"
[ "$(grep -c '^### ' "$tmp/comment.md")" -eq 4 ] || bad "--git md: expected 4 sections"

# -o naming a compared file is refused and leaves it alone
sum=$(cksum <specs/diff-case.yaml)
rc=0
"$SPECAUDIT" diff --git "$base" -o specs/diff-case.yaml >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || bad "--git -o input: exit $rc"
[ "$(cksum <specs/diff-case.yaml)" = "$sum" ] || bad "--git -o input: the file was overwritten"

# nothing changed since HEAD after committing
git add -A && git commit -qm edits
out=$("$SPECAUDIT" diff --git HEAD --fail-on any) || bad "--git HEAD after commit: exit $?"
[ "$out" = "no specification or agreement changed" ] || bad "--git HEAD: '$out'"
# the previous commit as REV works the same as the hash
out=$("$SPECAUDIT" diff --git HEAD~1)
grep -q "tightened: requirement KPI-2" <<<"$out" || bad "--git HEAD~1"

# an old blob of 600 MB (a few hundred KB compressed) is not read past the
# input limit: exit 2, bounded memory
git checkout -q -b huge
{ printf 'specaudit: 1\nid: huge\nversion: "1"\ntitle: "'; head -c 600000000 /dev/zero | tr '\0' a; printf '"\n'; } >specs/huge.yaml
git add specs/huge.yaml && git commit -qm huge
printf 'specaudit: 1\nid: huge\nversion: "2"\ntitle: small\n' >specs/huge.yaml
rc=0
/usr/bin/time -f '%M' -o "$tmp/huge.rss" "$SPECAUDIT" diff --git HEAD >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || bad "--git 600 MB blob: exit $rc"
grep -q 'huge.yaml is over' "$tmp/err" || bad "--git 600 MB blob: $(head -c 200 "$tmp/err")"
rss=$(tail -1 "$tmp/huge.rss")
[ "${rss:-0}" -lt 262144 ] || bad "--git 600 MB blob: peak RSS ${rss} KB"
git checkout -q -f main

# a revision that does not exist, and a directory that is not a repository: exit 2
rc=0
"$SPECAUDIT" diff --git no-such-branch >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || bad "--git bad revision: exit $rc"
grep -q "no-such-branch" "$tmp/err" || bad "--git bad revision: message does not name it"
mkdir -p "$tmp/plain" && cd "$tmp/plain"
rc=0
GIT_CEILING_DIRECTORIES=$tmp "$SPECAUDIT" diff --git HEAD >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || bad "--git outside a repository: exit $rc"

[ "$fail" -eq 0 ] && echo "diff --git: passed"
exit $fail
