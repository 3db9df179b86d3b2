#!/bin/bash
# validate_examples.sh — the bundled example returns validate clean against their
# specifications, and the output does not depend on the number of jobs.
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
cd "$SA_SOURCE_DIR" || exit 1
fail=0
for name in county-spc consortium-consultants preferences-pilot alliance-system highland-echo; do
    files=(specs/$name/returns/*.csv)
    if [ ! -e "${files[0]}" ]; then echo "FAIL: no returns for $name"; fail=1; continue; fi
    out1=$("$SPECAUDIT" validate -j 1 "specs/$name.yaml" "${files[@]}")
    rc=$?
    if [ $rc -ne 0 ]; then echo "FAIL: $name exit $rc"; printf '%s\n' "$out1" | head -20; fail=1; fi
    printf '%s\n' "$out1" | tail -1 | grep -q '^clean: ' || { echo "FAIL: $name not clean"; fail=1; }
    printf '%s\n' "$out1" | grep -q 'error\[\|warning\[' && { echo "FAIL: $name has diagnostics"; fail=1; }
    out2=$("$SPECAUDIT" validate -j 2 "specs/$name.yaml" "${files[@]}")
    [ "$out1" = "$out2" ] || { echo "FAIL: $name output differs between -j 1 and -j 2"; fail=1; }
    # the provider codes in the returns are the spec's
    for f in "${files[@]}"; do
        col=$(head -1 "$f" | tr ',' '\n' | grep -nx provider | cut -d: -f1)
        [ -n "$col" ] || continue
        for code in $(tail -n +2 "$f" | cut -d, -f"$col" | sort -u); do
            grep -q "code: $code," "specs/$name.yaml" || { echo "FAIL: $f has provider $code not in the spec"; fail=1; }
        done
    done
done
exit $fail
