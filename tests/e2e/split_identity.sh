#!/usr/bin/env bash
# split_identity.sh — one return read in parts on several threads gives the
# same bytes as one reader. SPECAUDIT_SPLIT_BYTES cuts a small generated file
# into many blocks (down to a few bytes: parts start inside quoted fields,
# inside CRLF pairs, inside blank lines); the validate reports (text and
# JSON, every diagnostic) and the check reports (JSON, every example) must be
# byte-identical to -j 1 without splitting, including for malformed files
# where the split cannot be proven (a stray quote, an unterminated quote at
# the end, a field over the limit) and the file is read again by one reader.
# The same with the scalar and SSE2 byte scanners forced (SPECAUDIT_SIMD).
set -u
: "${SPECAUDIT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

cat >"$tmp/spec.yaml" <<'EOF'
specaudit: 1
id: split
version: "1"
title: Split reading
period: {from: 2007-04-01, to: 2008-03-31}
providers:
  - {code: 8HX01, name: One}
  - {code: 8HX02, name: Two}
datasets:
  referrals:
    provider: provider
    key: [referral_id]
    columns:
      referral_id: {type: string, required: true, unique: true}
      provider: {type: ods_code, required: true}
      nhs_number: {type: nhs_number, identifier: true, unique: true}
      received_at: {type: datetime, required: true}
      urgency: {type: enum, values: [urgent, routine], required: true}
      first_contact_at: {type: datetime}
      note: {type: string, max_length: 40}
requirements:
  - id: R1
    title: Urgent referrals counted each month
    check: {kind: count, dataset: referrals, at: received_at, where: 'urgency == "urgent"', target: ">= 5", per: month}
  - id: R2
    title: Urgent referrals contacted within 4 hours
    check: {kind: response_time, dataset: referrals, from: received_at, to: first_contact_at, limit: 4h,
            where: 'urgency == "urgent"', target: ">= 80%", per: quarter}
EOF

# 3 000 rows: quoted notes with commas, doubled quotes, LF and CRLF inside;
# CRLF and lone-CR line ends in stretches; blank lines; bad cells; repeated
# ids and NHS numbers, near and far apart. Deterministic.
gen() {
  awk -v tail="$1" 'BEGIN {
    printf "\xef\xbb\xbfreferral_id,provider,nhs_number,received_at,urgency,first_contact_at,note\n"
    srand(20070401)
    for (i = 1; i <= 3000; i++) {
      id = sprintf("R%05d", (i % 397 == 0) ? i - 211 : i)
      if (i % 1009 == 0) id = "R00007"
      prov = (i % 3) ? "8HX01" : "8HX02"
      nhs = (i % 5 == 0) ? "" : ((i % 251 == 0) ? "9434765919" : sprintf("99900%05d", i))
      m = 4 + i % 12; y = m > 12 ? 2008 : 2007; m = m > 12 ? m - 12 : m
      d = 1 + i % 28
      recv = sprintf("%04d-%02d-%02dT%02d:%02d", y, m, d, i % 24, i % 60)
      if (i % 173 == 0) recv = sprintf("%04d-02-30T10:00", y)
      urg = (i % 4) ? "urgent" : "routine"
      if (i % 331 == 0) urg = "soon"
      fc = (i % 7 == 0) ? "" : sprintf("%04d-%02d-%02dT%02d:%02d", y, m, d, (i % 24 + i % 6) % 24, i % 60)
      k = i % 9
      if (k == 0) note = "\"a, b and \"\"c\"\"\""
      else if (k == 1) note = "\"line one\nline two\""
      else if (k == 2) note = "\"crlf\r\ninside\""
      else if (k == 3) note = "\"\""
      else if (k == 4) note = "plain"
      else if (k == 5) note = "\"" sprintf("%060d", i) "\""
      else note = ""
      eol = (i > 1200 && i < 1500) ? "\r\n" : ((i > 2100 && i < 2150) ? "\r" : "\n")
      printf "%s,%s,%s,%s,%s,%s,%s%s", id, prov, nhs, recv, urg, fc, note, eol
      if (i % 487 == 0) printf "\n"
      if (i % 733 == 0) printf "\n\n"
    }
    printf "%s", tail
  }'
}
gen '' >"$tmp/clean.csv"
gen 'R99999,8HX01,,2007-05-01T10:00,urgent,,"never closed
' >"$tmp/unterminated.csv"
gen '' | awk '!done && NR > 1500 && sub(/,plain/, ",pl\"ain") { done = 1 } { print }' >"$tmp/stray-quote.csv"
{ gen ''; printf 'R99998,8HX01,,2007-05-01T10:00,urgent,,'; head -c 3000 /dev/zero | tr '\0' x; printf '\nR99997,8HX02,,2007-05-01T10:00,urgent,,\n'; } >"$tmp/long-field.csv"

