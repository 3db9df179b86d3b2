-- Four referral KPIs of bench-spec.yaml per provider and month, as SQL an analyst
-- would write for DuckDB: urgent referrals (B-6), the share with a recorded first
-- contact (B-3), the share of urgent referrals contacted within 4 hours (B-4) and
-- the days with a referral (B-7). The working-day KPIs (B-1, B-2, B-5, which need
-- the bank holidays), the rota, MDT and submission checks are not in it: the SQL
-- does less than specaudit check does.
WITH r AS (
  SELECT provider, urgency,
         strptime(received_at, '%Y-%m-%dT%H:%M') AS received,
         try_strptime(first_contact_at, '%Y-%m-%dT%H:%M') AS contact
  FROM read_csv('$FILE', header = true, all_varchar = true))
SELECT provider, date_trunc('month', received) AS month,
  count(*) FILTER (WHERE urgency = 'urgent') AS urgent,
  round(100.0 * count(contact) / count(*), 1) AS pct_with_contact,
  round(100.0 * count(*) FILTER (WHERE urgency = 'urgent' AND contact - received <= INTERVAL 4 HOUR)
        / nullif(count(*) FILTER (WHERE urgency = 'urgent'), 0), 1) AS pct_urgent_within_4h,
  count(DISTINCT CAST(received AS DATE)) AS days_with_referrals
FROM r
GROUP BY ALL
ORDER BY provider, month;
