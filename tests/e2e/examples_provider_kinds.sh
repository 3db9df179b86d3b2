#!/usr/bin/env bash
# examples_provider_kinds.sh — in each bundled example with a planted list
# (specs/<name>/planted.txt; others are skipped, named), every provider returns
# only datasets that fit its kind:
#  - the provider's `kind` in the specification may return the dataset, by the
#    table tests/e2e/dataset_kinds.tsv (an acute trust returns no hospice
#    admissions); a dataset missing from the table fails;
#  - a provider returns no rows of a dataset whose every requirement its
#    agreement excludes (a hospice without an in-patient unit returns no
#    admissions);
#  - every provider named in the returns is one of the specification's.
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
cd "$SA_SOURCE_DIR" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
for spec in specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  if [ ! -f "specs/$name/planted.txt" ]; then echo "skip: $name has no planted list"; continue; fi
  status=0
  "$SPECAUDIT" check "$spec" specs/"$name"/*.xml specs/"$name"/returns/*.csv --format json \
    -o "$tmp/$name.json" -j 1 >/dev/null 2>&1 || status=$?
  [ "$status" -le 1 ] || { echo "FAIL: $name: check exit $status"; fail=1; continue; }
  python3 - "$spec" "$tmp/$name.json" "$SA_TESTS_DIR/e2e/dataset_kinds.tsv" "$name" <<'PY' || fail=1
import csv, json, re, sys
spec_path, report_path, table_path, name = sys.argv[1:5]
text = open(spec_path, encoding="utf-8").read()
problems = []

# Providers: the flow mappings of the specification's providers list.
block = re.search(r"^providers:\n((?:[ #].*\n|\n)*)", text, re.M)
kinds = {}
for line in (block.group(1) if block else "").splitlines():
    if line.strip().startswith("- "):
        m = re.search(r"code: *([A-Z0-9]+).*kind: *([a-z_]+)", line)
        if not m:
            problems.append("cannot read the provider line %r" % line.strip())
            continue
        kinds[m.group(1)] = m.group(2)
if not kinds:
    problems.append("no providers with a kind in the specification")

# Datasets declared, and which datasets each requirement reads.
datasets = set(re.findall(r"^  ([A-Za-z_][A-Za-z0-9_]*):\n    title:",
                          text[text.index("\ndatasets:"):text.index("\nrequirements:")], re.M))
reads = {}
for chunk in re.split(r"^  - id: ", text[text.index("\nrequirements:"):], flags=re.M)[1:]:
    rid = chunk.split("\n", 1)[0].strip()
    one = re.findall(r"^      dataset: *([A-Za-z0-9_]+)", chunk, re.M)
    many = re.findall(r"^      datasets: *\[([^\]]*)\]", chunk, re.M)
    reads[rid] = set(one) | {d.strip() for m in many for d in m.split(",") if d.strip()}

allowed = {}
for line in open(table_path, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        ds, ks = line.rstrip("\n").split("\t")
        allowed[ds] = set(ks.split())
for ds in sorted(datasets - set(allowed)):
    problems.append("dataset %s has no row in %s" % (ds, table_path))

report = json.load(open(report_path))
excluded = {}
for r in report["results"]:
    if r["verdict"] == "excluded" and r["provider"]:
        excluded.setdefault(r["provider"]["code"], set()).add(r["requirement_id"])

for inp in report["inputs"]:
    ds = inp.get("dataset")
    if not ds:
        continue
    providers = {}
    with open(inp["path"], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            # A declarations return names its organisation, the commissioner's own rows included.
            code = row["provider"] if "provider" in row else row["organisation"]
            if code == report["commissioner"]["code"]:
                continue
            providers[code] = providers.get(code, 0) + 1
    for code, n in sorted(providers.items()):
        kind = kinds.get(code)
        if kind is None:
            problems.append("%s: provider %s is not in the specification" % (inp["path"], code))
            continue
        if kind not in allowed.get(ds, set()):
            problems.append("%s: %s (%s) returns %d rows of %s, which a %s does not return"
                            % (name, code, kind, n, ds, kind))
        readers = {rid for rid, dss in reads.items() if ds in dss}
        if readers and readers <= excluded.get(code, set()):
            problems.append("%s: %s returns %d rows of %s, though its agreement excludes every "
                            "requirement reading it (%s)" % (name, code, n, ds,
                                                             ", ".join(sorted(readers))))
for p in problems:
    print("FAIL: " + p)
if not problems:
    print("ok: %s: %d providers return only datasets that fit their kind" % (name, len(kinds)))
sys.exit(1 if problems else 0)
PY
  checked=$((checked + 1))
done
[ "$checked" -ge 2 ] || { echo "FAIL: expected at least 2 examples with a planted list, found $checked"; fail=1; }
exit $fail
