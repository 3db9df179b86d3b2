#!/usr/bin/env bash
# The pipeline recipes in ci/ and .pre-commit-hooks.yaml, run locally: each
# script block marked "# specaudit-recipe: NAME" is extracted from the recipe
# and run as the CI would (bash -eo pipefail) in a git repository holding a
# copy of the bundled examples, with `gh` and `curl` replaced by recorders.
# The same commands the recipes run are therefore the ones tested here.
set -euo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
if ! command -v git >/dev/null; then
  echo "git not installed: skipped"
  exit 0
fi
src=$SA_SOURCE_DIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
have_jq=0
command -v jq >/dev/null && have_jq=1

# ---- tools the recipes call --------------------------------------------------
mkdir -p "$tmp/bin"
ln -s "$SPECAUDIT" "$tmp/bin/specaudit"
for tool in gh curl; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/calls.log"\n' "$tool" "$tmp" >"$tmp/bin/$tool"
  chmod +x "$tmp/bin/$tool"
done
# curl without --request is GitLab's list of notes: the answer is $tmp/notes.json
printf '#!/bin/sh\necho "curl $*" >>"%s/calls.log"\ncase " $* " in *" --request "*) ;; *) cat "%s/notes.json" ;; esac\n' \
  "$tmp" "$tmp" >"$tmp/bin/curl"
echo '[]' >"$tmp/notes.json"
export PATH="$tmp/bin:$PATH"
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org

# Prints the script block that starts with "# specaudit-recipe: NAME" in FILE.
extract() {
  awk -v name="$2" '
    !on && $0 ~ "^ *# specaudit-recipe: " name "$" { match($0, /^ */); ind = RLENGTH; on = 1 }
    on {
      if ($0 !~ /^ *$/) { match($0, /^ */); if (RLENGTH < ind) exit }
      print substr($0, ind + 1)
    }' "$1"
}

# Runs recipe block NAME of FILE in the current directory; sets $rc.
run_block() {
  local script
  script=$(extract "$1" "$2")
  if [ -z "$script" ]; then
    bad "$1: no block '$2'"
    rc=99
    return
  fi
  rc=0
  bash -eo pipefail -c "$script" >"$tmp/$2.log" 2>&1 || rc=$?
}

# Every SARIF result carries a file, a line and a column.
sarif_locations_ok() {
  if [ "$have_jq" = 1 ]; then
    jq -e '[.runs[].results[]] | length > 0 and all(.locations[0].physicalLocation |
      (.artifactLocation.uri | type == "string" and length > 0) and
      (.region.startLine | type == "number" and . >= 1) and
      (.region.startColumn | type == "number" and . >= 1))' "$1" >/dev/null
  else
    local n_results n_lines n_cols
    n_results=$(grep -c '"ruleId"' "$1" || true)
    n_lines=$(grep -o '"startLine": [1-9][0-9]*' "$1" | wc -l)
    n_cols=$(grep -o '"startColumn": [1-9][0-9]*' "$1" | wc -l)
    [ "$n_results" -gt 0 ] && [ "$n_lines" -ge "$n_results" ] && [ "$n_cols" -ge "$n_results" ]
  fi
}
xml_ok() {
  if command -v xmllint >/dev/null; then xmllint --noout "$1" 2>/dev/null; else grep -q '<testsuite' "$1"; fi
}

# ---- a repository holding the bundled examples --------------------------------
repo=$tmp/repo
mkdir -p "$repo"
cp -R "$src/specs" "$repo/specs"
rm -rf "$repo/specs/doc" "$repo/specs/README.md"
cd "$repo"
git init -q . && git checkout -q -b main 2>/dev/null || true
git add -A && git commit -qm "bundled examples"
base=$(git rev-parse HEAD)
git update-ref refs/remotes/origin/main "$base"
spec=specs/county-spc.yaml
grep -q 'target: ">= 90%"' "$spec" || { echo "FAIL: $spec has no '>= 90%' target to edit"; exit 1; }

# a copy with a lint error: an unknown key at a known line
broken=$tmp/broken
cp -R "$repo" "$broken"
printf 'no_such_key: 1\n' >>"$broken/$spec"
broken_line=$(wc -l <"$broken/$spec")

gh_recipe=$src/ci/github/specaudit.yml
gl_recipe=$src/ci/gitlab/specaudit.gitlab-ci.yml

