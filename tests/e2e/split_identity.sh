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
# Under the sanitizers (SA_SANITIZED) the runs that repeat others' coverage
# with more blocks or another format are left out.
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

# ROWS rows: quoted notes with commas, doubled quotes, LF and CRLF inside;
# CRLF and lone-CR line ends in stretches; blank lines; bad cells; repeated
# ids and NHS numbers, near and far apart. Deterministic.
gen() { # ROWS TAIL
  awk -v rows="$1" -v tail="$2" 'BEGIN {
    printf "\xef\xbb\xbfreferral_id,provider,nhs_number,received_at,urgency,first_contact_at,note\n"
    for (i = 1; i <= rows; i++) {
      id = sprintf("R%05d", (i % 397 == 0) ? i - 211 : i)
      if (i % 293 == 0) id = "R00007"
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
      eol = (i % 500 > 200 && i % 500 < 300) ? "\r\n" : ((i % 500 > 400 && i % 500 < 420) ? "\r" : "\n")
      printf "%s,%s,%s,%s,%s,%s,%s%s", id, prov, nhs, recv, urg, fc, note, eol
      if (i % 187 == 0) printf "\n"
      if (i % 263 == 0) printf "\n\n"
    }
    printf "%s", tail
  }'
}
# Each variant in two sizes: 3 000 rows, and 600 rows for blocks of 3 bytes (a part
# starting at nearly every byte: inside quoted fields, CRLF pairs and blank lines).
variants() { # ROWS PREFIX
  gen "$1" '' >"$tmp/$2clean.csv"
  gen "$1" 'R99999,8HX01,,2007-05-01T10:00,urgent,,"never closed
' >"$tmp/$2unterminated.csv"
  awk '!done && NR > 300 && sub(/,plain/, ",pl\"ain") { done = 1 } { print }' "$tmp/$2clean.csv" >"$tmp/$2stray-quote.csv"
  { cat "$tmp/$2clean.csv"; printf 'R99998,8HX01,,2007-05-01T10:00,urgent,,'; head -c 3000 /dev/zero | tr '\0' x
    printf '\nR99997,8HX02,,2007-05-01T10:00,urgent,,\n'; } >"$tmp/$2long-field.csv"
}
variants 3000 ''
variants 600 small-

run() { # validate|check FORMAT FILE -> stdout
  if [ "$1" = validate ]; then
    "$SPECAUDIT" validate --max-errors 0 --format "$2" --max-field-bytes 2048 "$tmp/spec.yaml" "referrals=$3" 2>&1
  else
    "$SPECAUDIT" check --format json --max-examples 1000 --max-field-bytes 2048 "$tmp/spec.yaml" "referrals=$3" 2>&1
  fi
  echo "exit $?"
}

# Runs: FILE-PREFIX:BLOCK-BYTES:SIMD:COMMAND:FORMAT. Blocks of 61 bytes are all shorter than
# the 64 bytes a mask covers (the byte loop summarises them); blocks of 197 bytes go through
# the chosen scanner, forced to each path; 4 096 bytes is a part of many records.
runs=(:61::validate:text :61::validate:json :61::check:json :197::validate:json :197:scalar:validate:json
      :197:sse2:validate:json :197::check:json small-:3::validate:json)
if [ -z "${SA_SANITIZED:-}" ]; then # the sanitizer build repeats the cheaper half only
  runs+=(:4096::validate:json :4096::check:json small-:3::check:json small-:3:scalar:validate:json)
fi
declare -A want
for f in clean unterminated stray-quote long-field; do
  for r in "${runs[@]}"; do
    IFS=: read -r size bytes simd cmd fmt <<<"$r"
    file="$tmp/$size$f.csv"
    key="$size$f $cmd $fmt"
    if [ -z "${want[$key]:-}" ]; then
      SPECAUDIT_SPLIT_BYTES= run "$cmd" "$fmt" "$file" >"$tmp/want.$size$f.$cmd.$fmt"
      want[$key]=$tmp/want.$size$f.$cmd.$fmt
    fi
    SPECAUDIT_SPLIT_BYTES=$bytes SPECAUDIT_SIMD=$simd run "$cmd" "$fmt" "$file" >"$tmp/got"
    if ! cmp -s "${want[$key]}" "$tmp/got"; then
      echo "FAIL $size$f: $cmd $fmt with blocks of $bytes bytes${simd:+ ($simd)} differs from one reader"
      diff "${want[$key]}" "$tmp/got" | head -10
      failed=1
    fi
  done
  grep -q 'E-RET-DUPLICATE' "${want[$f validate text]}" || [ "$f" = unterminated ] || [ "$f" = long-field ] || {
    echo "FAIL $f: the generated file should have repeated ids"; failed=1; }
done
# the generated files exercise what they claim to
grep -q 'E-RET-UNTERMINATED-QUOTE' "${want[unterminated validate text]}" || { echo "FAIL unterminated: no E-RET-UNTERMINATED-QUOTE"; failed=1; }
grep -q 'E-RET-FIELD-TOO-LONG' "${want[long-field validate text]}" || { echo "FAIL long-field: no E-RET-FIELD-TOO-LONG"; failed=1; }
n=$(grep -c 'E-RET-DUPLICATE' "${want[clean validate text]}")
[ "$n" -ge 10 ] || { echo "FAIL clean: expected repeated ids and NHS numbers, found $n"; failed=1; }
n=$(grep -c 'E-RET-DUPLICATE' "${want[small-clean validate json]}")
[ "$n" -ge 3 ] || { echo "FAIL small-clean: expected repeated ids and NHS numbers, found $n"; failed=1; }
# -j 2 and -j 3 on the real default (no forced blocks) match too, on a file past two blocks
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do tail -n +2 "$tmp/clean.csv"; done | sed 's/^R/S/' >"$tmp/body"
{ head -n 1 "$tmp/clean.csv"; cat "$tmp/body"; } >"$tmp/big.csv"
[ "$(stat -c %s "$tmp/big.csv")" -gt $((2 << 20)) ] || { echo "FAIL big: not past two blocks"; failed=1; }
"$SPECAUDIT" validate -j 1 --format json "$tmp/spec.yaml" "referrals=$tmp/big.csv" >"$tmp/big.want"
for j in 2 3; do
  cmp -s "$tmp/big.want" <("$SPECAUDIT" validate -j $j --format json "$tmp/spec.yaml" "referrals=$tmp/big.csv") ||
    { echo "FAIL big: validate -j $j differs from -j 1"; failed=1; }
done
[ $failed = 0 ] && echo "split identity: ok"
exit $failed
