#!/usr/bin/env bash
# Every invalid specification fixture yields exactly the diagnostics listed in
# its .expected file (file:line:col: severity[CODE]) and exit status 1; every
# valid fixture and every bundled example lints clean with exit status 0.
# Regenerate an .expected file after a deliberate change with:
#   cd tests/fixtures/spec/invalid && specaudit lint NAME.yaml | grep -v ' in 1 file' \
#     | sed 's/\(: \(error\|warning\)\[[^]]*\]\).*/\1/' > NAME.expected
# (then check every position by hand).
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
fail=0
count=0
cd "$SA_TESTS_DIR/fixtures/spec/invalid" || exit 1
# One run over every fixture (fast under sanitizers and valgrind): lint
# reports all files' problems sorted by file, so each file's lines are its own.
all=$("$SPECAUDIT" lint ./*.yaml 2>&1)
rc=$?
if [ "$rc" -ne 1 ]; then
  echo "FAIL: linting all invalid fixtures exited $rc, expected 1"; fail=1
fi
for spec in *.yaml; do
  name=${spec%.yaml}
  count=$((count + 1))
  if [ ! -f "$name.expected" ]; then
    echo "FAIL $spec: no $name.expected beside it"; fail=1; continue
  fi
  got=$(printf '%s\n' "$all" | grep -F "./$spec:" | sed 's|^\./||' \
        | grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning|note)\[' \
        | sed 's/\(: \(error\|warning\|note\)\[[^]]*\]\).*/\1/')
  want=$(cat "$name.expected")
  if [ "$got" != "$want" ]; then
    echo "FAIL $spec: diagnostics differ"
    diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  /'
    fail=1
  fi
  # Each fixture on its own exits 1 (skipped where process start-up is slow).
  if [ -z "${SA_SANITIZED:-}" ] && [ -z "${SA_VALGRIND:-}" ]; then
    "$SPECAUDIT" lint "$spec" >/dev/null 2>&1
    rc=$?
    if [ "$rc" -ne 1 ]; then echo "FAIL $spec: exit status $rc, expected 1"; fail=1; fi
  fi
done
if [ "$count" -lt 25 ]; then
  echo "FAIL: only $count invalid fixtures (expected at least 25)"; fail=1
fi

cd "$SA_TESTS_DIR/fixtures/spec/valid" || exit 1
for spec in *.yaml; do
  out=$("$SPECAUDIT" lint "$spec" 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -q 'error\['; then
    echo "FAIL valid fixture $spec: exit $rc"; printf '%s\n' "$out"; fail=1
  fi
done

cd "$SA_SOURCE_DIR" || exit 1
specs=(specs/*.yaml)
out=$("$SPECAUDIT" lint "${specs[@]}" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] || ! printf '%s\n' "$out" | grep -qx "0 errors, 0 warnings in ${#specs[@]} files"; then
  echo "FAIL: bundled examples do not lint clean (exit $rc)"; printf '%s\n' "$out"; fail=1
fi
# the examples with their heads of agreement, as the README shows
shopt -s nullglob
agreements=(specs/*/*.xml)
if ((${#agreements[@]})); then
  out=$("$SPECAUDIT" lint specs/*.yaml "${agreements[@]}" 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ] || ! printf '%s\n' "$out" | grep -qE '^0 errors, [0-9]+ warnings? in [0-9]+ files$'; then
    echo "FAIL: bundled examples with their agreements do not lint clean (exit $rc)"; printf '%s\n' "$out"; fail=1
  fi
fi
[ $fail -eq 0 ] && echo "ok: $count invalid fixtures, valid fixtures and bundled examples"
exit $fail
