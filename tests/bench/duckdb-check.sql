-- The referral work of `specaudit check` on bench-spec.yaml, as SQL an analyst would
-- write for DuckDB: the return read once with its cells typed and checked (as
-- duckdb-validate.sql does; check validates every cell too), then the seven
-- requirements on the referrals (B-1 to B-7) and the monthly return check (B-10), each
-- per provider and reporting period, with the counts the report gives
-- (numerator, denominator, unknown) and B-4's and B-5's percentiles. Working days come
-- from the bank holidays of England and Wales written out (the spec's calendar); the
-- 4-hour limit is measured in real time on the Europe/London clock, as specaudit does.
-- Left out: the rota's 24/7 coverage (B-8) and the weekly MDT (B-9), which read the two
-- small files (under 1 MB together, against 66 MB or 661 MB of referrals), so the SQL
-- does a little less than check does.
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
SELECT 'percentiles', to_json(p) FROM percentiles p;
