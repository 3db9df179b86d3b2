#!/usr/bin/env bash
# The compliance report does not depend on the order of rows in a return, the
# order of returns on the command line or the number of jobs. Rows of every
# return of a few cases are shuffled (fixed seed) and the reports compared:
# identical except which row numbers the examples point at (and the returns'
# checksums: their bytes differ); with every example kept, the same example
# messages.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
strip='del(.results[].examples.items) | del(.inputs[].sha256)'
for name in determinism-shuffled-rows coverage-system-union mdt-monthly-per submission-late-return; do
  src="$SA_TESTS_DIR/cases/$name"
  dst="$tmp/$name"
  mkdir -p "$dst"
  cp "$src"/spec.yaml "$dst"/
  cp "$src"/*.xml "$dst"/ 2>/dev/null || true
  csvs=()
  for f in "$src"/*.csv; do
    b=$(basename "$f")
    csvs+=("$b")
    { head -n 1 "$f"; tail -n +2 "$f" | shuf --random-source=<(yes 7); } > "$dst/$b"
  done
  xml=$(cd "$src" && ls *.xml 2>/dev/null)
  (cd "$src" && "$SPECAUDIT" check spec.yaml $xml "${csvs[@]}" --format json -j 1 --max-examples 1000 > "$tmp/a.json" 2>/dev/null)
  rev=()
  for ((i = ${#csvs[@]} - 1; i >= 0; i--)); do rev+=("${csvs[$i]}"); done
  (cd "$dst" && "$SPECAUDIT" check spec.yaml $xml "${rev[@]}" --format json -j 2 --max-examples 1000 > "$tmp/b.json" 2>/dev/null)
  if ! diff <(jq -S "$strip" "$tmp/a.json") <(jq -S "$strip" "$tmp/b.json") > "$tmp/diff"; then
    echo "FAIL $name: report depends on row or file order"
    head -20 "$tmp/diff"
    failed=1
  fi
  if ! diff <(jq -r '.results[].examples.items[].message' "$tmp/a.json" | LC_ALL=C sort) \
            <(jq -r '.results[].examples.items[].message' "$tmp/b.json" | LC_ALL=C sort) > "$tmp/diff"; then
    echo "FAIL $name: different examples after shuffling"
    head -20 "$tmp/diff"
    failed=1
  fi
  [ -s "$tmp/a.json" ] || { echo "FAIL $name: no report"; failed=1; }
done
[ $failed -eq 0 ] && echo "determinism: all passed"
exit $failed
