#!/usr/bin/env bash
# Every SARIF report specaudit writes (lint, check) passes Microsoft's
# validator (`sarif-multitool validate`, npm @microsoft/sarif-multitool,
# installed on first use: tests/tools/npm-tools.sh) and the SARIF 2.1.0 JSON
# schema (a copy in tests/schemas/), and meets what code scanning needs:
#   - every rule has a description and help text that are not its id;
#   - every URI is relative with uriBaseId, or an absolute file:// URI
#     (inputs given by absolute path inside and outside the working directory);
#   - check results are fingerprinted by requirement and provider, so the
#     providers sharing one requirement's line stay apart.
# The validator's warning SARIF2005 (no informationUri: specaudit has no web
# page of its own to name) is the one finding allowed; any other error or
# warning fails.
set -uo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
. "$SA_TESTS_DIR/tools/npm-tools.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

py=
for p in /usr/bin/python3 python3; do
  command -v "$p" >/dev/null && "$p" -c 'import jsonschema' 2>/dev/null && { py=$p; break; }
done
[ -n "$py" ] || { echo "FAIL: python3 with jsonschema is needed (Debian: python3-jsonschema)"; exit 1; }
mt_dir=$(sa_npm_tool @microsoft/sarif-multitool 5.7.0) || exit 1
mt=$mt_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -x "$mt" ] || { echo "FAIL: no Sarif.Multitool in $mt_dir"; exit 1; }

