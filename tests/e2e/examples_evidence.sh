#!/usr/bin/env bash
# examples_evidence.sh — the bundled examples read as their evidence does:
#  - shares a commissioner assesses year to date (assess: overall) are met when the
#    year beats its target, whatever one small month did (PREF-1);
#  - a target the agreement varies is the one applied (CONS-3);
#  - every share of cases carries its 95% Wilson interval in the summary;
#  - a system's declared level is the highest any provider declares (ALL-10);
#  - returns are on time or late by the submission dates they carry, against the
#    agreement's reporting duty (RET-1, ECHO-12);
#  - a session cancelled is not a session held, quarter by quarter (ECHO-2), and
#    excluded learners leave a denominator with their count shown (ECHO-9).
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
cd "$SA_SOURCE_DIR" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
report() { # example
  "$SPECAUDIT" check "specs/$1.yaml" specs/"$1"/*.xml specs/"$1"/returns/*.csv --format json -j 2 \
    > "$tmp/$1.json" 2>/dev/null
}
expect() { # example requirement provider(- = system) jq-test description
  local got
  got=$(jq -r --arg r "$2" --arg p "$3" "[.results[] | select(.requirement_id == \$r and
          ((\$p == \"-\" and .provider == null) or (.provider != null and .provider.code == \$p)))][0]
          | ($4)" "$tmp/$1.json")
  [ "$got" = true ] || { echo "FAIL: $1 $2 $3: $5 (got $got)"; fail=1; }
}
for x in county-spc consortium-consultants preferences-pilot alliance-system highland-echo; do report "$x"; done

expect preferences-pilot PREF-1 8ZC01 '.verdict == "met" and .assess == "overall" and (.measured.value * 1000 | round) == 93187' \
  "93.2% over the year against >= 85% is met"
expect preferences-pilot PREF-1 8ZC01 '.summary | startswith("overall 93.2% (383/411; 95% CI 90.3-95.2%)")' "summary with the interval"
expect preferences-pilot PREF-1 RZ9 '.verdict == "not_met" and .assess == "overall" and (.measured.value * 1000 | round) == 79006' \
  "79.0% over the year against >= 85% is not met"
expect preferences-pilot PREF-1 RZ9 '[.periods[] | select(.verdict == "met")] | length > 0' \
  "months that met stay in the trend and do not make the year"
expect consortium-consultants CONS-3 8ZB01 '.verdict == "met" and .target.value == 90 and .variation.original_target == ">= 95%"' \
  "92% of sessions against the agreement's varied >= 90% is met"
expect preferences-pilot PREF-5 RZ9 '.assess == "every_period" and .verdict == "partially_met"' \
  "requirements without assess: keep every period"
expect county-spc KPI-2 8ZA02 '.measured.interval.method == "wilson" and .periods[0].interval != null' \
  "intervals per result and period"
expect alliance-system ALL-10 8ZD01 '.verdict == null and .share.counted and .measured.value == 3' \
  "a provider's own level 3 is its share, not a verdict"
expect alliance-system ALL-10 - '.verdict == "met" and .measured.value == 4' "the system offers level 4"
expect county-spc RET-1 5Z201 '.verdict == "partially_met" and ([.metrics[] | select(.name == "late_returns")][0].value == 3)' \
  "a return sent after its due date is late, from the rows' submission dates"
expect county-spc RET-1 RZ1 '.verdict == "met" and ([.metrics[] | select(.name == "due_days")][0].value == 20)' \
  "the agreement's reporting duty sets the due date"
expect highland-echo ECHO-2 H901Z '.verdict == "partially_met" and ([.periods[] | select(.verdict == "not_met") | .from] == ["2019-10-01", "2020-01-01"])' \
  "the out-of-hours group's winter cancellations fail the third and fourth quarters only"
expect highland-echo ECHO-9 H901Z '.verdict == "met" and ([.metrics[] | select(.name == "excluded_rows")][0].value > 0)' \
  "learners who left their post leave the retention denominator, counted"
expect highland-echo ECHO-12 H901Z '.verdict == "partially_met" and ([.metrics[] | select(.name == "due_days")][0].value == 30)' \
  "quarterly returns are due 30 days after the quarter, by the agreement"
exit $fail
