#!/usr/bin/env bash
# `specaudit lint` reports each bad expression in tests/fixtures/expr/*.yaml
# at the line and column of the offending part of the expression, with the
# code and message listed in the fixture's .expected file, and exits 1.
# Regenerate an .expected file after a deliberate change with:
#   cd tests/fixtures/expr && specaudit lint NAME.yaml | grep -E '^[^ ]+:[0-9]+:[0-9]+: ' > NAME.expected
# (then check every position by hand).
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
fail=0
count=0
cd "$SA_TESTS_DIR/fixtures/expr" || exit 1
for spec in *.yaml; do
  name=${spec%.yaml}
  count=$((count + 1))
  if [ ! -f "$name.expected" ]; then
    echo "FAIL $spec: no $name.expected beside it"; fail=1; continue
  fi
  out=$("$SPECAUDIT" lint "$spec" 2>&1)
  rc=$?
  got=$(printf '%s\n' "$out" | grep -E '^[^ ]+:[0-9]+:[0-9]+: ')
  want=$(cat "$name.expected")
  if [ "$rc" -ne 1 ]; then
    echo "FAIL $spec: exit status $rc, expected 1"; printf '%s\n' "$out"; fail=1
  elif [ "$got" != "$want" ]; then
    echo "FAIL $spec: diagnostics differ"
    diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  /'
    fail=1
  fi
  # Every expected diagnostic is an expression diagnostic.
  if grep -qv 'error\[E-EXPR-' "$name.expected"; then
    echo "FAIL $name.expected lists a diagnostic that is not E-EXPR-*"; fail=1
  fi
done
if [ "$count" -lt 2 ]; then
  echo "FAIL: only $count expression fixtures"; fail=1
fi
# The same expressions, corrected, lint clean.
fixed=$(mktemp)
trap 'rm -f "$fixed"' EXIT
sed -e "s/received_at >= '2007-06-05'/received_at >= 2007-06-05/" \
    -e "s/age ~ '\^1\[0-9\]'/age >= 10/" \
    -e 's/<= 4h"/<= 4"/' \
    -e 's/first_contact_at)$/first_contact_at) <= 1/' \
    -e "s/'exclusion_reason > \"a\" or age > 17'/'exclusion_reason ~ \"^a\" or age > 17'/" \
    -e 's/hour(age)/hour(received_at)/' type-errors.yaml > "$fixed"
out=$("$SPECAUDIT" lint "$fixed" 2>&1)
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "FAIL: corrected type-errors.yaml does not lint clean (exit $rc)"; printf '%s\n' "$out"; fail=1
fi
[ $fail -eq 0 ] && echo "ok: $count expression fixtures report every error at its line:col"
exit $fail
