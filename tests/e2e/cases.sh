#!/usr/bin/env bash
# End-to-end compliance cases: for each tests/cases/<name>/ run
#   specaudit check spec.yaml [*.xml] [*.csv] [args...] --format json
# from inside the case directory and compare with the case's files:
#   expected.json  the whole JSON report (golden file)
#   exit           the expected exit status (0, 1 or 2)
#   expect.txt     hand-computed verdicts, one line each:
#                    REQUIREMENT PROVIDER VERDICT [MEASURED]
#                  PROVIDER "-" is the system-wide row; MEASURED is compared to 0.05;
#                  a provider's share of a system-wide requirement is no verdict:
#                  VERDICT is "share" (its rows count in the system-wide row) or
#                  "share_not_counted"
#                  or a line "jq FILTER": FILTER on the JSON report must give true
#                    (e.g. jq .summary.status == "not_demonstrated")
#   expect-FORMAT.txt  optional, FORMAT one of text html md csv junit sarif: the
#                  report in that format, from the same arguments, must contain
#                  each line as a fixed string; a line "!STRING" must not occur,
#                  "=N STRING" must occur exactly N times
#   args           optional extra arguments, one per line (e.g. --period, DATASET=file,
#                  --submissions manifest.csv: a CSV file named here is not passed as a return)
#   README         what the case shows, and the hand computation behind expect.txt
# Every case also runs with -j 2 and the return files in reverse order; the
# report must be byte-identical (with SA_SANITIZED set, only determinism-* cases).
#
# Regenerate the golden files after an intended change (then review the diff):
#   SA_UPDATE=1 ctest --test-dir BUILD -R e2e.cases
# expect.txt is never regenerated: it holds the hand-computed answers.
set -u
: "${SPECAUDIT:?path to the specaudit binary}"
: "${SA_TESTS_DIR:?tests directory}"
cases_dir="$SA_TESTS_DIR/cases"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
count=0