run_validate() { # FILE FORMAT -> stdout
  "$SPECAUDIT" validate --max-errors 0 --format "$2" --max-field-bytes 2048 "$tmp/spec.yaml" "referrals=$1" 2>&1
  echo "exit $?"
}
run_check() {
  "$SPECAUDIT" check --format json --max-examples 1000 --max-field-bytes 2048 "$tmp/spec.yaml" "referrals=$1" 2>&1
  echo "exit $?"
}

for f in clean unterminated stray-quote long-field; do
  file="$tmp/$f.csv"
  env -u SPECAUDIT_SPLIT_BYTES "$SPECAUDIT" validate -j 1 "$tmp/spec.yaml" "referrals=$file" >/dev/null 2>&1
  for what in "validate text" "validate json" "check json"; do
    set -- $what
    if [ "$1" = validate ]; then
      SPECAUDIT_SPLIT_BYTES= run_validate "$file" "$2" >"$tmp/want" 2>&1
    else
      SPECAUDIT_SPLIT_BYTES= run_check "$file" >"$tmp/want" 2>&1
    fi
    for run in 3: 61: 61:scalar 61:sse2 4096:; do
      bytes=${run%%:*} simd=${run#*:}
      {
        export SPECAUDIT_SPLIT_BYTES=$bytes SPECAUDIT_SIMD=$simd
        if [ "$1" = validate ]; then run_validate "$file" "$2" >"$tmp/got"; else run_check "$file" >"$tmp/got"; fi
        unset SPECAUDIT_SPLIT_BYTES SPECAUDIT_SIMD
        if ! cmp -s "$tmp/want" "$tmp/got"; then
          echo "FAIL $f: $what with blocks of $bytes bytes${simd:+ ($simd)} differs from one reader"
          diff "$tmp/want" "$tmp/got" | head -10
          failed=1
        fi
      }
    done
  done
  grep -q 'error\[E-RET-DUPLICATE\]\|E-RET-DUPLICATE' "$tmp/want" || [ "$f" = unterminated ] || [ "$f" = long-field ] || {
    echo "FAIL $f: the generated file should have repeated ids"; failed=1; }
done
# the generated file exercises what it claims to
grep -q 'E-RET-UNTERMINATED-QUOTE' < <(run_validate "$tmp/unterminated.csv" text) || { echo "FAIL unterminated: no E-RET-UNTERMINATED-QUOTE"; failed=1; }
grep -q 'E-RET-FIELD-TOO-LONG' < <(run_validate "$tmp/long-field.csv" text) || { echo "FAIL long-field: no E-RET-FIELD-TOO-LONG"; failed=1; }
n=$(run_validate "$tmp/clean.csv" text | grep -c 'E-RET-DUPLICATE')
[ "$n" -ge 10 ] || { echo "FAIL clean: expected repeated ids and NHS numbers, found $n"; failed=1; }
# -j 2 and -j 3 on the real default (no forced blocks) match too, on a file past two blocks
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do tail -n +2 "$tmp/clean.csv"; done | sed 's/^R/S/' >"$tmp/body"
{ head -n 1 "$tmp/clean.csv"; cat "$tmp/body" "$tmp/body" "$tmp/body"; } >"$tmp/big.csv"
for j in 2 3; do
  cmp -s <("$SPECAUDIT" validate -j 1 --format json "$tmp/spec.yaml" "referrals=$tmp/big.csv") \
         <("$SPECAUDIT" validate -j $j --format json "$tmp/spec.yaml" "referrals=$tmp/big.csv") ||
    { echo "FAIL big: validate -j $j differs from -j 1"; failed=1; }
done
[ $failed = 0 ] && echo "split identity: ok"
exit $failed