# The reports, from a working directory holding a copy of the examples, so
# that paths inside it (relative and absolute) and outside it both occur.
work=$tmp/work
mkdir -p "$work" "$tmp/outside"
cp -R "$SA_SOURCE_DIR/specs" "$work/specs"
cp "$SA_TESTS_DIR/fixtures/spec/invalid/unknown-dataset.yaml" "$tmp/outside/"
cd "$work"
reports=()
"$SPECAUDIT" lint --format sarif -o "$tmp/lint-clean.sarif" specs/*.yaml specs/*/*.xml >/dev/null 2>&1
reports+=("$tmp/lint-clean.sarif")
"$SPECAUDIT" lint --format sarif -o "$tmp/lint-mixed.sarif" ./specs/county-spc.yaml "$work/specs/county-spc"/*.xml \
  "$tmp/outside/unknown-dataset.yaml" "$tmp/missing.yaml" >/dev/null 2>&1
reports+=("$tmp/lint-mixed.sarif")
for spec in specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  ls specs/"$name"/returns/*.csv >/dev/null 2>&1 || continue
  "$SPECAUDIT" check "$work/$spec" specs/"$name"/*.xml specs/"$name"/returns/*.csv --format sarif \
    -o "$tmp/check-$name.sarif" >/dev/null 2>&1
  reports+=("$tmp/check-$name.sarif")
done
cd "$tmp"

for f in "${reports[@]}"; do
  [ -s "$f" ] || bad "$(basename "$f"): not written"
done
# One run for every report (the validator takes seconds to start); each
# finding line starts with its file's path. The files come first: list
# options such as --log would take them as their own values.
"$mt" validate "${reports[@]}" --level "Error;Warning" -o "$tmp/validation.sarif" --log ForceOverwrite \
  >"$tmp/mt.log" 2>&1 || { tail -20 "$tmp/mt.log"; bad "sarif-multitool could not validate the reports"; }
grep -q 'Analysis completed successfully' "$tmp/mt.log" || { tail -20 "$tmp/mt.log"; bad "sarif-multitool did not complete"; }
grep -q "Done. ${#reports[@]} files scanned" "$tmp/mt.log" || { tail -5 "$tmp/mt.log"; bad "sarif-multitool did not scan ${#reports[@]} files"; }
if grep -E ': (error|warning) ' "$tmp/mt.log" | grep -v ' SARIF2005: ' >"$tmp/findings"; then
  cat "$tmp/findings"
  bad "sarif-multitool findings"
fi

"$py" - "$SA_TESTS_DIR/schemas/sarif-2.1.0.json" "${reports[@]}" <<'PY' || fail=1
import json, sys
from jsonschema import Draft202012Validator

schema = json.load(open(sys.argv[1]))
validator = Draft202012Validator(schema)
failed = False

def bad(path, msg):
    global failed
    failed = True
    print(f"FAIL: {path}: {msg}")

def locations(node):
    """Every artifactLocation object in the log (run.originalUriBaseIds aside)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "originalUriBaseIds":
                continue
            if k in ("artifactLocation", "location") and isinstance(v, dict) and "uri" in v:
                yield v
            yield from locations(v)
    elif isinstance(node, list):
        for v in node:
            yield from locations(v)

for path in sys.argv[2:]:
    log = json.load(open(path))
    for e in validator.iter_errors(log):
        bad(path, f"schema: {e.message} at {'/'.join(map(str, e.absolute_path))}")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            text = r.get(key, {}).get("text", "")
            if not text or text == r["id"] or r["id"] == text.rstrip("."):
                bad(path, f"rule {r['id']}: {key} is missing or only the id")
    n = 0
    for loc in locations(log):
        n += 1
        uri = loc["uri"]
        if uri.startswith("file:///"):
            if "uriBaseId" in loc:
                bad(path, f"{uri}: an absolute URI with a uriBaseId")
        elif uri.startswith("/") or ":" in uri.split("/")[0] or loc.get("uriBaseId") != "%SRCROOT%":
            bad(path, f"{uri}: neither relative with uriBaseId %SRCROOT% nor an absolute file URI")
        if "/../" in "/" + uri + "/" or "/./" in "/" + uri + "/":
            bad(path, f"{uri}: not in normal form")
    if n == 0:
        bad(path, "no artifact location")
    if "%SRCROOT%" not in run.get("originalUriBaseIds", {}):
        bad(path, "run.originalUriBaseIds does not describe %SRCROOT%")
    if "check-" in path:
        keys = []
        for res in run["results"]:
            fp = res.get("partialFingerprints", {}).get("requirementProvider/v1")
            if not fp:
                bad(path, f"result {res['ruleId']} has no requirementProvider/v1 fingerprint")
                continue
            keys.append((res["ruleId"], fp))
            props = res["properties"]
            if not fp.endswith("/" + res["ruleId"] + "/" + (props.get("provider_code") or "system")):
                bad(path, f"fingerprint {fp} does not name {res['ruleId']} and its provider")
        if len(keys) != len(set(keys)):
            bad(path, "two results share a fingerprint")
    else:
        # lint: the file outside the working directory is a file URI, the others are relative
        uris = {loc["uri"] for loc in locations(log)}
        if "lint-mixed" in path:
            if not any(u.startswith("file:///") and u.endswith("/outside/unknown-dataset.yaml") for u in uris):
                bad(path, f"the file outside the working directory is not an absolute file URI: {uris}")
            if "specs/county-spc.yaml" not in uris or not any(u.startswith("specs/county-spc/") for u in uris):
                bad(path, f"paths inside the working directory are not made relative: {uris}")
sys.exit(1 if failed else 0)
PY

# a system-wide requirement's providers at one line keep apart (alliance example: several providers)
if [ -f "$tmp/check-alliance-system.sarif" ]; then
  "$py" - "$tmp/check-alliance-system.sarif" <<'PY' || fail=1
import json, sys, collections
run = json.load(open(sys.argv[1]))["runs"][0]
at = collections.defaultdict(set)
for r in run["results"]:
    loc = r["locations"][0]["physicalLocation"]
    at[(r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])].add(
        r["partialFingerprints"]["requirementProvider/v1"])
shared = [k for k, v in at.items() if len(v) >= 2]
if not shared:
    print("FAIL: no requirement line holds results of several providers in the alliance example")
    sys.exit(1)
PY
fi

# the validator can fail: an absolute path without a scheme is an error for it
sed 's|"uri": "specs/|"uri": "/specs/|' "${reports[0]}" >"$tmp/broken.sarif"
"$mt" validate "$tmp/broken.sarif" --level "Error" -o "$tmp/validation.sarif" --log ForceOverwrite >"$tmp/mt.log" 2>&1
grep -q ': error SARIF1004' "$tmp/mt.log" || { tail -20 "$tmp/mt.log"; bad "sarif-multitool accepted a URI beginning with a slash"; }

[ "$fail" -eq 0 ] && echo "sarif_validate: ${#reports[@]} reports valid"
exit $fail
