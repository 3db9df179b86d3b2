#!/usr/bin/env bash
# The man page renders without warnings, and documents every command and
# every option each command's --help lists (so the two cannot drift apart).
set -euo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
page=$SA_SOURCE_DIR/doc/specaudit.1
[ -f "$page" ] || { echo "FAIL: $page missing"; exit 1; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }

if command -v groff >/dev/null; then
  warnings=$(groff -mandoc -ww -z "$page" 2>&1 || true)
  [ -z "$warnings" ] || bad "groff warnings: $warnings"
else
  echo "groff not installed (Debian: groff-base): rendering check skipped"
fi
if command -v man >/dev/null; then
  # MANROFFSEQ= keeps man from running preprocessors named in the page
  warnings=$(MANROFFSEQ= MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null || true)
  [ -z "$warnings" ] || bad "man -l warnings: $warnings"
  text=$(MANWIDTH=80 man -l "$page" 2>/dev/null)
  grep -q "specaudit diff" <<<"$text" || bad "man -l rendered nothing useful"
else
  echo "man not installed (Debian: man-db): man -l check skipped"
fi

# every command of `specaudit --help` has a section
commands=$("$SPECAUDIT" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}')
[ -n "$commands" ] || bad "no commands found in specaudit --help"
for cmd in $commands; do
  grep -qx "\.Ss $cmd" "$page" || bad "no section for '$cmd'"
  # every option its --help lists appears in the page (as .Fl -name or .Fl x)
  help=$("$SPECAUDIT" "$cmd" --help 2>&1) || true
  for opt in $(grep -oE '^ +(-[a-zA-Z], )?--?[a-z][a-z-]*' <<<"$help" | grep -oE -- '--?[a-z][a-z-]*'); do
    grep -qE "(^|[ .])Fl (${opt#-})( |$)" "$page" || bad "$cmd: option $opt not in the man page"
  done
done
for var in NO_COLOR SPECAUDIT_SCHEMA_DIR; do
  grep -q "^\.It Ev $var" "$page" || bad "environment variable $var not documented"
done
grep -q '^\.Sh EXIT STATUS' "$page" || bad "no EXIT STATUS section"

[ "$fail" -eq 0 ] && echo "manpage: passed"
exit $fail
