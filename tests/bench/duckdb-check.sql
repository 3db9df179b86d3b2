-- The work of `specaudit check` on bench-spec.yaml, as SQL an analyst would write for
-- DuckDB: the referrals read once with their cells typed and checked (as
-- duckdb-validate.sql does; check validates every cell too), then each of the ten
-- requirements per provider and reporting period, with the counts the report gives
-- (numerator, denominator, unknown) and B-4's and B-5's percentiles. Working days come
-- from the bank holidays of England and Wales written out (the spec's calendar); the
-- 4-hour limit and the rota's minutes are real time on the Europe/London clock, as in
-- specaudit. $FILE is the referrals, $ROTA the advice-line rota, $MDT the MDT attendance.
-- Output: one JSON line per figure; duckdb-agree.js compares them with check's report.
WITH
holidays(d) AS (VALUES
  (DATE '2007-01-01'), (DATE '2007-04-06'), (DATE '2007-04-09'), (DATE '2007-05-07'),
  (DATE '2007-05-28'), (DATE '2007-08-27'), (DATE '2007-12-25'), (DATE '2007-12-26'),
  (DATE '2008-01-01'), (DATE '2008-03-21'), (DATE '2008-03-24'), (DATE '2008-05-05'),
  (DATE '2008-05-26'), (DATE '2008-08-25'), (DATE '2008-12-25'), (DATE '2008-12-26')),
-- working days up to and including each day: working_days_between(a, b) = wd(b) - wd(a)
cal AS (
  SELECT CAST(d AS DATE) AS d,
         sum(CASE WHEN isodow(d) <= 5 AND CAST(d AS DATE) NOT IN (SELECT d FROM holidays)
             THEN 1 ELSE 0 END) OVER (ORDER BY d) AS wd
  FROM generate_series(TIMESTAMP '2006-01-01', TIMESTAMP '2009-12-31', INTERVAL 1 DAY) t(d)),
raw AS (SELECT * FROM read_csv('$FILE', header = true, all_varchar = true)),
typed AS MATERIALIZED (
  SELECT referral_id, provider, nhs_number, urgency, received_at, first_contact_at,
         try_strptime(received_at, '%Y-%m-%dT%H:%M') AS received,
         try_strptime(first_contact_at, '%Y-%m-%dT%H:%M') AS contact
  FROM raw),
validation AS (
  SELECT
    count(*) AS rows,
    count(*) FILTER (WHERE referral_id IS NULL OR provider IS NULL OR received_at IS NULL OR urgency IS NULL) AS missing_required,
    count(*) FILTER (WHERE NOT regexp_full_match(provider, '[A-Z0-9]{3,9}')) AS bad_ods_code,
    count(*) FILTER (WHERE nhs_number IS NOT NULL AND NOT (regexp_full_match(nhs_number, '[0-9]{10}') AND
      (11 - (10 * (nhs_number[1]::INT) + 9 * (nhs_number[2]::INT) + 8 * (nhs_number[3]::INT)
             + 7 * (nhs_number[4]::INT) + 6 * (nhs_number[5]::INT) + 5 * (nhs_number[6]::INT)
             + 4 * (nhs_number[7]::INT) + 3 * (nhs_number[8]::INT) + 2 * (nhs_number[9]::INT)) % 11) % 11
      = nhs_number[10]::INT)) AS bad_nhs_number,
    count(*) FILTER (WHERE received IS NULL) AS bad_received_at,
    count(*) FILTER (WHERE first_contact_at IS NOT NULL AND contact IS NULL) AS bad_first_contact_at,
    count(*) FILTER (WHERE urgency NOT IN ('urgent', 'routine')) AS bad_urgency,
    count(referral_id) - count(DISTINCT referral_id) AS repeated_referral_ids
  FROM typed),
-- the rows of the assessment period (2007-04-01 to 2008-03-31), placed by received_at
c AS MATERIALIZED (
  SELECT t.provider, t.urgency = 'urgent' AS urgent, t.urgency = 'routine' AS routine,
         CAST(t.received AS DATE) AS day,
         CAST(date_trunc('month', t.received) AS DATE) AS month,
         CAST(date_trunc('quarter', t.received) AS DATE) AS quarter,
         t.contact IS NOT NULL AS has_contact,
         t.contact >= t.received AS timed,
         b.wd - a.wd AS wdb,
         -- real minutes, for the urgent cases only (B-4 is the only one to need them)
         CASE WHEN t.urgency = 'urgent' AND t.contact >= t.received
              THEN epoch(timezone('Europe/London', t.contact) - timezone('Europe/London', t.received)) / 60
         END AS minutes
  FROM typed t
  JOIN cal a ON a.d = CAST(t.received AS DATE)
  LEFT JOIN cal b ON b.d = CAST(t.contact AS DATE)
  WHERE t.received >= TIMESTAMP '2007-04-01' AND t.received < TIMESTAMP '2008-04-01'),
providers AS (SELECT DISTINCT provider FROM c),
weeks AS (  -- ISO weeks touching the period, with their days inside it
  SELECT date_trunc('week', d) AS week, count(*) AS required
  FROM cal WHERE d BETWEEN DATE '2007-04-01' AND DATE '2008-03-31' GROUP BY ALL),
active AS (SELECT provider, date_trunc('week', day) AS week, count(DISTINCT day) AS days FROM c GROUP BY ALL),
figures AS (
  SELECT 'B-1' AS req, provider, month AS period, count(*) FILTER (WHERE wdb <= 1) AS numerator,
         count(*) AS denominator, count(*) FILTER (WHERE NOT has_contact) AS unknown
  FROM c WHERE urgent GROUP BY ALL
  UNION ALL
  SELECT 'B-2', provider, quarter, count(*) FILTER (WHERE wdb <= 2), count(*),
         count(*) FILTER (WHERE NOT has_contact)
  FROM c WHERE routine GROUP BY ALL
  UNION ALL
  SELECT 'B-3', provider, month, count(*) FILTER (WHERE has_contact), count(*), 0
  FROM c GROUP BY ALL
  UNION ALL
  SELECT 'B-4', provider, month, count(*) FILTER (WHERE timed AND minutes <= 240), count(*),
         count(*) FILTER (WHERE timed IS NOT TRUE)
  FROM c WHERE urgent GROUP BY ALL
  UNION ALL
  SELECT 'B-5', provider, quarter, count(*) FILTER (WHERE timed AND wdb <= 2), count(*),
         count(*) FILTER (WHERE timed IS NOT TRUE)
  FROM c GROUP BY ALL
  UNION ALL
  SELECT 'B-6', provider, month, count(*), 0, 0 FROM c WHERE urgent GROUP BY ALL
  UNION ALL  -- weeks with activity on every one of their days inside the period
  SELECT 'B-7', p.provider, DATE '2007-04-01',
         count(*) FILTER (WHERE a.days = w.required), count(*), 0
  FROM providers p CROSS JOIN weeks w
  LEFT JOIN active a ON a.provider = p.provider AND a.week = w.week GROUP BY ALL
  UNION ALL  -- a month's return is there when a row is dated in it; with no submitted
             -- date its timeliness is unknown, so none is known to be on time
  SELECT 'B-10', provider, month, 0, 1, 1 FROM c GROUP BY ALL),
-- B-8: the rota's shifts as instants, merged where they touch or overlap, against
-- every minute of each month (a 24/7 line)
shifts AS (
  SELECT provider, timezone('Europe/London', strptime(starts_at, '%Y-%m-%dT%H:%M')) AS s,
         timezone('Europe/London', strptime(ends_at, '%Y-%m-%dT%H:%M')) AS e
  FROM read_csv('$ROTA', header = true, all_varchar = true)),
runs AS (
  SELECT provider, s, e,
         max(e) OVER (PARTITION BY provider ORDER BY s, e
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
  FROM shifts WHERE e > s),
islands AS (
  SELECT provider, s, e,
         sum(CASE WHEN reached >= s THEN 0 ELSE 1 END) OVER (PARTITION BY provider ORDER BY s, e) AS island
  FROM runs),
cover AS (SELECT provider, min(s) AS s, max(e) AS e FROM islands GROUP BY provider, island),
months AS (
  SELECT CAST(m AS DATE) AS month, timezone('Europe/London', m) AS s,
         timezone('Europe/London', m + INTERVAL 1 MONTH) AS e
  FROM generate_series(TIMESTAMP '2007-04-01', TIMESTAMP '2008-03-01', INTERVAL 1 MONTH) t(m)),
covered AS (
  SELECT c.provider, m.month,
         sum(epoch(least(c.e, m.e) - greatest(c.s, m.s))) / 60 AS minutes
  FROM cover c JOIN months m ON c.s < m.e AND c.e > m.s GROUP BY ALL),
rota_providers AS (SELECT DISTINCT provider FROM shifts),
-- B-9: attendance grouped into meetings, job titles matched to roles by the spec's
-- patterns (the first that matches), a meeting quorate with a consultant and a CNS
attendance AS (
  SELECT provider, meeting_id, CAST(held_on AS DATE) AS held_on,
         CASE WHEN regexp_matches(attendee_role, '(?i)consultant.*palliat') THEN 'palliative_consultant'
              WHEN regexp_matches(attendee_role, '(?i)(clinical nurse specialist|\bCNS\b)') THEN 'cns'
              WHEN regexp_matches(attendee_role, '(?i)social worker') THEN 'social_worker' END AS role
  FROM read_csv('$MDT', header = true, all_varchar = true)),
meetings AS (
  SELECT provider, meeting_id, min(held_on) AS held_on,
         bool_or(role = 'palliative_consultant') AND bool_or(role = 'cns') AS quorate
  FROM attendance GROUP BY ALL),
-- ISO weeks: a week cut short by the period counts only when a meeting fell in it
meeting_weeks AS (
  SELECT provider, date_trunc('week', held_on) AS week, bool_or(quorate) AS quorate
  FROM meetings WHERE held_on BETWEEN DATE '2007-04-01' AND DATE '2008-03-31' GROUP BY ALL),
mdt_weeks AS (
  SELECT p.provider, w.week, coalesce(mw.quorate, false) AS quorate
  FROM (SELECT DISTINCT provider FROM meetings) p CROSS JOIN weeks w
  LEFT JOIN meeting_weeks mw ON mw.provider = p.provider AND mw.week = w.week
  WHERE w.required = 7 OR mw.week IS NOT NULL),
more AS (
  SELECT 'B-8' AS req, p.provider, m.month AS period, coalesce(c.minutes, 0) AS numerator,
         epoch(m.e - m.s) / 60 AS denominator, 0 AS unknown
  FROM rota_providers p CROSS JOIN months m
  LEFT JOIN covered c ON c.provider = p.provider AND c.month = m.month
  UNION ALL
  SELECT 'B-9', provider, DATE '2007-04-01', count(*) FILTER (WHERE quorate), count(*), 0
  FROM mdt_weeks GROUP BY ALL),
percentiles AS (
  SELECT 'B-4' AS req, provider, quantile_disc(minutes, 0.5) AS median, quantile_disc(minutes, 0.9) AS p90
  FROM c WHERE urgent AND timed GROUP BY ALL
  UNION ALL
  SELECT 'B-5', provider, quantile_disc(wdb, 0.5), quantile_disc(wdb, 0.9)
  FROM c WHERE timed GROUP BY ALL)
SELECT 'validation' AS kind, to_json(v) AS figures FROM validation v
UNION ALL
SELECT 'figure', to_json(f) FROM figures f
UNION ALL
SELECT 'figure', to_json(f) FROM more f
UNION ALL
SELECT 'percentiles', to_json(p) FROM percentiles p;
