#!/bin/bash
# limits.sh — the --max-* options: each limit has its documented default, stops
# the input it guards with its own error code, and can be raised (or lowered)
# on the command line of every command that reads that kind of input.
set -u
: "${SPECAUDIT:?}" "${SA_TESTS_DIR:?}" "${SA_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx=$SA_TESTS_DIR/fixtures/returns
spec=$fx/spec.yaml
clean=$fx/referrals-00-clean.csv
fail=0
# expect EXIT DESCRIPTION COMMAND...: runs it with stdout+stderr in $tmp/all
expect() {
    local want=$1 what=$2; shift 2
    "$@" >"$tmp/all" 2>&1
    local rc=$?
    if [ $rc -ne "$want" ]; then echo "FAIL: $what: exit $rc, expected $want"; head -5 "$tmp/all"; fail=1; fi
}
has() { grep -q -- "$1" "$tmp/all" || { echo "FAIL: $2: output lacks '$1'"; head -5 "$tmp/all"; fail=1; }; }
lacks() { ! grep -q -- "$1" "$tmp/all" || { echo "FAIL: $2: output has '$1'"; head -5 "$tmp/all"; fail=1; }; }

# ---- bad values are usage errors, naming the option and what it expects ----------------
for cmd in lint validate check diff explain; do
    expect 2 "$cmd --max-depth 0" "$SPECAUDIT" $cmd --max-depth 0 "$spec"
    has "--max-depth expects a whole number from 1 to 1000" "$cmd --max-depth 0"
    expect 2 "$cmd --max-alias-expansions x" "$SPECAUDIT" $cmd --max-alias-expansions=x "$spec"
    has "--max-alias-expansions expects a whole number" "$cmd --max-alias-expansions x"
    expect 2 "$cmd --max-input-bytes 3X" "$SPECAUDIT" $cmd --max-input-bytes 3X "$spec"
    has "(K, M or G may follow)" "$cmd --max-input-bytes 3X"
    expect 2 "$cmd --max-depth without a value" "$SPECAUDIT" $cmd "$spec" --max-depth
    has "option --max-depth needs a value" "$cmd --max-depth without a value"
done
expect 2 "--max-depth above its ceiling" "$SPECAUDIT" lint --max-depth 1001 "$spec"
expect 2 "--max-field-bytes above 1G" "$SPECAUDIT" validate --max-field-bytes 2G "$spec" "$clean"
has "--max-field-bytes expects a whole number from 1 to 1073741824" "--max-field-bytes 2G"
expect 2 "--max-columns -1" "$SPECAUDIT" validate --max-columns -1 "$spec" "$clean"
# the return-only limits are not options of the specification-only commands
expect 2 "lint has no --max-columns" "$SPECAUDIT" lint --max-columns 10 "$spec"
has "unknown option '--max-columns'" "lint --max-columns"

# ---- nesting ------------------------------------------------------------------------
# 100 levels of nested flow sequences under an unknown key: too deep by default
{ cat "$spec"; printf 'x-deep: '; head -c 100 /dev/zero | tr '\0' '['; head -c 100 /dev/zero | tr '\0' ']'; echo; } >"$tmp/deep.yaml"
expect 1 "100 levels, default limit" "$SPECAUDIT" lint "$tmp/deep.yaml"
has "E-SPEC-TOO-DEEP" "100 levels, default limit"
has "deeper than 64 levels" "100 levels, default limit"
expect 0 "100 levels, --max-depth 200" "$SPECAUDIT" lint --max-depth 200 "$tmp/deep.yaml"
lacks "E-SPEC-TOO-DEEP" "100 levels, --max-depth 200"
expect 0 "explain with --max-depth 200" "$SPECAUDIT" explain --max-depth=200 "$tmp/deep.yaml" FIX-1
# lowered: the bundled spec nests 4+ levels
expect 1 "--max-depth 2 on a clean spec" "$SPECAUDIT" lint --max-depth 2 "$spec"
has "spec.yaml:[0-9]*:[0-9]*: error\[E-SPEC-TOO-DEEP\]" "--max-depth 2"
expect 2 "validate refuses a spec too deep for its limit" "$SPECAUDIT" validate --max-depth 2 "$spec" "$clean"
has "E-SPEC-TOO-DEEP" "validate --max-depth 2"
expect 2 "check refuses a spec too deep for its limit" "$SPECAUDIT" check --max-depth 2 "$spec" "$clean"
has "E-SPEC-TOO-DEEP" "check --max-depth 2"
cp "$spec" "$tmp/old.yaml"
expect 2 "diff refuses a spec too deep for its limit" "$SPECAUDIT" diff --max-depth 2 "$tmp/old.yaml" "$spec"
has "E-SPEC-TOO-DEEP" "diff --max-depth 2"
expect 0 "diff of a deep spec with --max-depth 200" "$SPECAUDIT" diff --max-depth 200 "$tmp/deep.yaml" "$tmp/deep.yaml"

