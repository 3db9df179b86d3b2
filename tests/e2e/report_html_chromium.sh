#!/usr/bin/env bash
# report_html_chromium.sh — the HTML reports render in headless Chromium and
# the rendered DOM is what the JSON report of the same results implies: one
# matrix cell per requirement x provider column, a text label in each, one
# evidence block per result, the trend charts and coverage timelines, verdict
# colours applied by the inline stylesheet, and no script or external
# resource. The headline and the severity table say what the JSON summary
# says; a share (verdict null in JSON) is drawn as a share, never as a
# verdict; each coverage timeline's uncovered marks add up to the JSON's
# uncovered minutes. At 400 px wide (a phone) the page does not scroll
# sideways and period tables wrap into one block per period.
# One Chromium process serves every page (DevTools protocol over
# --remote-debugging-pipe), since each start costs seconds.
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
  echo "SKIP: python3 is needed to drive Chromium"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pages=()
for html in "$src"/tests/golden/report/*.html "$src"/reports/*.html; do
  [ -f "$html" ] && [ -f "${html%.html}.json" ] && pages+=("$html")
done
[ ${#pages[@]} -gt 0 ] || { echo "no HTML reports found"; exit 1; }

exec "$py" - "$chrome" "$tmp" "${pages[@]}" <<'PY'
import json, os, subprocess, sys, time

chrome, tmp, pages = sys.argv[1], sys.argv[2], sys.argv[3:]

# Chromium reads commands on fd 3 and writes replies on fd 4, NUL-separated.
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
def child_fds():
    os.dup2(to_chrome_r, 3)
    os.dup2(from_chrome_w, 4)
proc = subprocess.Popen(
    [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
     "--user-data-dir=" + os.path.join(tmp, "profile"), "--remote-debugging-pipe", "about:blank"],
    pass_fds=(3, 4), preexec_fn=child_fds, stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "chrome.err"), "w"))
os.close(to_chrome_r)
os.close(from_chrome_w)
writer = os.fdopen(to_chrome_w, "wb", buffering=0)
reader = os.fdopen(from_chrome_r, "rb", buffering=0)
pending = b""
next_id = 0
deadline = time.time() + 240

def call(method, params=None, session=None):
    global next_id, pending
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    writer.write(json.dumps(msg).encode() + b"\0")
    while True:
        if time.time() > deadline:
            raise SystemExit("FAIL: Chromium did not answer in time")
        while b"\0" not in pending:
            chunk = reader.read(1 << 16)
            if not chunk:
                raise SystemExit("FAIL: Chromium exited: " + open(os.path.join(tmp, "chrome.err")).read()[-500:])
            pending += chunk
        raw, pending = pending.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(f"FAIL: {method}: {reply['error']}")
            return reply.get("result", {})

def evaluate(session, expr):
    r = call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session)
    return r.get("result", {}).get("value")

PROBE = r"""(() => {
  const q = s => Array.from(document.querySelectorAll(s));
  const cells = q('table.matrix td.cell');
  const bg = cls => { const c = document.querySelector('table.matrix td.cell.' + cls);
                      return c ? getComputedStyle(c).backgroundColor : null; };
  return {
    title: document.title,
    cells: cells.length,
    filled: cells.filter(c => !c.classList.contains('v-none')).length,
    labels: cells.map(c => c.textContent.trim()),
    rows: q('table.matrix tbody tr').length,
    columns: q('table.matrix thead th.provider').length,
    results: q('div.result').length,
    trend: q('svg.trend').length,
    gaps: q('svg.gaps').length,
    targets: q('svg.trend line.target').length,
    scripts: q('script').length,
    external: q('[src],link[href]').map(e => e.getAttribute('src') || e.getAttribute('href'))
                .concat(q('a[href]').map(a => a.getAttribute('href')).filter(h => !h.startsWith('#'))),
    met_bg: bg('v-met'), not_met_bg: bg('v-not_met'),
    verdict_rows: q('table.verdicts tbody tr').length,
    headline: (document.querySelector('p.overall') || {}).textContent,
    status: (document.querySelector('p.overall') || {dataset: {}}).dataset.status,
    severity: q('table.severity tbody tr').map(tr =>
      [tr.dataset.severity].concat(Array.from(tr.querySelectorAll('td')).map(td => +td.textContent))),
    blocks: q('div.result').map(d => ({id: d.id, share: d.classList.contains('b-share'),
      badge: (d.querySelector('h4 .badge') || {}).textContent,
      uncovered: d.querySelector('svg.timeline') ?
        Array.from(d.querySelectorAll('svg.timeline rect.uncov')).reduce((a, r) => a + (+r.dataset.uncovered), 0) : null})),
    share_cells: q('table.matrix td.cell.v-share').length,
  };
})()"""

NARROW = r"""(() => {
  const periods = Array.from(document.querySelectorAll('table.periods'));
  return {
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    wide_periods: periods.filter(t => t.getBoundingClientRect().width > window.innerWidth).length,
    block_rows: periods.filter(t => t.querySelector('tbody tr') &&
                  getComputedStyle(t.querySelector('tbody tr')).display === 'block').length,
    periods: periods.length,
  };
})()"""

STATUS_LABEL = {"compliant": "Compliant", "not_compliant": "Not compliant",
                "not_demonstrated": "Compliance not demonstrated"}

def check_summary(report, got):
    """The headline, severity table, share blocks and timelines against the JSON."""
    errors = []
    summ = report["summary"]
    label = STATUS_LABEL[summ["status"]]
    want_headline = label + "." + summ["headline"][len(label) + 1:]
    if got["status"] != summ["status"] or not (got["headline"] or "").startswith(want_headline):
        errors.append(f"headline {got['headline']!r}, JSON says {summ['headline']!r}")
    sev = [[k] + [summ["by_severity"][k][f] for f in ("requirements", "falling_short", "not_demonstrated")]
           for k in ("critical", "major", "minor")]
    if got["severity"] != sev:
        errors.append(f"severity table {got['severity']}, JSON says {sev}")
    results = report["results"]
    for b in got["blocks"]:
        r = results[int(b["id"][4:])]
        if (r["verdict"] is None) != b["share"] or (b["share"] and b["badge"] != "Share"):
            errors.append(f"{b['id']}: drawn as {b['badge']!r}, JSON verdict {r['verdict']!r}")
        if b["uncovered"] is not None and round(b["uncovered"] / 60) != r["gaps"]["minutes_total"]:
            errors.append(f"{b['id']}: timeline draws {b['uncovered'] / 60:.1f} uncovered minutes, "
                          f"JSON {r['gaps']['minutes_total']}")
    shares = sum(1 for r in results if r["verdict"] is None)
    if got["share_cells"] != shares or summ["shares"] != shares:
        errors.append(f"{got['share_cells']} share cells, JSON {shares} shares (summary {summ['shares']})")
    return errors

LABELS = ("Met", "Not met", "Partially met", "Not assessable", "Excluded", "Waived", "Error", "Share", "\u2014")
fail = 0
target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Runtime.enable", None, session)
for page in pages:
    report = json.load(open(page[:-5] + ".json", encoding="utf-8"))
    results = report["results"]
    reqs = list(dict.fromkeys(r["requirement_id"] for r in results))
    # A row without a provider is the system-wide one (scope system) or the commissioner's own duty.
    columns = {(r["provider"] or {}).get("code") or r["scope"] for r in results}
    want = {
        "cells": len(reqs) * len(columns), "filled": len(results), "rows": len(reqs),
        "columns": len(columns), "results": len(results),
        "trend": sum(1 for r in results if len(r["periods"]) >= 2
                     and any(p["measured"] is not None for p in r["periods"])),
        "gaps": sum(1 for r in results if r["check_kind"] == "coverage" and r["counts"]["denominator"] > 0),
        "scripts": 0, "external": [], "verdict_rows": 8,
    }
    call("Page.navigate", {"url": "file://" + page}, session)
    got = None
    for _ in range(400):
        if evaluate(session, "document.readyState") == "complete" and \
           evaluate(session, "location.href") == "file://" + page:
            got = evaluate(session, PROBE)
            break
        time.sleep(0.05)
    name = os.path.relpath(page)
    if got is None:
        print(f"FAIL: {name}: did not load"); fail = 1; continue
    errors = [f"{k}: {got[k]!r}, expected {v!r}" for k, v in want.items() if got[k] != v]
    errors += check_summary(report, got)
    call("Emulation.setDeviceMetricsOverride",
         {"width": 400, "height": 800, "deviceScaleFactor": 1, "mobile": True}, session)
    narrow = evaluate(session, NARROW)
    call("Emulation.clearDeviceMetricsOverride", None, session)
    if narrow["scroll"] > narrow["width"] + 1:
        errors.append(f"at 400 px the page is {narrow['scroll']} px wide: it scrolls sideways")
    if narrow["wide_periods"] or narrow["block_rows"] != narrow["periods"]:
        errors.append(f"at 400 px {narrow['wide_periods']} period tables overflow, "
                      f"{narrow['periods'] - narrow['block_rows']} do not wrap")
    unlabelled = [t for t in got["labels"] if not t.startswith(LABELS)]
    if unlabelled:
        errors.append(f"cells without a verdict label: {unlabelled[:3]}")
    if got["met_bg"] and got["not_met_bg"] and got["met_bg"] == got["not_met_bg"]:
        errors.append("met and not met cells have the same colour")
    if got["trend"] and got["targets"] == 0 and any(r["target"] for r in results):
        errors.append("trend charts without a target line")
    for e in errors:
        print(f"FAIL: {name}: {e}")
    if errors:
        fail = 1
    else:
        print(f"ok: {name}: {got['cells']} matrix cells ({got['rows']} requirements x {got['columns']} columns), "
              f"{got['results']} results, {got['trend']} trend charts, {got['gaps']} coverage timelines, "
              f"{got['share_cells']} shares; headline and severity table as in the JSON")
try:
    call("Browser.close")
except SystemExit:
    pass
proc.wait(timeout=30)
sys.exit(fail)
PY
