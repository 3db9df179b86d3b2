#!/usr/bin/env bash
# report_examples_fresh.sh — fails when reports/ is stale: regenerates the
# reports of the bundled examples into a temporary directory with the built
# binary and compares them byte for byte with the committed ones
# (ci/regen-reports --check). Skips while `specaudit check` is unavailable or
# no example has returns yet.
set -u
src=${SA_SOURCE_DIR:?}
: "${SPECAUDIT:?}"
if ! compgen -G "$src/specs/*/returns/*.csv" >/dev/null; then
  echo "SKIP: no bundled example has returns"
  exit 0
fi
probe=$("$SPECAUDIT" check --help 2>&1 || true)
if printf '%s' "$probe" | grep -q "not available in this build"; then
  echo "SKIP: specaudit check is not available in this build"
  exit 0
fi
SPECAUDIT="$SPECAUDIT" "$src/ci/regen-reports" --check
