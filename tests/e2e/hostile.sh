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
    b=$(basename "$f")
    # reader errors at the offending byte (line:column), not at 1:1
    case $b in
      invalid-utf8.yaml) re=':4:13: error\[E-SPEC-YAML\]: invalid trailing UTF-8 octet' ;;
      nul-bytes.yaml) re=':2:8: error\[E-SPEC-YAML\]: control characters are not allowed \(found U\+0000\)' ;;
      control-chars.yaml) re=':6:15: error\[E-SPEC-YAML\]: control characters are not allowed \(found U\+001B\)' ;;
      *) re='error\[E-' ;;
    esac
    sa_expect "spec/$b" "1 2" "$re" -- lint "$f"
  done
  # an escaped NUL in each spelling (\0, \x00, \u0000): an error at each escape,
  # naming its key, instead of a value cut short
  for at in "4:10:'id'" "5:12:'version'" "6:17:'title'"; do
    grep -aqE "escaped-nul.yaml:${at%:*}: error\[E-SPEC-NUL\]: the value of ${at##*:} holds a NUL" \
      "$TMP/spec/escaped-nul.yaml.all" || sa_fail "spec/escaped-nul.yaml: no E-SPEC-NUL for ${at##*:} at ${at%:*}"
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
      # XML 1.0 and 1.1 have no NUL character, not even as a reference
      nul-charref.xml | nul-charref-xml11.xml) re=':2:[0-9]+: error\[E-AGR-XML\].*invalid xmlChar value 0' ;;
      nul-charref-hex.xml) re=':3:[0-9]+: error\[E-AGR-XML\].*invalid xmlChar value 0' ;;
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
  # 100 000 attributes on the root (1.1 MB): refused before the XML parser
  # compares each with all the others
  { printf '<?xml version="1.0"?>\n<agreement xmlns="urn:specaudit:agreement:1" id="A" version="1"'
    awk 'BEGIN { for (i = 0; i < 100000; i++) printf " a%d=\"x\"", i }'; printf '/>\n'; } >"$TMP/attrs.xml"
  sa_expect agreement/attributes-100000 "1 2" ':2:[0-9]+: error\[E-AGR-TOO-MANY-ATTRIBUTES\]' -- lint "$TMP/attrs.xml" &&
    sa_within_cpu agreement/attributes-100000 1
  sed '1s/?>/ encoding="UTF-16"?>/' "$TMP/attrs.xml" | iconv -f UTF-8 -t UTF-16 >"$TMP/attrs-utf16.xml"
  sa_expect agreement/attributes-100000-utf16 "1 2" 'error\[E-AGR-TOO-MANY-ATTRIBUTES\]' -- lint "$TMP/attrs-utf16.xml" &&
    sa_within_cpu agreement/attributes-100000-utf16 1
  # a 3.9 MB attribute value and a 3.9 MB text node: refused before schema validation
  riverside=$SA_TESTS_DIR/../specs/county-spc/8ZA02-riverside-hospice.xml
  head -c 3900000 /dev/zero | tr '\0' a >"$TMP/big.txt"
  echo >>"$TMP/big.txt"
  for what in 'reason="Smaller community:21:17:attribute' '<title>Riverside:3:3:text'; do
    IFS=: read -r pat line col kind <<<"$what"
    awk -v f="$TMP/big.txt" -v p="$pat" 'BEGIN { getline b <f; q = p; sub(/[A-Z].*/, "", q) }
      { i = index($0, p); if (i) $0 = substr($0, 1, i - 1) q b substr($0, i + length(p)) } 1' "$riverside" >"$TMP/$kind-4mb.xml"
    sa_expect agreement/$kind-4mb "1 2" ":$line:$col: error\\[E-AGR-VALUE-TOO-LONG\\]" -- lint "$TMP/$kind-4mb.xml" &&
      { [ "$RSS_MB" -le 64 ] || sa_fail "agreement/$kind-4mb: peak RSS ${RSS_MB} MB, expected at most 64"; }
  done
  # 2 000 schema errors: the first 100 are listed, the rest counted
  awk '/<reporting /{ for (i = 0; i < 2000; i++) print "  <exclude requirement=\"SPC-1\" bogus=\"1\" reason=\"r\"/>" } 1' "$riverside" >"$TMP/schema-errors.xml"
  sa_expect agreement/schema-errors-2000 "1" '1900 more schema errors not listed' -- lint "$TMP/schema-errors.xml"
  n=$(grep -c 'error\[E-AGR-SCHEMA\]' "$TMP/agreement/schema-errors-2000.all")
  [ "$n" = 101 ] || sa_fail "agreement/schema-errors-2000: $n E-AGR-SCHEMA lines, expected 101"
  rm -f "$TMP/attrs.xml" "$TMP/attrs-utf16.xml" "$TMP/attribute-4mb.xml" "$TMP/text-4mb.xml" "$TMP/schema-errors.xml" "$TMP/big.txt"
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
      nul-header.csv) exits=1 re='nul-header.csv:1:6: error\[E-RET-HEADER-NUL\]: expected a column name, found "no\\x00te"' ;;
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
    # buffer grows, not after each read: 10 s of CPU before, about 1.5 s now)
    rm -f "$TMP/pipe"
    mkfifo "$TMP/pipe"
    { printf '%s\nR1,8HX01,9990000018,2007-06-01T09:00,urgent,"' "$csvhead"
      head -c 128000000 /dev/zero | tr '\0' a; printf '"\n'; } >"$TMP/pipe" 2>/dev/null &
    writer=$!
    # The wall limit leaves room for the writer (head | tr) on a busy machine; the
    # CPU bound below is what holds the reader to linear time.
    if SA_TIME_LIMIT=30 sa_expect returns/field-128mb-stdin "1" 'E-RET-TOO-LONG' --stdin "$TMP/pipe" -- \
        validate --max-field-bytes 200000000 "$spec" "referrals=-"; then
      sa_within_cpu returns/field-128mb-stdin 4
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

