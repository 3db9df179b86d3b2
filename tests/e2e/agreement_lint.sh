#!/usr/bin/env bash
# agreement_lint.sh — `specaudit lint` over heads of agreement: every bundled
# agreement lints clean against its specification (exit 0, no errors), and
# every invalid fixture in tests/fixtures/agreement/invalid/expected.tsv gives
# its own code at its own line, with exit 1 (exit 0 for a warning-only fixture).
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
FIX="$SA_TESTS_DIR/fixtures/agreement"
export SPECAUDIT_SCHEMA_DIR="$SA_SOURCE_DIR/specs/schema"
export NO_COLOR=1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# ---- the bundled examples -----------------------------------------------------------
out=$("$SPECAUDIT" lint "$SA_SOURCE_DIR"/specs/*.yaml "$SA_SOURCE_DIR"/specs/*/*.xml 2>&1)
rc=$?
[ "$rc" -eq 0 ] || fail "bundled examples: exit $rc, expected 0"$'\n'"$out"
if grep -q 'error\[' <<<"$out"; then fail "bundled examples report errors:"$'\n'"$out"; fi
naggs=$(ls "$SA_SOURCE_DIR"/specs/*/*.xml | wc -l)
[ "$naggs" -ge 12 ] || fail "expected at least 12 bundled agreements, found $naggs"
# The county example keeps one waiver that ends mid-year, shown as a warning.
grep -q 'county-spc/8ZA01-st-aldhelms-hospice.xml:[0-9]*:[0-9]*: warning\[W-AGR-WAIVER-EXPIRED\]' <<<"$out" \
  || fail "expected the expired waiver warning for 8ZA01 in county-spc"$'\n'"$out"
# Each example directory lints on its own with its specification.
for spec in "$SA_SOURCE_DIR"/specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  ls "$SA_SOURCE_DIR/specs/$name"/*.xml >/dev/null 2>&1 || { fail "$name has no agreements"; continue; }
  "$SPECAUDIT" lint "$spec" "$SA_SOURCE_DIR/specs/$name"/*.xml >/dev/null 2>&1 \
    || fail "$name: its agreements do not lint clean on their own"
done
# Without their specification, agreements cannot be bound: exit 1 with E-AGR-UNKNOWN-SPEC.
out=$("$SPECAUDIT" lint "$SA_SOURCE_DIR"/specs/county-spc/*.xml 2>&1)
rc=$?
[ "$rc" -eq 1 ] && grep -q 'error\[E-AGR-UNKNOWN-SPEC\]' <<<"$out" \
  || fail "agreements without their spec: exit $rc"$'\n'"$out"

# ---- the invalid fixtures -------------------------------------------------------------
cases=0
while IFS=$'\t' read -r file code line companion; do
  case "$file" in ''|'#'*) continue ;; esac
  cases=$((cases + 1))
  args=("$FIX/spec.yaml")
  [ "$companion" != "-" ] && args+=("$FIX/invalid/$companion")
  args+=("$FIX/invalid/$file")
  out=$("$SPECAUDIT" lint "${args[@]}" 2>&1)
  rc=$?
  case "$code" in
    W-*) want_rc=0; sev=warning ;;
    *) want_rc=1; sev=error ;;
  esac
  [ "$rc" -eq "$want_rc" ] || fail "$file: exit $rc, expected $want_rc"$'\n'"$out"
  grep -qE "invalid/${file//./\\.}:${line}(:[0-9]+)?: ${sev}\\[${code}\\]" <<<"$out" \
    || fail "$file: expected ${sev}[${code}] at line ${line}"$'\n'"$out"
  # exactly one kind of error per fixture
  others=$(grep -oE 'error\[[A-Z-]+\]' <<<"$out" | sort -u | grep -v "error\\[${code}\\]" || true)
  [ -z "$others" ] || fail "$file: other errors besides $code: $others"
done <"$FIX/invalid/expected.tsv"
[ "$cases" -ge 15 ] || fail "expected at least 15 invalid fixtures, found $cases"

# ---- machine-readable output carries the same code and line --------------------------
if out=$("$SPECAUDIT" lint --format json "$FIX/spec.yaml" "$FIX/invalid/unknown-requirement.xml" 2>/dev/null); then
  fail "json lint of an invalid fixture exited 0"
fi
grep -q 'E-AGR-UNKNOWN-REQUIREMENT' <<<"$out" || fail "json output lacks the code"$'\n'"$out"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: bundled agreements clean, $cases invalid fixtures each with their code and line"