run_case() {
  local dir=$1 name
  name=$(basename "$dir")
  count=$((count + 1))
  local -a xml=() csv=() extra=()
  local f
  while IFS= read -r f; do xml+=("$f"); done < <(cd "$dir" && ls -1 *.xml 2>/dev/null | LC_ALL=C sort)
  if [ -f "$dir/args" ]; then
    while IFS= read -r f; do [ -n "$f" ] && extra+=("$f"); done < "$dir/args"
  fi
  # A CSV file named in args (a submissions manifest) is not a return.
  while IFS= read -r f; do
    printf '%s\n' "${extra[@]}" | grep -qxF -- "$f" || csv+=("$f")
  done < <(cd "$dir" && ls -1 *.csv 2>/dev/null | LC_ALL=C sort)
  local out="$tmp/$name.json" status
  (cd "$dir" && "$SPECAUDIT" check spec.yaml "${xml[@]}" "${csv[@]}" "${extra[@]}" --format json -j 1 \
      > "$out" 2> "$tmp/$name.err")
  status=$?
  if [ -n "${SA_UPDATE:-}" ]; then
    cp "$out" "$dir/expected.json"
    echo "$status" > "$dir/exit"
  fi
  local ok=1
  if [ ! -f "$dir/expected.json" ] || ! cmp -s "$out" "$dir/expected.json"; then
    echo "FAIL $name: report differs from expected.json"
    diff -u "$dir/expected.json" "$out" | head -40
    ok=0
  fi
  local want_exit
  want_exit=$(cat "$dir/exit" 2>/dev/null || echo "?")
  if [ "$status" != "$want_exit" ]; then
    echo "FAIL $name: exit status $status, expected $want_exit"
    sed -n 1,20p "$tmp/$name.err"
    ok=0
  fi
  # Hand-computed verdicts.
  if [ -f "$dir/expect.txt" ] && [ ! -s "$out" ] && grep -qv '^\(#.*\)\?$' "$dir/expect.txt"; then
    echo "FAIL $name: no report, but expect.txt lists verdicts"
    ok=0
  elif [ -f "$dir/expect.txt" ]; then
    local req prov verdict measured rest got line
    while IFS= read -r line; do
      if [[ $line == "jq "* ]]; then
        if [ "$(jq "${line#jq }" "$out" 2>&1)" != "true" ]; then
          echo "FAIL $name: not true: ${line#jq }"
          ok=0
        fi
        continue
      fi
      read -r req prov verdict measured rest <<< "$line"
      case "$req" in ''|'#'*) continue;; esac
      got=$(jq -r --arg r "$req" --arg p "$prov" '
        [.results[] | select(.requirement_id == $r and
          ((($p == "-") and (.provider == null)) or (.provider != null and .provider.code == $p)))]
        | if length == 0 then "missing"
          else ((.[0].verdict // (if .[0].share == null then "none" elif .[0].share.counted then "share"
                                  else "share_not_counted" end))
                + " " + ((.[0].measured.value // "none") | tostring)) end' "$out")
      local gv=${got%% *} gm=${got#* }
      if [ "$gv" != "$verdict" ]; then
        echo "FAIL $name: $req $prov verdict $gv, hand-computed $verdict"
        ok=0
      elif [ -n "${measured:-}" ]; then
        if ! awk -v a="$gm" -v b="$measured" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "none" && d <= 0.05) }'; then
          echo "FAIL $name: $req $prov measured $gm, hand-computed $measured"
          ok=0
        fi
      fi
    done < "$dir/expect.txt"
  fi
  check_formats "$dir" "$name" || ok=0
  # Same report with two jobs and with the returns named in reverse order (under
  # sanitizers, where every run is slow, only for the determinism cases).
  if [ ${#csv[@]} -gt 0 ] && { [ -z "${SA_SANITIZED:-}" ] || [[ $name == determinism* ]]; }; then
    local -a rev=()
    local i
    for ((i = ${#csv[@]} - 1; i >= 0; i--)); do rev+=("${csv[$i]}"); done
    (cd "$dir" && "$SPECAUDIT" check spec.yaml "${xml[@]}" "${rev[@]}" "${extra[@]}" --format json -j 2 \
        > "$tmp/$name.j2.json" 2>/dev/null)
    if ! cmp -s "$out" "$tmp/$name.j2.json"; then
      echo "FAIL $name: report differs with -j 2 and the returns in reverse order"
      diff -u "$out" "$tmp/$name.j2.json" | head -20
      ok=0
    fi
  fi
  [ $ok -eq 1 ] || failed=$((failed + 1))
}

# The expect-FORMAT.txt files of a case: strings its report in FORMAT must
# (or, after "!", must not) contain, or contain exactly N times ("=N ").
check_formats() {
  local dir=$1 name=$2 fmt want report ok=1 line n got
  for want in "$dir"/expect-*.txt; do
    [ -f "$want" ] || continue
    fmt=${want##*/expect-}
    fmt=${fmt%.txt}
    report="$tmp/$name.$fmt"
    (cd "$dir" && "$SPECAUDIT" check spec.yaml "${xml[@]}" "${csv[@]}" "${extra[@]}" --format "$fmt" -j 1 \
        > "$report" 2>/dev/null)
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      if [[ $line == '!'* ]]; then
        if grep -qF -- "${line#!}" "$report"; then echo "FAIL $name: $fmt report contains: ${line#!}"; ok=0; fi
      elif [[ $line =~ ^=([0-9]+)\ (.*)$ ]]; then
        n=${BASH_REMATCH[1]}
        got=$(grep -oF -- "${BASH_REMATCH[2]}" "$report" | wc -l)
        if [ "$got" -ne "$n" ]; then
          echo "FAIL $name: $fmt report has $got times, expected $n: ${BASH_REMATCH[2]}"
          ok=0
        fi
      elif ! grep -qF -- "$line" "$report"; then
        echo "FAIL $name: $fmt report lacks: $line"
        ok=0
      fi
    done < "$want"
  done
  [ $ok -eq 1 ]
}

for dir in "$cases_dir"/*/; do
  [ -f "$dir/spec.yaml" ] || continue
  run_case "${dir%/}"
done
echo "$count cases, $failed failed"
[ "$count" -gt 0 ] && [ "$failed" -eq 0 ]
