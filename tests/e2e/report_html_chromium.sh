#!/usr/bin/env bash
# report_html_chromium.sh — the HTML reports render in headless Chromium:
# the rendered DOM holds one matrix cell per requirement x provider column
# (counted independently from the matching JSON report), one evidence block
# per result, the charts, and no script element or external resource.
# Prints SKIP and passes where Chromium is not installed (Debian: chromium).
set -u
src=${SA_SOURCE_DIR:?}
chrome=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null; then chrome=$(command -v "$c"); break; fi
done
if [ -z "$chrome" ]; then
  echo "SKIP: Chromium is not installed (apt-get install chromium)"
  exit 0
fi
py=""
for p in /usr/bin/python3 python3; do command -v "$p" >/dev/null && { py=$p; break; }; done
if [ -z "$py" ]; then
  echo "SKIP: python3 is needed to read the DOM"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pairs=()
# Three golden reports cover every feature (charts, gap timelines, the
# system-wide column, hostile text); each Chromium start costs seconds.
for html in "$src"/tests/golden/report/{mixed_gaps,not_assessable,hostile}.html "$src"/reports/*.html; do
  [ -f "$html" ] || continue
  json="${html%.html}.json"
  [ -f "$json" ] || continue
  pairs+=("$html")
done
[ ${#pairs[@]} -gt 0 ] || { echo "no HTML reports found"; exit 1; }

fail=0
for html in "${pairs[@]}"; do
  json="${html%.html}.json"
  dom="$tmp/dom.html"
  timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-extensions \
    --user-data-dir="$tmp/profile" --dump-dom "file://$html" >"$dom" 2>"$tmp/chrome.err"
  if [ ! -s "$dom" ]; then
    echo "FAIL: $html: Chromium produced no DOM"; tail -5 "$tmp/chrome.err"; fail=1; continue
  fi
  "$py" - "$dom" "$json" "$html" <<'PY' || fail=1
import json, sys
from html.parser import HTMLParser

dom_path, json_path, name = sys.argv[1:4]
report = json.load(open(json_path, encoding="utf-8"))
results = report["results"]
reqs = []
for r in results:
    if r["requirement_id"] not in reqs:
        reqs.append(r["requirement_id"])
columns = {(r["provider"] or {}).get("code") for r in results}
want_cells = len(reqs) * len(columns)
want_charts = sum(1 for r in results
                  if len(r["periods"]) >= 2 and any(p["measured"] is not None for p in r["periods"]))
want_timelines = sum(1 for r in results if r["gaps"]["items"])

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells = 0; self.filled = 0; self.results = 0; self.scripts = 0
        self.trend = 0; self.gaps = 0; self.external = []; self.stack = []; self.in_matrix = False
        self.cell_text = []; self.collect = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); cls = (a.get("class") or "").split()
        if tag == "table" and "matrix" in cls: self.in_matrix = True
        if tag == "td" and self.in_matrix and "cell" in cls:
            self.cells += 1
            if "v-none" not in cls: self.filled += 1
            self.collect = True; self.cell_text.append("")
        if tag == "div" and "result" in cls: self.results += 1
        if tag == "script": self.scripts += 1
        if tag == "svg" and "trend" in cls: self.trend += 1
        if tag == "svg" and "gaps" in cls: self.gaps += 1
        for k in ("src", "href"):
            v = a.get(k)
            if v and not v.startswith("#"): self.external.append(v)
    def handle_endtag(self, tag):
        if tag == "table": self.in_matrix = False
        if tag == "td": self.collect = False
    def handle_data(self, data):
        if self.collect: self.cell_text[-1] += data

d = Dom(); d.feed(open(dom_path, encoding="utf-8").read())
errors = []
if d.cells != want_cells: errors.append(f"{d.cells} matrix cells, expected {want_cells}")
if d.filled != len(results): errors.append(f"{d.filled} filled cells, expected {len(results)}")
if d.results != len(results): errors.append(f"{d.results} evidence blocks, expected {len(results)}")
if d.trend != want_charts: errors.append(f"{d.trend} trend charts, expected {want_charts}")
if d.gaps != want_timelines: errors.append(f"{d.gaps} gap timelines, expected {want_timelines}")
if d.scripts: errors.append(f"{d.scripts} script elements")
if d.external: errors.append(f"external references: {d.external[:3]}")
labels = {"Met", "Not met", "Partially met", "Not assessable", "Excluded", "Waived", "Error", "\u2014"}
unlabelled = [t for t in d.cell_text if not any(t.strip().startswith(l) for l in labels)]
if unlabelled: errors.append(f"cells without a text label: {unlabelled[:3]}")
for e in errors: print(f"FAIL: {name}: {e}")
if not errors: print(f"ok: {name}: {d.cells} cells, {d.results} results, {d.trend} charts, {d.gaps} timelines")
sys.exit(1 if errors else 0)
PY
done
exit $fail
