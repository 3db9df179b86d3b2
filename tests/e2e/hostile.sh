#!/usr/bin/env bash
# hostile.sh — the adversarial corpus in tests/hostile/ (plus the large inputs
# generated here on the fly: deep nesting, a 100 MB scalar, a 1 GB CSV field,
# a million columns). Each input must give a clear error (exit 1 or 2 with an
# E-* diagnostic), within bounded time and memory, without a crash, and
# without reading local files or the network on the parser's behalf.
# Commands not yet available in this build are skipped.
set -u
. "$SA_TESTS_DIR/hostile/lib.sh"
H=$HOSTILE

# ---- specifications (YAML) -----------------------------------------------------
if sa_available lint; then
  for f in "$H"/spec/*.yaml; do
    sa_expect "spec/$(basename "$f")" "1 2" 'error\[E-' -- lint "$f"
  done
  # 100 000 levels of flow sequences and of flow mappings
  { printf 'specaudit: 1\nid: deep\nversion: "1"\ntitle: deep\ndatasets: '
    head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; echo; } >"$TMP/deep-seq.yaml"
  sa_expect spec/deep-seq-100000 "1 2" 'error\[E-' -- lint "$TMP/deep-seq.yaml"
  { printf 'specaudit: 1\nid: deep\nversion: "1"\ntitle: deep\ndatasets: '
    for _ in $(seq 1 10000); do printf '{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: '; done
    for _ in $(seq 1 10000); do printf '}}}}}}}}}}'; done; echo; } >"$TMP/deep-map.yaml"
  sa_expect spec/deep-map-100000 "1 2" 'error\[E-' -- lint "$TMP/deep-map.yaml"
  # block-style nesting, each level one more space of indentation (2 000 levels: 2 MB)
  awk 'BEGIN { printf "specaudit: 1\nid: deep\nversion: \"1\"\ntitle: deep\ndatasets:\n";
               for (i = 1; i <= 2000; i++) { printf "%*s- \n", i, "" } }' >"$TMP/deep-block.yaml"
  sa_expect spec/deep-block-2000 "1 2" 'error\[E-' -- lint "$TMP/deep-block.yaml"
  # a 100 MB scalar (over the default input limit) and a 10 MB one (under it)
  # (20 MB of letters, past the 16 MiB input limit, then a hole up to 100 MB:
  # the loader must stop at its limit without reaching the hole)
  { printf 'specaudit: 1\nid: big\nversion: "1"\ntitle: "'; head -c 20000000 /dev/zero | tr '\0' a; } >"$TMP/scalar-100mb.yaml"
  truncate -s 100M "$TMP/scalar-100mb.yaml"
  sa_expect spec/scalar-100mb "1 2" 'error\[E-' -- lint "$TMP/scalar-100mb.yaml"
  rm -f "$TMP/scalar-100mb.yaml"
  { printf 'specaudit: 1\nid: big\nversion: "1"\nperiod: {from: 2007-04-01, to: 2008-03-31}\ntitle: '; head -c 10000000 /dev/zero | tr '\0' a; printf '\ndatasets: {d: {columns: {"'; head -c 1000000 /dev/zero | tr '\0' b; printf '": {type: "'; head -c 1000000 /dev/zero | tr '\0' c; printf '"}}}}\n'; } >"$TMP/scalar-10mb.yaml"
  sa_expect spec/scalar-10mb "1 2" 'error\[E-' -- lint "$TMP/scalar-10mb.yaml"
  rm -f "$TMP/scalar-10mb.yaml"
  # 100 000 anchors, each aliased once: linear, must load without tripping a limit unduly
  { printf 'specaudit: 1\nid: anchors\nversion: "1"\ntitle: anchors\nperiod: {from: 2007-04-01, to: 2008-03-31}\nx:\n'
    awk 'BEGIN { for (i = 0; i < 100000; i++) printf "  - &a%d %d\n", i, i; printf "y:\n"; for (i = 0; i < 100000; i++) printf "  - *a%d\n", i }'; } >"$TMP/many-anchors.yaml"
  sa_expect spec/many-anchors "1 2" 'error\[E-' -- lint "$TMP/many-anchors.yaml"
else
  sa_skip "specifications: lint is not available in this build"
fi

# ---- heads of agreement (XML) ----------------------------------------------------
if sa_available lint; then
  echo "secret-$$-$RANDOM-token" >"$TMP/secret.txt"
  secret=$(cat "$TMP/secret.txt")
  for f in "$H"/agreement/*.xml; do
    b=$(basename "$f")
    case $b in
      xxe.xml | external-dtd*.xml | parameter-entities.xml | billion-laughs.xml) re='E-AGR-DOCTYPE' ;;
      *) re='error\[E-' ;;
    esac
    sa_expect "agreement/$b" "1 2" "$re" -- lint "$f"
    sa_absent "agreement/$b" 'root:x:0:0' "$TMP/agreement/$b.all"
    # the same attack aimed at a file only this test knows
    sed "s|file:///etc/passwd|file://$TMP/secret.txt|g" "$f" >"$TMP/secret-$b"
    sa_expect "agreement/secret-$b" "1 2" "$re" -- lint "$TMP/secret-$b"
    sa_absent "agreement/secret-$b" "$secret" "$TMP/agreement/secret-$b.all"
  done
  # 100 000 nested elements
  { printf '<?xml version="1.0"?>\n<agreement xmlns="urn:specaudit:agreement:1" id="D" version="1">'
    for _ in $(seq 1 10000); do printf '<a><a><a><a><a><a><a><a><a><a>'; done
    for _ in $(seq 1 10000); do printf '</a></a></a></a></a></a></a></a></a></a>'; done
    printf '</agreement>\n'; } >"$TMP/deep.xml"
  sa_expect agreement/deep-100000 "1 2" 'error\[E-' -- lint "$TMP/deep.xml"
  # quadratic blow-up: one 100 kB entity referenced 20 000 times (2 GB expanded)
  { printf '<?xml version="1.0"?>\n<!DOCTYPE agreement [<!ENTITY a "'; head -c 100000 /dev/zero | tr '\0' x
    printf '">]>\n<agreement xmlns="urn:specaudit:agreement:1" id="Q" version="1"><commissioner code="5XX">'
    for _ in $(seq 1 2000); do printf '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'; done
    printf '</commissioner></agreement>\n'; } >"$TMP/quadratic.xml"
  sa_expect agreement/quadratic-blowup "1 2" 'E-AGR-DOCTYPE' -- lint "$TMP/quadratic.xml"
  # a 100 MB text node (20 MB of letters, then a hole)
  { printf '<?xml version="1.0"?>\n<agreement xmlns="urn:specaudit:agreement:1" id="B" version="1"><commissioner code="5XX">'
    head -c 20000000 /dev/zero | tr '\0' a; } >"$TMP/big.xml"
  truncate -s 100M "$TMP/big.xml"
  sa_expect agreement/text-100mb "1 2" 'error\[E-' -- lint "$TMP/big.xml"
  rm -f "$TMP/big.xml"
else
  sa_skip "agreements: lint is not available in this build"
fi

# ---- activity returns (CSV) --------------------------------------------------------
R=$H/returns
spec=$R/spec.yaml
if sa_available validate; then
  for f in "$R"/*.csv; do
    b=$(basename "$f")
    exits="1 2" re='error\[E-'
    case $b in
      header-only.csv) exits=0 re='header-only.csv:1: warning\[W-RET-NO-ROWS\]' ;;
      mixed-eol.csv) exits=1 re=':4:[0-9]+: error\[E-RET-BAD-DATE' ;;
      ragged.csv) re='E-RET-ROW-WIDTH' ;;
      wrong-delimiter.csv) re='E-RET-MISSING-COLUMN' ;;
      unterminated-quote.csv) re='error\[E-RET-' ;;
    esac
    sa_expect "returns/$b" "$exits" "$re" -- validate "$spec" "referrals=$f"
  done
  # every line ending read as a record end: exactly one problem, on record 4
  if [ "$(grep -ac 'error\[' "$TMP/returns/mixed-eol.csv.all" 2>/dev/null || echo 0)" != 1 ]; then
    sa_fail "returns/mixed-eol.csv: expected exactly one error (the date on record 4)"
    sed 's/^/    | /' "$TMP/returns/mixed-eol.csv.all" | head
  fi
  # identifiers are masked in every validate format unless asked for
  for fmt in text json junit; do
    sa_run "returns/probe-$fmt" -- validate --format "$fmt" "$spec" "referrals=$R/header-only.csv"
    if grep -q 'cannot render' "$TMP/returns/probe-$fmt.err"; then
      sa_skip "returns/identifiers-$fmt: the $fmt renderer is not available in this build"
      continue
    fi
    sa_expect "returns/identifiers-$fmt" "1" 'error\[E-RET-|E-RET-' -- validate --format "$fmt" "$spec" "referrals=$R/identifiers.csv"
    for id in 9990000019 9990000026 "999 000 0034" 9990000034 9990000018; do
      sa_absent "returns/identifiers-$fmt" "$id" "$TMP/returns/identifiers-$fmt.all"
    done
  done
  sa_expect returns/identifiers-shown "1" '9990000019' -- validate --show-identifiers "$spec" "referrals=$R/identifiers.csv"

  # a 1 GB field: a sparse file, so the reader must stop at its field limit
  # long before the end (the first 2 MB are letters, the rest a hole)
  csvhead='referral_id,provider,nhs_number,received_at,urgency,note'
  for q in plain quoted; do
    g="$TMP/field-1gb-$q.csv"
    { printf '%s\nR1,8HX01,9990000018,2007-06-01T09:00,urgent,' "$csvhead"
      [ $q = quoted ] && printf '"'
      head -c 2000000 /dev/zero | tr '\0' a; } >"$g"
    truncate -s 1G "$g"
    # quoted, the record limit may be what trips first
    sa_expect "returns/field-1gb-$q" "1 2" 'E-RET-(FIELD|RECORD)-TOO-LONG' -- validate "$spec" "referrals=$g"
    rm -f "$g"
  done
  # the same through a pipe on standard input, when "-" is accepted
  sa_run stdin-probe --stdin "$R/mixed-eol.csv" -- validate "$spec" "referrals=-"
  if [ "$RC" = 1 ] && grep -q 'E-RET-BAD-DATE' "$TMP/stdin-probe.out" "$TMP/stdin-probe.err"; then
    mkfifo "$TMP/pipe"
    { printf '%s\nR1,8HX01,9990000018,2007-06-01T09:00,urgent,' "$csvhead"
      head -c 1000000000 /dev/zero | tr '\0' a; } >"$TMP/pipe" 2>/dev/null &
    writer=$!
    sa_expect returns/field-1gb-stdin "1 2" 'E-RET-FIELD-TOO-LONG' --stdin "$TMP/pipe" -- validate "$spec" "referrals=-"
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    # a 128 MB field under a raised limit through a pipe: read in time linear in its
    # length (a pipe gives 64 KiB a read; the record is parsed again only when the
    # buffer grows, not after each read: 10 s before, well under a second now)
    rm -f "$TMP/pipe"
    mkfifo "$TMP/pipe"
    { printf '%s\nR1,8HX01,9990000018,2007-06-01T09:00,urgent,"' "$csvhead"
      head -c 128000000 /dev/zero | tr '\0' a; printf '"\n'; } >"$TMP/pipe" 2>/dev/null &
    writer=$!
    if sa_expect returns/field-128mb-stdin "1" 'E-RET-TOO-LONG' --stdin "$TMP/pipe" -- \
        validate --max-field-bytes 200000000 "$spec" "referrals=-"; then
      if [ $sa_sanitized = 0 ] && awk -v e="$ELAPSED" 'BEGIN { exit !(e > 8) }'; then
        sa_fail "returns/field-128mb-stdin: ${ELAPSED}s to read a 128 MB field from a pipe (expected under 8 s)"
      fi
    fi
    wait "$writer" 2>/dev/null
  else
    sa_skip "returns/field-1gb-stdin: validate does not read a return from standard input"
  fi
  # a million columns in the header, and a million cells in a data row
  { seq -f 'c%g' 1 1000000 | paste -sd, -; echo 'R1,8HX01'; } >"$TMP/columns-1m.csv"
  sa_expect returns/columns-1m-header "1 2" 'error\[E-RET-' -- validate "$spec" "referrals=$TMP/columns-1m.csv"
  { echo "$csvhead"; seq 1 1000000 | paste -sd, -; } >"$TMP/cells-1m.csv"
  sa_expect returns/cells-1m-row "1 2" 'error\[E-RET-' -- validate "$spec" "referrals=$TMP/cells-1m.csv"
  rm -f "$TMP/columns-1m.csv" "$TMP/cells-1m.csv"
  # 200 000 rows each with a bad cell: diagnostics are capped, time stays linear
  awk -v h="$csvhead" 'BEGIN { print h; for (i = 0; i < 200000; i++) printf "R%d,8HX01,,2007-02-30T09:00,later,x\n", i }' >"$TMP/bad-rows.csv"
  sa_expect returns/bad-rows-200k "1" 'error\[E-RET-' -- validate "$spec" "referrals=$TMP/bad-rows.csv"
  if [ "$(wc -l <"$TMP/returns/bad-rows-200k.all")" -gt 5000 ]; then
    sa_fail "returns/bad-rows-200k: $(wc -l <"$TMP/returns/bad-rows-200k.all") lines of output; diagnostics should be capped"
  fi
  rm -f "$TMP/bad-rows.csv"
else
  sa_skip "returns: validate is not available in this build"
fi

# ---- the same returns through the engine ------------------------------------------
# A return that cannot be read as CSV to the end, or lacks the dataset's
# columns, is unusable input (exit 2) or a failing check (1), never a clean
# pass; cell-level problems are reported and the verdicts stand (0 or 1).
if sa_available check; then
  for f in "$R"/*.csv; do
    b=$(basename "$f")
    case $b in
      unterminated-quote.csv | empty.csv | bom-only.csv | wrong-delimiter.csv) exits="1 2" re='error\[E-RET-' ;;
      header-only.csv) exits="0 1 2" re='' ;;
      *) exits="0 1 2" re='error\[E-RET-' ;;
    esac
    sa_expect "check/$b" "$exits" "$re" -- check "$spec" "referrals=$f" --format json -o "$TMP/check-$b.json"
  done
else
  sa_skip "returns through check: check is not available in this build"
fi

sa_finish
