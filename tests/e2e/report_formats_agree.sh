#!/usr/bin/env bash
# report_formats_agree.sh — every number printed in one format is the number
# printed in every other. For each bundled example (specs/<name>.yaml with its
# agreements and returns) one `specaudit check` writes all seven formats; the
# JSON summary is the reference, and each format's headline, verdict counts,
# split by severity and result tables must say the same:
#   text   the headline line, the counts line, the severity line, and one
#          result line per row (verdict label, or "Share")
#   json   verdict_counts against the results themselves; no share has a verdict
#   junit  tests/failures/errors/skipped against the verdicts; the headline property
#   html   status and headline, the severity table, the counts line, the matrix
#          cells by class, the provider cards' counts
#   csv    one row per result: verdicts by verdict, shares, counts_as_failure,
#          status and headline columns
#   md     the headline, the verdict and severity tables, the result table
#   sarif  the run's status, headline and counts; results by verdict
# The hand-computed cases named in `cases` below run too, for verdicts the
# examples may not show (not_in_force).
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$SA_SOURCE_DIR"
status=0
cases=(in-force-not-yet in-force-from-mid-period attestation-commissioner attestation-provider attestation-provider-not-yet-due)
runs=()
for spec in specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  compgen -G "specs/$name/returns/*.csv" >/dev/null && runs+=("example:$name")
done
for c in "${cases[@]}"; do runs+=("case:$c"); done
for run in "${runs[@]}"; do
  name=${run#*:}
  args=()
  if [ "${run%%:*}" = example ]; then
    args=("specs/$name.yaml")
    for x in specs/"$name"/*.xml; do [ -f "$x" ] && args+=("$x"); done
    args+=(specs/"$name"/returns/*.csv)
  else
    d=tests/cases/$name
    args=("$d/spec.yaml")
    for x in "$d"/*.xml "$d"/*.csv; do [ -f "$x" ] && args+=("$x"); done
    if [ -f "$d/args" ]; then
      while IFS= read -r a; do [ -n "$a" ] && args+=("$(case "$a" in *.csv|*.xml) echo "$d/$a";; *) echo "$a";; esac)"); done < "$d/args"
    fi
  fi
  out="$tmp/$name"
  mkdir -p "$out"
  rc=0
  "$SPECAUDIT" check "${args[@]}" -j 1 --format text -o "$out/r.txt" --format json -o "$out/r.json" \
    --format junit -o "$out/r.xml" --format html -o "$out/r.html" --format csv -o "$out/r.csv" \
    --format md -o "$out/r.md" --format sarif -o "$out/r.sarif" 2>"$out/err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "FAIL $name: specaudit check exit $rc: $(head -c 300 "$out/err")"
    status=1
    continue
  fi
  python3 - "$out" "$name" "$rc" <<'PY' || status=1
import csv, html.parser, json, re, sys, xml.etree.ElementTree as ET

out, name, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
V = ["met", "not_met", "partially_met", "not_assessable", "excluded", "waived", "error", "not_in_force"]
LABEL = {"met": "Met", "not_met": "Not met", "partially_met": "Partially met", "not_assessable": "Not assessable",
         "excluded": "Excluded", "waived": "Waived", "error": "Error", "not_in_force": "Not in force"}
STATUS = {"compliant": "Compliant", "not_compliant": "Not compliant",
          "not_demonstrated": "Compliance not demonstrated"}
SEV = ["critical", "major", "minor"]
errors = []

def expect(fmt, what, got, want):
    if got != want:
        errors.append(f"{fmt}: {what} is {got!r}, the JSON summary says {want!r}")

rep = json.load(open(f"{out}/r.json", encoding="utf-8"))
s = rep["summary"]
counts = [s["verdict_counts"][v] for v in V]
sev = [[s["by_severity"][k][f] for f in ("requirements", "falling_short", "not_demonstrated")] for k in SEV]

# json: the summary agrees with the results it summarises.
rows = rep["results"]
expect("json", "verdicts by verdict in results", [sum(r["verdict"] == v for r in rows) for v in V], counts)
expect("json", "shares in results", sum(r["verdict"] is None for r in rows), s["shares"])
expect("json", "verdicts + shares", s["verdicts"] + s["shares"], len(rows))
expect("json", "failures", s["failures"], s["verdict_counts"]["not_met"] + s["verdict_counts"]["partially_met"]
       + s["verdict_counts"]["error"])
for r in rows:
    if (r["verdict"] is None) != (r["scope"] == "system" and r["provider"] is not None):
        errors.append(f"json: {r['requirement_id']} {r['provider']}: verdict {r['verdict']!r} on a "
                      f"{'share' if r['provider'] else 'system-wide row'}")
    if r["verdict"] is None and any(p["verdict"] is not None for p in r["periods"]):
        errors.append(f"json: {r['requirement_id']} {r['provider']['code']}: a share with period verdicts")
expect("exit status", "pass", rc == 0, s["status"] == "compliant")

# text
lines = open(f"{out}/r.txt", encoding="utf-8").read().split("\n")
expect("text", "headline line", s["headline"] in lines, True)
m = next((l for l in lines if l.startswith("  Met ")), "")
expect("text", "counts line", [int(x) for x in re.findall(r"(?:^|, )[A-Za-z ]+ (\d+)", m.split(" (")[0])], counts)
expect("text", "verdicts and shares", re.findall(r"\((\d+) verdicts?(?:; (\d+) shares?)?", m),
       [(str(s["verdicts"]), str(s["shares"]) if s["shares"] else "")])
m = next((l for l in lines if l.startswith("  Requirements falling short:")), "")
nums = [int(x) for x in re.findall(r"(\d+) (?:critical|major|minor)", m)]
expect("text", "severity line", [nums[0:3], nums[3:6]], [[x[1] for x in sev], [x[2] for x in sev]])
label_re = re.compile(r"^(?:  |    )\S.*?\s{2,}(" + "|".join(map(re.escape, LABEL.values())) + r"|Share)(?:\s|$)")
found = [m.group(1) for m in map(label_re.match, lines) if m]
expect("text", "result lines by verdict", [found.count(LABEL[v]) for v in V], counts)
expect("text", "share lines", found.count("Share"), s["shares"])

# junit
root = ET.parse(f"{out}/r.xml").getroot()
vc = s["verdict_counts"]
# <testsuites> has no skipped count in the Jenkins schema: the suites' add up
expect("junit", "tests, failures, errors, skipped",
       [int(root.get(k)) for k in ("tests", "failures", "errors")] +
       [sum(int(t.get("skipped")) for t in root.findall("testsuite"))],
       [s["verdicts"], vc["not_met"] + vc["partially_met"], vc["error"],
        vc["not_assessable"] + vc["excluded"] + vc["waived"] + vc["not_in_force"]])
expect("junit", "testcases", len(root.findall(".//testcase")), s["verdicts"])
heads = {p.get("value") for p in root.iter("property") if p.get("name") == "headline"}
expect("junit", "headline properties", heads, {s["headline"]})

# html
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.cells, self.overall, self.status, self.severity = [], [], "", None, []
        self.counts_line, self.cards, self.capture = "", [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "") or ""
        if tag == "td" and "cell" in cls.split():
            self.cells.append(next(c[2:] for c in cls.split() if c.startswith("v-")))
        if tag == "p" and "overall" in cls.split():
            self.status, self.capture = a.get("data-status"), "overall"
        if tag == "tr" and a.get("data-severity"):
            self.severity.append([]); self.capture = "severity"
        if tag == "p" and "summary-counts" in cls.split():
            self.capture = "counts"
        if tag == "div" and cls == "card":
            self.cards.append("")
        if tag == "li" and self.cards:
            self.capture = "card"
        self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag in ("p", "li", "tr"):
            self.capture = None
    def handle_data(self, d):
        if self.capture == "overall":
            self.overall += d
        elif self.capture == "severity" and d.strip().isdigit():
            self.severity[-1].append(int(d))
        elif self.capture == "counts":
            self.counts_line += d
        elif self.capture == "card":
            self.cards[-1] += d + "|"
page = Page()
page.feed(open(f"{out}/r.html", encoding="utf-8").read())
label = STATUS[s["status"]]
expect("html", "status", page.status, s["status"])
expect("html", "headline", page.overall.strip().startswith(label + "." + s["headline"][len(label) + 1:]), True)
expect("html", "severity table", page.severity, sev)
expect("html", "counts line", [int(x) for x in re.findall(r"(?:^|, )[A-Za-z ]+ (\d+)", page.counts_line.split(" (")[0])],
       counts)
expect("html", "matrix cells by verdict", [page.cells.count(v) for v in V], counts)
expect("html", "matrix share cells", page.cells.count("share"), s["shares"])
card_counts = [0] * len(V)
for card in page.cards:
    for v in V:
        for n in re.findall(r"\|" + re.escape(LABEL[v]) + r"\| (\d+)\|", "|" + card):
            card_counts[V.index(v)] += int(n)
expect("html", "provider cards' counts", card_counts, counts)

# csv
with open(f"{out}/r.csv", newline="", encoding="utf-8") as f:
    table = list(csv.DictReader(f))
expect("csv", "rows", len(table), s["results"])
expect("csv", "verdict rows by verdict", [sum(r["row"] == "verdict" and r["verdict"] == v for r in table) for v in V],
       counts)
expect("csv", "share rows without a verdict", sum(r["row"] == "share" and r["verdict"] == "" for r in table),
       s["shares"])
expect("csv", "counts_as_failure", sum(r["counts_as_failure"] == "yes" for r in table), s["failures"])
expect("csv", "status and headline", {(r["status"], r["headline"]) for r in table}, {(s["status"], s["headline"])})

# md
md = open(f"{out}/r.md", encoding="utf-8").read()
md_plain = md.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&").replace("\\", "")
expect("md", "headline", f"**{label}:**{s['headline'][len(label) + 1:]}" in md_plain, True)
expect("md", "verdict table", [int(re.search(r"\| \S+ " + re.escape(LABEL[v]) + r" \| (\d+) \|", md).group(1))
                               for v in V], counts)
expect("md", "severity table", [[int(x) for x in re.search(r"\| " + k + r" \| (\d+) \| (\d+) \| (\d+) \|", md).groups()]
                                for k in SEV], sev)
cells = [row.split(" | ")[2] for row in md.split("\n") if row.startswith("| **") and row.count(" | ") >= 5]
expect("md", "result rows by verdict", [sum(c.endswith(" " + LABEL[v]) for c in cells) for v in V], counts)
expect("md", "share rows", sum(c.startswith("Share") for c in cells), s["shares"])

# sarif
run = json.load(open(f"{out}/r.sarif", encoding="utf-8"))["runs"][0]
p = run["properties"]
expect("sarif", "status and headline", (p["status"], p["headline"]), (s["status"], s["headline"]))
expect("sarif", "verdict counts", [p["verdict_counts"][v] for v in V], counts)
expect("sarif", "by severity", p["by_severity"], s["by_severity"])
res = run["results"]
expect("sarif", "results by verdict", [sum(r["properties"]["verdict"] == v for r in res) for v in V],
       [0, vc["not_met"], vc["partially_met"], vc["not_assessable"], 0, vc["waived"], vc["error"], 0])

for e in errors:
    print(f"FAIL {name}: {e}")
if not errors:
    print(f"ok {name}: {s['status']}, {s['verdicts']} verdicts and {s['shares']} shares agree in all seven formats")
sys.exit(1 if errors else 0)
PY
done
exit $status