# ---- GitHub Actions ------------------------------------------------------------
export GITHUB_OUTPUT=$tmp/github_output GITHUB_STEP_SUMMARY=$tmp/step_summary
: >"$GITHUB_OUTPUT"
run_block "$gh_recipe" github-lint
[ "$rc" -eq 0 ] || { cat "$tmp/github-lint.log"; bad "github-lint: exit $rc"; }
grep -qx 'status=0' "$GITHUB_OUTPUT" || bad "github-lint: status output $(cat "$GITHUB_OUTPUT")"
[ -s specaudit.sarif ] || bad "github-lint: no specaudit.sarif"
grep -q '"version": "2.1.0"' specaudit.sarif || bad "github-lint: not SARIF 2.1.0"
if grep -q '"ruleId"' specaudit.sarif; then
  sarif_locations_ok specaudit.sarif || bad "github-lint: a SARIF result lacks file, line or column"
fi
rm -f specaudit.sarif

(cd "$broken" && : >"$GITHUB_OUTPUT" && run_block "$gh_recipe" github-lint &&
  { [ "$rc" -eq 0 ] || bad "github-lint (errors): the step must pass so the SARIF is uploaded"; } &&
  { grep -qx 'status=1' "$GITHUB_OUTPUT" || bad "github-lint (errors): status $(cat "$GITHUB_OUTPUT")"; } &&
  { sarif_locations_ok specaudit.sarif || bad "github-lint (errors): SARIF results without file:line:col"; } &&
  { grep -q "\"startLine\": $broken_line" specaudit.sarif || bad "github-lint (errors): the error is not at line $broken_line"; } &&
  { grep -q '"uri": "specs/county-spc.yaml"' specaudit.sarif || bad "github-lint (errors): the error does not name its file"; }
  exit $fail) || fail=1

# diff: a target tightened in the working tree
sed -i '0,/target: ">= 90%"/s//target: ">= 95%"/' "$spec"
export BASE_REF=main PR_NUMBER=7 GH_TOKEN=dummy
: >"$tmp/calls.log"
: >"$GITHUB_STEP_SUMMARY"
run_block "$gh_recipe" github-diff
[ "$rc" -eq 0 ] || { cat "$tmp/github-diff.log"; bad "github-diff: exit $rc for a tightening"; }
grep -q '^| tightened | requirement ' specaudit-diff.md || bad "github-diff: no tightened row in the comment"
grep -q '&gt;= 90% -&gt; &gt;= 95%' specaudit-diff.md || bad "github-diff: the target change is not shown"
grep -q 'tightened' "$GITHUB_STEP_SUMMARY" || bad "github-diff: the job summary lacks the diff"
grep -q '^gh pr comment 7 .*--body-file specaudit-diff.md' "$tmp/calls.log" || bad "github-diff: no PR comment posted"
# a requirement removed: the step fails, and still comments
python_free_remove() { # drops the last requirement of the spec (from its "- id:" line to the end)
  local last
  last=$(grep -n '^  - id: ' "$spec" | tail -1 | cut -d: -f1)
  head -n $((last - 1)) "$spec" >"$spec.tmp" && mv "$spec.tmp" "$spec"
}
python_free_remove
: >"$tmp/calls.log"
run_block "$gh_recipe" github-diff
[ "$rc" -eq 1 ] || bad "github-diff: exit $rc for a removed requirement, expected 1"
grep -q '^| \*\*removed\*\* | requirement ' specaudit-diff.md || bad "github-diff: no removed row"
grep -q '^gh pr comment 7' "$tmp/calls.log" || bad "github-diff: no comment when failing"
git checkout -q -- "$spec"
rm -f specaudit-diff.md