# ---- patterns against provider-written text -------------------------------------------
# Role patterns run against job titles and column patterns against cells under
# one match limit: a match that reaches it is a positioned error, never a stall;
# titles over 256 bytes are matched against no role at all.
if sa_available check; then
  C=$H/checks
  a36=$(head -c 36 /dev/zero | tr '\0' a)
  # 100 distinct 40-character titles, each backtracking exponentially in '^(a+)+$'
  { echo provider,starts_at,ends_at,role
    for i in $(seq 1 100); do printf '8HX01,2007-04-%02dT09:00,2007-04-%02dT17:00,%s!%03d\n' $((i % 28 + 1)) $((i % 28 + 1)) "$a36" "$i"; done; } >"$TMP/rota-redos.csv"
  { echo provider,meeting_id,held_on,attendee_role
    for i in $(seq 1 100); do printf '8HX01,M%d,2007-04-%02d,%s!%03d\n' $((i % 4)) $((i % 28 + 1)) "$a36" "$i"; done; } >"$TMP/mdt-redos.csv"
  for ds in rota mdt; do
    sa_expect check/roles-redos-$ds "1" "$ds-redos.csv:2: error\\[E-RET-REGEX-LIMIT\\]" -- \
      check "$C/roles-redos.yaml" "$ds=$TMP/$ds-redos.csv" && sa_within_cpu check/roles-redos-$ds 1
  done
  # the bundled county spec's roles, 50 advice-rota rows with 100 KB job titles
  t100k=$(head -c 100000 /dev/zero | tr '\0' x | sed 's/xxxxxxxxxx/palliat   /g')
  { echo provider,shift_id,starts_at,ends_at,staff_role
    for i in $(seq 1 50); do printf '8HX01,S%d,2007-04-02T09:00,2007-04-02T17:00,%s\n' "$i" "$t100k"; done; } >"$TMP/advice_rota-long.csv"
  sa_expect check/titles-100kb "1" 'advice_rota-long.csv:2: warning\[W-RET-TITLE-TOO-LONG\]' -- \
    check "$SA_TESTS_DIR/../specs/county-spc.yaml" "advice_rota=$TMP/advice_rota-long.csv" && sa_within_cpu check/titles-100kb 1
  # a column pattern that backtracks exponentially, 200 rows (14 ms each without the limit)
  { head -1 "$R/redos.csv"
    for i in $(seq 1 200); do sed -n 2p "$R/redos.csv" | sed "s/^R1,/R$i,/; s/,9990000018,/,,/"; done; } >"$TMP/redos-200.csv"
  sa_expect returns/redos-200 "1" 'redos-200.csv:2:6: error\[E-RET-REGEX-LIMIT\]' -- \
    validate "$spec" "referrals=$TMP/redos-200.csv" && sa_within_cpu returns/redos-200 1
  rm -f "$TMP"/*-redos.csv "$TMP/advice_rota-long.csv" "$TMP/redos-200.csv"
  # 70 roles: the 65th and later count like the first (no limit on roles)
  { sed -n '/^specaudit:/,/^roles:/p' "$C/roles-redos.yaml"
    for i in $(seq 1 70); do echo "  r$i: '^role $i\$'"; done
    sed -n '/^datasets:/,$p' "$C/roles-redos.yaml" | sed 's/roles: \[slow\]/roles: [r65, r70]/; s/core: \[slow, cns\]/core: [r1, r70]/'; } >"$TMP/roles-70.yaml"
  sa_expect lint/roles-70 "0" '' -- lint "$TMP/roles-70.yaml"
  { echo provider,meeting_id,held_on,attendee_role
    for d in 03 10 17 24; do printf '8HX01,M%s,2007-04-%s,role 1\n8HX01,M%s,2007-04-%s,role 70\n' $d $d $d $d; done; } >"$TMP/mdt-70.csv"
  { echo provider,starts_at,ends_at,role
    for d in $(seq -w 2 29); do printf '8HX01,2007-04-%sT09:00,2007-04-%sT17:00,role %s\n' $d $d $((65 + 10#$d % 2 * 5)); done; } >"$TMP/rota-70.csv"
  sa_expect check/roles-70 "0" 'Met' -- check "$TMP/roles-70.yaml" "mdt=$TMP/mdt-70.csv" "rota=$TMP/rota-70.csv"
  # what a run holds is bounded: a lint-clean spec over 10 000 years per week
  # for 20 providers, and a 7.7 MB return naming 100 000 providers
  printf 'provider,received_on\n8HX01,2007-04-02\n8HX02,2007-04-03\n' >"$TMP/referrals-2.csv"
  sa_expect lint/wide-period "0" '' -- lint "$C/wide-period.yaml"
  sa_expect check/wide-period "2" 'wide-period.yaml:[0-9]+:[0-9]+: error\[E-CHECK-TOO-MANY-PERIODS\]' -- \
    check "$C/wide-period.yaml" "referrals=$TMP/referrals-2.csv"
  awk 'BEGIN { print "referral_id,provider,nhs_number,received_at,urgency,note";
               for (i = 0; i < 100000; i++) printf "R%d,P%06d,,2007-06-01T09:00,urgent,x\n", i, i }' >"$TMP/providers-100k.csv"
  for fmt in text json; do
    sa_expect check/providers-100k-$fmt "2" 'providers-100k.csv:1002: error\[E-CHECK-TOO-MANY-PROVIDERS\]' -- \
      check --format $fmt "$spec" "referrals=$TMP/providers-100k.csv" -o "$TMP/providers-100k.$fmt"
  done
  # the options move the bound: 2 000 providers; 501 period results of one
  # period each, the system-wide row's included (500 providers)
  sa_expect check/providers-100k-max-providers "2" 'providers-100k.csv:2002: error\[E-CHECK-TOO-MANY-PROVIDERS\]' -- \
    check --max-providers 2000 "$spec" "referrals=$TMP/providers-100k.csv" -o /dev/null
  sa_expect check/providers-100k-max-periods "2" 'providers-100k.csv:502: error\[E-CHECK-TOO-MANY-PROVIDERS\]' -- \
    check --max-periods 501 "$spec" "referrals=$TMP/providers-100k.csv" -o /dev/null
  rm -f "$TMP/providers-100k.csv" "$TMP"/providers-100k.*
else
  sa_skip "patterns: check is not available in this build"
fi

sa_finish
