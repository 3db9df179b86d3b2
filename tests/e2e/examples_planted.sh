#!/usr/bin/env bash
# examples_planted.sh — each bundled example with a planted list
# (specs/<name>/planted.txt) reports exactly its planted shortfalls: the
# (requirement, provider) rows whose verdict is not_met, partially_met,
# not_assessable or error are those the list names, with the verdicts it names,
# and nothing else falls short. Examples without a list are skipped (named).
# planted.txt: "REQUIREMENT PROVIDER VERDICT" a line, PROVIDER "-" for the
# system-wide row; "#" starts a comment.
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
cd "$SA_SOURCE_DIR" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
for spec in specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  planted=specs/$name/planted.txt
  if [ ! -f "$planted" ]; then echo "skip: $name has no planted list"; continue; fi
  status=0
  "$SPECAUDIT" check "$spec" specs/"$name"/*.xml specs/"$name"/returns/*.csv --format json \
    -o "$tmp/$name.json" -j 1 >/dev/null 2>"$tmp/$name.err" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "FAIL: $name: check exit $status"; cat "$tmp/$name.err"; fail=1; continue
  fi
  python3 - "$tmp/$name.json" "$planted" "$name" <<'PY' || fail=1
import json, sys
report, planted, name = sys.argv[1:4]
short = {"not_met", "partially_met", "not_assessable", "error"}
got = {}
for r in json.load(open(report))["results"]:
    if r["verdict"] in short:
        who = r["provider"]["code"] if r["provider"] else "-"
        got[(r["requirement_id"], who)] = r["verdict"]
want = {}
for n, line in enumerate(open(planted), 1):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    parts = line.split()
    if len(parts) != 3 or parts[2] not in short:
        sys.exit("FAIL: %s:%d: expected REQUIREMENT PROVIDER VERDICT (a shortfall), got %r"
                 % (planted, n, line))
    want[(parts[0], parts[1])] = parts[2]
if not want:
    sys.exit("FAIL: %s lists no shortfall" % planted)
bad = False
for key in sorted(set(got) | set(want)):
    if got.get(key) != want.get(key):
        bad = True
        print("FAIL: %s %s %s: report says %s, planted list says %s"
              % (name, key[0], key[1], got.get(key, "no shortfall"), want.get(key, "no shortfall")))
if not bad:
    print("ok: %s: %d planted shortfalls, nothing else" % (name, len(want)))
sys.exit(1 if bad else 0)
PY
  checked=$((checked + 1))
done
[ "$checked" -ge 2 ] || { echo "FAIL: expected at least 2 examples with a planted list, found $checked"; fail=1; }
exit $fail