# check: JUnit and HTML for every example with returns
: >"$GITHUB_OUTPUT"
run_block "$gh_recipe" github-check
[ "$rc" -eq 0 ] || { tail -20 "$tmp/github-check.log"; bad "github-check: exit $rc"; }
grep -Eq '^status=[01]$' "$GITHUB_OUTPUT" || bad "github-check: status $(cat "$GITHUB_OUTPUT")"
n=0
for s in specs/*.yaml; do
  name=$(basename "$s" .yaml)
  ls specs/"$name"/returns/*.csv >/dev/null 2>&1 || continue
  n=$((n + 1))
  xml_ok "specaudit-reports/$name.junit.xml" || bad "github-check: $name.junit.xml missing or not XML"
  grep -q '<testcase' "specaudit-reports/$name.junit.xml" || bad "github-check: $name.junit.xml has no testcase"
  [ -s "specaudit-reports/$name.html" ] || bad "github-check: no $name.html"
done
[ "$n" -ge 1 ] || bad "github-check: no example with returns"
rm -rf specaudit-reports

# ---- GitLab CI ------------------------------------------------------------------
if [ "$have_jq" = 1 ]; then
  run_block "$gl_recipe" gitlab-lint
  [ "$rc" -eq 0 ] || { cat "$tmp/gitlab-lint.log"; bad "gitlab-lint: exit $rc"; }
  xml_ok specaudit-lint.junit.xml || bad "gitlab-lint: JUnit missing or not XML"
  jq -e 'type == "array"' gl-code-quality-report.json >/dev/null || bad "gitlab-lint: code quality is not a JSON array"
  (cd "$broken" && run_block "$gl_recipe" gitlab-lint &&
    { [ "$rc" -eq 1 ] || bad "gitlab-lint (errors): exit $rc, expected 1"; } &&
    { jq -e --arg line "$broken_line" 'length >= 1 and all(.[];
        (.description | length > 0) and (.check_name | startswith("E-") or startswith("W-")) and
        (.severity | IN("info", "minor", "major", "critical", "blocker")) and
        (.location.path | length > 0) and (.location.lines.begin >= 1) and
        (.fingerprint | test("^[0-9a-f]{32}$"))) and
        any(.[]; .location.path == "specs/county-spc.yaml" and .location.lines.begin == ($line | tonumber)
            and .severity == "major")
        and ([.[].fingerprint] | length == (unique | length))' gl-code-quality-report.json >/dev/null ||
      bad "gitlab-lint (errors): code-quality report wrong: $(cat gl-code-quality-report.json)"; } &&
    { grep -q '<failure' specaudit-lint.junit.xml || bad "gitlab-lint (errors): JUnit has no failure"; }
    exit $fail) || fail=1
  rm -f specaudit-lint.junit.xml specaudit-lint.sarif gl-code-quality-report.json
else
  echo "jq not installed (Debian: jq): the GitLab lint recipe converts SARIF with jq; skipped"
fi

export CI_MERGE_REQUEST_DIFF_BASE_SHA=$base CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
  CI_API_V4_URL=https://gitlab.example/api/v4 CI_PROJECT_ID=42 CI_MERGE_REQUEST_IID=5
sed -i '0,/target: ">= 90%"/s//target: ">= 80%"/' "$spec"
: >"$tmp/calls.log"
unset SPECAUDIT_NOTE_TOKEN || true
run_block "$gl_recipe" gitlab-diff
[ "$rc" -eq 0 ] || { cat "$tmp/gitlab-diff.log"; bad "gitlab-diff: exit $rc for a loosening (fails on removed only)"; }
grep -q '^| \*\*loosened\*\* | requirement ' specaudit-diff.md || bad "gitlab-diff: no loosened row"
[ -s "$tmp/calls.log" ] && bad "gitlab-diff: posted a note without a token"
# with a token: the first push posts the note, a later one edits it
SPECAUDIT_NOTE_TOKEN=t run_block "$gl_recipe" gitlab-diff
grep -q '^curl .*--request POST .*body@specaudit-note.md .*/projects/42/merge_requests/5/notes$' "$tmp/calls.log" ||
  bad "gitlab-diff: no note posted with a token: $(cat "$tmp/calls.log")"
head -1 specaudit-note.md | grep -qx '<!-- specaudit-diff -->' || bad "gitlab-diff: the note has no marker"
echo '[{"id": 76, "body": "LGTM"}, {"id": 77, "body": "<!-- specaudit-diff -->\nold diff"}]' >"$tmp/notes.json"
: >"$tmp/calls.log"
SPECAUDIT_NOTE_TOKEN=t run_block "$gl_recipe" gitlab-diff
grep -q '^curl .*--request PUT .*body@specaudit-note.md .*/merge_requests/5/notes/77$' "$tmp/calls.log" ||
  bad "gitlab-diff: the existing note was not edited: $(cat "$tmp/calls.log")"
grep -q -- '--request POST' "$tmp/calls.log" && bad "gitlab-diff: a second note was posted"
echo '[]' >"$tmp/notes.json"
rm -f specaudit-note.md
git checkout -q -- "$spec"
rm -f specaudit-diff.md

