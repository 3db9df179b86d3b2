-- The typed validation specaudit validate does on the bench referrals, as SQL an
-- analyst would write for DuckDB: every column read as text, then required
-- cells, types (datetime, enum, ODS code shape, NHS number with its modulus-11
-- check digit) and the unique referral id counted. One row of counts.
WITH r AS (SELECT * FROM read_csv('$FILE', header = true, all_varchar = true)),
checked AS (
  SELECT *,
    CASE WHEN regexp_full_match(nhs_number, '[0-9]{10}') THEN
      (11 - (10 * (nhs_number[1]::INT) + 9 * (nhs_number[2]::INT) + 8 * (nhs_number[3]::INT)
             + 7 * (nhs_number[4]::INT) + 6 * (nhs_number[5]::INT) + 5 * (nhs_number[6]::INT)
             + 4 * (nhs_number[7]::INT) + 3 * (nhs_number[8]::INT) + 2 * (nhs_number[9]::INT)) % 11) % 11
      = nhs_number[10]::INT
    ELSE false END AS nhs_ok
  FROM r)
SELECT
  count(*) AS rows,
  count(*) FILTER (WHERE referral_id IS NULL OR provider IS NULL OR received_at IS NULL OR urgency IS NULL) AS missing_required,
  count(*) FILTER (WHERE NOT regexp_full_match(provider, '[A-Z0-9]{3,9}')) AS bad_ods_code,
  count(*) FILTER (WHERE nhs_number IS NOT NULL AND NOT nhs_ok) AS bad_nhs_number,
  count(*) FILTER (WHERE try_strptime(received_at, '%Y-%m-%dT%H:%M') IS NULL) AS bad_received_at,
  count(*) FILTER (WHERE first_contact_at IS NOT NULL AND try_strptime(first_contact_at, '%Y-%m-%dT%H:%M') IS NULL) AS bad_first_contact_at,
  count(*) FILTER (WHERE urgency NOT IN ('urgent', 'routine')) AS bad_urgency,
  count(referral_id) - count(DISTINCT referral_id) AS repeated_referral_ids
FROM checked;