# ---- alias expansions -----------------------------------------------------------------
# one anchored list of 100 items, aliased 200 times: 20 000 nodes expanded
{ cat "$spec"; printf 'x-items: &items [%s]\nx-uses:\n' "$(seq -s, 1 100)"; for _ in $(seq 1 200); do echo '  - *items'; done; } >"$tmp/aliases.yaml"
expect 1 "20 000 expansions, default limit" "$SPECAUDIT" lint "$tmp/aliases.yaml"
has "E-SPEC-ALIAS-LIMIT" "20 000 expansions, default limit"
expect 0 "20 000 expansions, --max-alias-expansions 50000" "$SPECAUDIT" lint --max-alias-expansions 50000 "$tmp/aliases.yaml"
lacks "E-SPEC-ALIAS-LIMIT" "--max-alias-expansions 50000"

# ---- input size -------------------------------------------------------------------------
size=$(wc -c <"$spec")
expect 2 "--max-input-bytes below the spec's size" "$SPECAUDIT" lint --max-input-bytes $((size - 1)) "$spec"
has "E-IO-TOO-LARGE" "--max-input-bytes below the size"
has "at most $((size - 1)) bytes" "--max-input-bytes below the size"
expect 0 "--max-input-bytes at the spec's size" "$SPECAUDIT" lint --max-input-bytes "$size" "$spec"
expect 2 "validate --max-input-bytes 1K" "$SPECAUDIT" validate --max-input-bytes 1K "$spec" "$clean"
has "E-IO-TOO-LARGE" "validate --max-input-bytes 1K"
# an agreement over 4 MiB: refused by default, read when the limit is raised
agr_spec=$SA_SOURCE_DIR/specs/county-spc.yaml
agr=$(ls "$SA_SOURCE_DIR"/specs/county-spc/*.xml | head -1)
{ sed '$d' "$agr"; for _ in $(seq 1 5); do printf '<!-- %s -->\n' "$(head -c 1000000 /dev/zero | tr '\0' x)"; done; tail -1 "$agr"; } >"$tmp/big.xml"
tail -1 "$agr" | grep -q '</agreement>' || { echo "FAIL: fixture: $agr does not end with </agreement>"; fail=1; }
expect 2 "a 5 MB agreement, default limit" "$SPECAUDIT" lint "$agr_spec" "$tmp/big.xml"
has "big.xml: error\[E-IO-TOO-LARGE\]" "a 5 MB agreement"
expect 0 "a 5 MB agreement, --max-input-bytes 8M" "$SPECAUDIT" lint --max-input-bytes 8M "$agr_spec" "$tmp/big.xml"
expect 2 "check: a 5 MB agreement, default limit" "$SPECAUDIT" check "$agr_spec" "$tmp/big.xml" "$SA_SOURCE_DIR/specs/county-spc/returns/referrals.csv"
has "E-IO-TOO-LARGE" "check: a 5 MB agreement"
cp "$agr" "$tmp/small.xml"
expect 2 "diff: a 5 MB agreement, default limit" "$SPECAUDIT" diff "$tmp/small.xml" "$tmp/big.xml"
has "E-IO-TOO-LARGE" "diff: a 5 MB agreement"
expect 0 "diff: a 5 MB agreement, --max-input-bytes 8M" "$SPECAUDIT" diff --max-input-bytes 8M "$tmp/small.xml" "$tmp/big.xml"

# ---- returns: field length and column count ------------------------------------------
{ head -1 "$clean"; printf 'R9,8HX01,9990000018,2007-06-05T10:00,05/06/2007,05/06/2007 14:30,urgent,80,61.5,yes,4h,'
  head -c 2000000 /dev/zero | tr '\0' a; echo; } >"$tmp/referrals-long.csv"
expect 1 "a 2 MB field, default limit" "$SPECAUDIT" validate "$spec" "$tmp/referrals-long.csv"
has "referrals-long.csv:2:12: error\[E-RET-FIELD-TOO-LONG\]" "a 2 MB field"
expect 1 "a 2 MB field, --max-field-bytes 4M" "$SPECAUDIT" validate --max-field-bytes 4M "$spec" "$tmp/referrals-long.csv"
lacks "E-RET-FIELD-TOO-LONG" "--max-field-bytes 4M"
has "E-RET-" "--max-field-bytes 4M: the note column's own rules still apply"
expect 1 "a 20-byte note, --max-field-bytes 10" "$SPECAUDIT" validate --max-field-bytes=10 "$spec" "$clean"
has "E-RET-FIELD-TOO-LONG" "--max-field-bytes 10"
expect 2 "check: a 2 MB field, default limit" "$SPECAUDIT" check "$spec" "$tmp/referrals-long.csv"
has "E-RET-FIELD-TOO-LONG" "check: a 2 MB field"
expect 2 "check: --max-columns 5 refuses a 12-column return" "$SPECAUDIT" check --max-columns 5 "$spec" "referrals=$clean"
has "E-RET-TOO-MANY-COLUMNS" "check --max-columns 5"
# 5 000 columns: the clean header plus unknown ones (named so that no files: glob matches)
{ head -1 "$clean" | tr -d '\n'; seq -f ',x%g' 1 4988 | tr -d '\n'; echo
  sed -n 2p "$clean" | tr -d '\n'; head -c 4988 /dev/zero | tr '\0' ','; echo; } >"$tmp/wide.csv"
expect 1 "5 000 columns, default limit" "$SPECAUDIT" validate "$spec" "referrals=$tmp/wide.csv"
has "E-RET-TOO-MANY-COLUMNS" "5 000 columns"
expect 0 "5 000 columns, --max-columns 8000" "$SPECAUDIT" validate --max-columns 8000 "$spec" "referrals=$tmp/wide.csv"
lacks "E-RET-TOO-MANY-COLUMNS" "--max-columns 8000"
# a file matched by its header is read within the same limits, and a header
# over the limit is reported as such, not as an unknown dataset
expect 0 "5 000 columns matched by header, --max-columns 8000" "$SPECAUDIT" validate --max-columns 8000 "$spec" "$tmp/wide.csv"
expect 2 "5 000 columns matched by header, default limit" "$SPECAUDIT" validate "$spec" "$tmp/wide.csv"
has "wide.csv:1:4097: error\[E-RET-TOO-MANY-COLUMNS\]" "header over the column limit"
lacks "E-RET-UNKNOWN-DATASET" "header over the column limit"
cp "$clean" "$tmp/clean-copy.csv"
expect 2 "a 12-column header matched by header, --max-columns 5" "$SPECAUDIT" validate --max-columns 5 "$spec" "$tmp/clean-copy.csv"
has "E-RET-TOO-MANY-COLUMNS" "--max-columns 5 on a bare path"
# a file over --max-input-bytes is refused before it is read (a sparse 3 GB file)
truncate -s 3G "$tmp/huge.yaml"
expect 2 "a 3 GB specification" "$SPECAUDIT" lint --max-input-bytes 2047M "$tmp/huge.yaml"
has "found one of 3221225472 bytes" "a 3 GB specification"
rm -f "$tmp/huge.yaml"

# ---- a requirement's link keeps at most --max-linked-keys keys ---------------------
bound=$SA_SOURCE_DIR/tests/cases/linked-keys-bound
expect 1 "--max-linked-keys 2" "$SPECAUDIT" check --max-linked-keys 2 "$bound/spec.yaml" "$bound/deaths.csv" \
    "$bound/referrals.csv" -o /dev/null
has "referrals.csv:6: error\[E-CHECK-LINK-KEYS\]" "--max-linked-keys 2"
expect 1 "--max-linked-keys 3" "$SPECAUDIT" check --max-linked-keys 3 "$bound/spec.yaml" "$bound/deaths.csv" \
    "$bound/referrals.csv" -o /dev/null
has "referrals.csv:7: error\[E-CHECK-LINK-KEYS\]" "--max-linked-keys 3"
expect 0 "--max-linked-keys 4" "$SPECAUDIT" check --max-linked-keys 4 "$bound/spec.yaml" "$bound/deaths.csv" \
    "$bound/referrals.csv" -o /dev/null
lacks "E-CHECK-LINK-KEYS" "--max-linked-keys 4"
expect 2 "--max-linked-keys 0" "$SPECAUDIT" check --max-linked-keys 0 "$bound/spec.yaml" "$bound/deaths.csv"
"$SPECAUDIT" check --help >"$tmp/all" 2>&1
has "--max-linked-keys" "check --help"

# ---- documented in every command's help -------------------------------------------
for cmd in lint validate check diff explain; do
    "$SPECAUDIT" $cmd --help >"$tmp/all" 2>&1
    for opt in --max-input-bytes --max-depth --max-alias-expansions; do has "$opt" "$cmd --help"; done
done
for cmd in validate check; do
    "$SPECAUDIT" $cmd --help >"$tmp/all" 2>&1
    for opt in --max-field-bytes --max-columns; do has "$opt" "$cmd --help"; done
done
exit $fail