run_block "$gl_recipe" gitlab-check
[ "$rc" -le 1 ] || { tail -20 "$tmp/gitlab-check.log"; bad "gitlab-check: exit $rc"; }
ls specaudit-reports/*.junit.xml >/dev/null 2>&1 || bad "gitlab-check: no JUnit reports"
for f in specaudit-reports/*.junit.xml; do xml_ok "$f" || bad "gitlab-check: $f is not XML"; done
rm -rf specaudit-reports

# ---- moves and an empty repository ----------------------------------------------
# git mv of a specification and its agreements is no removal for the diff steps
git mv specs/county-spc.yaml specs/county-2007.yaml
git mv specs/county-spc specs/county-2007
: >"$tmp/calls.log"
run_block "$gh_recipe" github-diff
[ "$rc" -eq 0 ] || { cat "$tmp/github-diff.log"; bad "github-diff: a git mv fails --fail-on removed (exit $rc)"; }
run_block "$gl_recipe" gitlab-diff
[ "$rc" -eq 0 ] || { cat "$tmp/gitlab-diff.log"; bad "gitlab-diff: a git mv fails --fail-on removed (exit $rc)"; }
git reset -q --hard
rm -f specaudit-diff.md
# before the first agreement or specification exists, the lint steps pass
empty=$tmp/empty
mkdir -p "$empty/specs" && cd "$empty" && git init -q . && touch specs/.keep
: >"$GITHUB_OUTPUT"
run_block "$gh_recipe" github-lint
[ "$rc" -eq 0 ] || { cat "$tmp/github-lint.log"; bad "github-lint without agreements: exit $rc"; }
grep -qx 'linted=false' "$GITHUB_OUTPUT" || bad "github-lint without files: $(cat "$GITHUB_OUTPUT")"
run_block "$gl_recipe" gitlab-lint
[ "$rc" -eq 0 ] || { cat "$tmp/gitlab-lint.log"; bad "gitlab-lint without agreements: exit $rc"; }
run_block "$gl_recipe" gitlab-check
[ "$rc" -eq 0 ] || { cat "$tmp/gitlab-check.log"; bad "gitlab-check without specifications: exit $rc"; }
cp "$repo/specs/county-spc.yaml" specs/
run_block "$gh_recipe" github-lint
[ "$rc" -eq 0 ] && grep -qx 'linted=true' "$GITHUB_OUTPUT" || bad "github-lint with a specification and no agreement: exit $rc"
run_block "$gl_recipe" gitlab-lint
[ "$rc" -eq 0 ] || { cat "$tmp/gitlab-lint.log"; bad "gitlab-lint with a specification and no agreement: exit $rc"; }
cd "$repo"

# ---- GitLab: specaudit built once, from a branch, a tag or a commit SHA -----------
# cmake and cpack are recorders here (the build itself is the suite's); git
# fetches from a small repository standing for specaudit's source.
for tool in cmake cpack; do
  cat >"$tmp/bin/$tool" <<EOF
#!/bin/sh
echo "$tool \$*" >>"$tmp/build.log"
# -B DIR: the directory made (cmake), holding the package (cpack)
while [ \$# -gt 0 ]; do
  if [ "\$1" = -B ]; then mkdir -p "\$2"; [ "$tool" = cpack ] && : >"\$2/specaudit_0.1.0_amd64.deb"; fi
  shift
done
exit 0
EOF
  chmod +x "$tmp/bin/$tool"
done
src_repo=$tmp/specaudit-src
git init -q -b main "$src_repo" 2>/dev/null || { git init -q "$src_repo" && git -C "$src_repo" checkout -q -b main; }
echo one >"$src_repo/VERSION" && git -C "$src_repo" add VERSION && git -C "$src_repo" commit -qm one
first=$(git -C "$src_repo" rev-parse HEAD)
git -C "$src_repo" tag v1
echo two >"$src_repo/VERSION" && git -C "$src_repo" commit -qam two
for ref in main v1 "$first"; do
  rm -rf "$tmp/gl-src" specaudit-deb
  : >"$tmp/build.log"
  SPECAUDIT_GIT_URL=file://$src_repo SPECAUDIT_REF=$ref SPECAUDIT_SRC=$tmp/gl-src CI_PROJECT_DIR=$repo \
    run_block "$gl_recipe" gitlab-build
  [ "$rc" -eq 0 ] || { cat "$tmp/gitlab-build.log"; bad "gitlab-build SPECAUDIT_REF=$ref: exit $rc"; continue; }
  want=$(git -C "$src_repo" rev-parse "$ref^{commit}")
  [ "$(git -C "$tmp/gl-src" rev-parse HEAD)" = "$want" ] || bad "gitlab-build SPECAUDIT_REF=$ref: not checked out"
  grep -q "^cpack -G DEB -B $repo/specaudit-deb" "$tmp/build.log" || bad "gitlab-build: no package for the other jobs"
done
rm -rf specaudit-deb
# the pipeline: one workflow for merge requests and branches, one build whose
# package every other job installs
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$gl_recipe" <<'PY' || fail=1
import sys, yaml
ci = yaml.safe_load(open(sys.argv[1]))
bad = []
rules = ci.get("workflow", {}).get("rules", [])
if not any('merge_request_event' in r.get("if", "") for r in rules):
    bad.append("workflow:rules do not run merge-request pipelines")
if not any('$CI_OPEN_MERGE_REQUESTS' in r.get("if", "") and r.get("when") == "never" for r in rules):
    bad.append("workflow:rules run a branch pipeline beside the merge-request one")
jobs = {k: v for k, v in ci.items() if k.startswith("specaudit-")}
template = ci[".specaudit"]
for name, job in jobs.items():
    if name == "specaudit-build":
        if "specaudit-deb/" not in job["artifacts"]["paths"]:
            bad.append("the build job keeps no package")
        continue
    if job.get("extends") != ".specaudit" or template.get("needs") != ["specaudit-build"]:
        bad.append(f"{name} does not use the built package")
    if any("cmake" in line for line in template["before_script"]):
        bad.append(f"{name} builds specaudit again")
for b in bad:
    print("FAIL: gitlab recipe:", b)
sys.exit(1 if bad else 0)
PY
else
  bad "python3 with yaml (Debian: python3-yaml) is needed to read the GitLab recipe"
fi

# ---- pre-commit ----------------------------------------------------------------
hooks=$src/.pre-commit-hooks.yaml
# Prints field FIELD of hook ID (a block scalar's lines joined by newlines).
hook_field() {
  awk -v id="$1" -v field="$2" '
    /^- id: / { in_hook = ($3 == id); next }
    !in_hook { next }
    block { if ($0 ~ /^    / || $0 ~ /^ *$/) { print substr($0, 5); next } block = 0 }
    $0 ~ "^  " field ": " {
      v = substr($0, length("  " field ": ") + 1)
      if (v == "|-" || v == "|") block = 1; else print v
    }' "$hooks"
}
run_hook() { # id files... ; sets $rc
  local entry pass
  entry=$(hook_field "$1" entry)
  pass=$(hook_field "$1" pass_filenames)
  shift
  [ "$pass" = false ] && set --
  rc=0
  eval "$entry"' "$@"' >"$tmp/hook.log" 2>&1 || rc=$?
}
# the hooks are POSIX sh: no bash, no mapfile (macOS has bash 3.2)
grep -nE 'mapfile|bash|shopt|\[\[' "$hooks" | grep -v '^ *#' | grep -v ':#' && bad "pre-commit: a hook needs bash"
for id in specaudit-lint specaudit-lint-all; do
  hook_field "$id" entry | head -1 | grep -q "^sh -c '" || bad "pre-commit: $id does not run under sh"
  files_re=$(hook_field "$id" files)
  [ -n "$(hook_field "$id" entry)" ] || { bad "pre-commit: hook $id has no entry"; continue; }
  mapfile -t staged < <(git ls-files | grep -E "$files_re")
  [ "${#staged[@]}" -gt 0 ] || bad "pre-commit: $id matches no example file"
  run_hook "$id" "${staged[@]}"
  [ "$rc" -eq 0 ] || { cat "$tmp/hook.log"; bad "pre-commit: $id on the examples: exit $rc"; }
done
# one staged agreement alone is linted with the specification it signs up to
agreement=$(git ls-files 'specs/county-spc/*.xml' | head -1)
run_hook specaudit-lint "$agreement"
[ "$rc" -eq 0 ] || { cat "$tmp/hook.log"; bad "pre-commit: a lone staged agreement: exit $rc"; }
# a staged specification with an error fails the commit, naming the line
cd "$broken"
run_hook specaudit-lint "$spec"
[ "$rc" -eq 1 ] || bad "pre-commit: a broken staged spec: exit $rc, expected 1"
grep -q "^$spec:$broken_line:" "$tmp/hook.log" || bad "pre-commit: the error is not reported at $spec:$broken_line"
# with nothing to lint yet, lint-all passes
cd "$empty" && rm -f specs/*.yaml
run_hook specaudit-lint-all
[ "$rc" -eq 0 ] || { cat "$tmp/hook.log"; bad "pre-commit: specaudit-lint-all with no files: exit $rc"; }

[ "$fail" -eq 0 ] && echo "recipes: passed"
exit $fail
