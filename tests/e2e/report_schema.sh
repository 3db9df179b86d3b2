#!/usr/bin/env bash
# report_schema.sh — every JSON report validates against the published schema
# specs/schema/result.schema.json (JSON Schema draft 2020-12): the golden
# reports of the renderer tests, the committed example reports in reports/,
# and a fresh `specaudit check --format json` of each bundled example when
# the engine and the example returns are present.
#
# Needs a validator: Python's jsonschema (Debian package python3-jsonschema),
# or else ajv-cli fetched by npm into a temporary directory. Without either
# the test prints SKIP and passes.
set -u
src=${SA_SOURCE_DIR:?}
schema="$src/specs/schema/result.schema.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=("$src"/tests/golden/report/*.json)
for f in "$src"/reports/*.json; do [ -f "$f" ] && files+=("$f"); done

# Fresh reports from the bundled examples, when `check` can produce them.
if [ -n "${SPECAUDIT:-}" ] && [ -x "${SPECAUDIT}" ]; then
  cd "$src"
  for spec in specs/*.yaml; do
    name=$(basename "$spec" .yaml)
    compgen -G "specs/$name/returns/*.csv" >/dev/null || continue
    args=("$spec")
    for x in specs/"$name"/*.xml; do [ -f "$x" ] && args+=("$x"); done
    args+=(specs/"$name"/returns/*.csv)
    status=0
    "$SPECAUDIT" check "${args[@]}" --format json -o "$tmp/$name.json" 2>"$tmp/$name.err" || status=$?
    if [ "$status" -le 1 ] && [ -s "$tmp/$name.json" ]; then
      files+=("$tmp/$name.json")
    else
      echo "note: no fresh JSON for $name (specaudit check exit $status): $(head -c 300 "$tmp/$name.err")"
    fi
  done
fi

validate_python() {
  "$1" - "$schema" "$@" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
bad = 0
for path in sys.argv[3:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        print(f"{path}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}")
    bad += bool(errors)
print(f"validated {len(sys.argv) - 3} reports, {bad} invalid")
# The schema must also reject what is wrong: an unknown verdict, a missing
# key and a stray key in the first report.
doc = json.load(open(sys.argv[3], encoding="utf-8"))
broken = []
if doc["results"]:
    d1 = json.loads(json.dumps(doc)); d1["results"][0]["verdict"] = "compliant"; broken.append(d1)
d2 = json.loads(json.dumps(doc)); del d2["summary"]["verdict_counts"]; broken.append(d2)
d3 = json.loads(json.dumps(doc)); d3["generated_at"] = "2007-04-01"; broken.append(d3)
for i, d in enumerate(broken):
    if v.is_valid(d):
        print(f"schema accepts broken report #{i}"); bad += 1
sys.exit(1 if bad else 0)
PY
}

for py in /usr/bin/python3 python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import jsonschema' 2>/dev/null; then
    validate_python "$py" "${files[@]}"
    exit $?
  fi
done

if command -v npm >/dev/null && npm install --prefix "$tmp/ajv" --silent --no-audit --no-fund ajv-cli@5 ajv-formats@2 >/dev/null 2>&1; then
  ajv="$tmp/ajv/node_modules/.bin/ajv"
  args=()
  for f in "${files[@]}"; do args+=(-d "$f"); done
  "$ajv" validate --spec=draft2020 --strict=false -s "$schema" "${args[@]}" || exit 1
  sed -E 's/"format_version": [0-9]+/"format_version": 999/' "${files[0]}" >"$tmp/broken.json"
  if "$ajv" validate --spec=draft2020 --strict=false -s "$schema" -d "$tmp/broken.json" >/dev/null 2>&1; then
    echo "schema accepts a report with the wrong format_version"; exit 1
  fi
  exit 0
fi

echo "SKIP: no JSON Schema validator (install python3-jsonschema)"
exit 0
