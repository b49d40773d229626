WITH latest AS (
  SELECT * FROM records WHERE rowref IN (
    SELECT arg_max(rowref, ((CAST(epoch_us(status_at) AS HUGEINT) << 64) + hash(record_id))) FROM records GROUP BY dossier_id)
), calendar AS (
  SELECT n AS day_number,
    least(epoch_us(CAST((date_trunc('month', CAST(x.day AS TIMESTAMP)) + INTERVAL 1 MONTH) AS TIMESTAMP)) - 25200000000, 1767225600000000) AS cutoff_month,
    least(epoch_us(CAST((date_trunc('quarter', CAST(x.day AS TIMESTAMP)) + INTERVAL 3 MONTH) AS TIMESTAMP)) - 25200000000, 1767225600000000) AS cutoff_quarter,
    least(epoch_us(CAST((date_trunc('year', CAST(x.day AS TIMESTAMP)) + INTERVAL 1 YEAR) AS TIMESTAMP)) - 25200000000, 1767225600000000) AS cutoff_year
  FROM (SELECT CAST(n AS INTEGER) AS n, CAST(DATE '1970-01-01' + CAST(n AS INTEGER) AS DATE) AS day
        FROM range(-25567, 84006) AS t(n)) AS x
), located AS (
  SELECT *, CAST((epoch_us(received_at) + 25200000000) // 86400000000 AS INTEGER) AS day_number,
    CAST(DATE '1970-01-01' + CAST((epoch_us(received_at) + 25200000000) // 86400000000 AS INTEGER) AS DATE) AS day,
    CASE WHEN coalesce(supplement_requests, 0) >= 2 THEN NULL WHEN due_at IS NULL THEN 9223372036854775807 WHEN status IN ('finished', 'returned', 'rejected', 'withdrawn') AND finished_at IS NOT NULL THEN CASE WHEN finished_at <= due_at THEN 9223372036854775807 END ELSE epoch_us(due_at) END AS due_us
  FROM latest
), flagged AS (
  SELECT
    d.unit_code,
    coalesce(m.ancestor_code, d.unit_code) AS group_unit,
    d.procedure_code,
    d.day,
    CASE WHEN channel = 'online' THEN 1 ELSE 0 END AS is_online,
    CASE WHEN channel = 'in_person' THEN 1 ELSE 0 END AS is_in_person,
    CASE WHEN channel = 'postal' THEN 1 ELSE 0 END AS is_postal,
    CASE WHEN status = 'finished' THEN 1 ELSE 0 END AS is_finished,
    CASE WHEN coalesce(fee_vnd, 0) > 0 THEN 1 ELSE 0 END AS has_fee,
    CASE WHEN coalesce(fee_vnd, 0) > 0 AND coalesce(paid_online, false) THEN 1 ELSE 0 END AS paid_fee_online,
    CASE WHEN status = 'finished' AND coalesce(e_result, false) THEN 1 ELSE 0 END AS e_result_finished,
    CASE WHEN coalesce(digitised, false) THEN 1 ELSE 0 END AS is_digitised,
    CASE WHEN coalesce(reused_data, false) THEN 1 ELSE 0 END AS is_reused,
    CASE WHEN coalesce(vneid_authenticated, false) THEN 1 ELSE 0 END AS is_vneid,
    CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END AS is_rated,
    CAST(rating AS DOUBLE) AS rating_value,
    CASE WHEN rating <= 2 THEN 1 ELSE 0 END AS is_low_rated,
    CASE WHEN status = 'finished' AND finished_at IS NOT NULL THEN 1 ELSE 0 END AS is_finished_timed,
    CASE WHEN status = 'finished' AND finished_at IS NOT NULL THEN (epoch_us(finished_at) - epoch_us(received_at)) / 86400000000.0 END AS processing_days,
    CAST(coalesce(c.cutoff_month <= d.due_us, false) AS INTEGER) AS on_time_month,
    CAST(coalesce(c.cutoff_quarter <= d.due_us, false) AS INTEGER) AS on_time_quarter,
    CAST(coalesce(c.cutoff_year <= d.due_us, false) AS INTEGER) AS on_time_year,
    CAST(coalesce(1767225600000000 <= d.due_us, false) AS INTEGER) AS on_time_asof
  FROM located d
  LEFT JOIN calendar c ON c.day_number = d.day_number
  LEFT JOIN unit_map m ON m.code = d.unit_code
    AND (m.valid_from IS NULL OR m.valid_from <= d.day)
    AND (m.valid_to IS NULL OR d.day <= m.valid_to)
), sliced AS (
SELECT CASE WHEN grouping(unit_code) = 0 THEN 'unit' ELSE 'procedure' END AS grain,
  unit_code, group_unit, procedure_code, day,
  sum((CAST(is_online AS BIGINT) << 0) + (CAST(is_in_person AS BIGINT) << 21) + (CAST(is_postal AS BIGINT) << 42)) AS pack0,
  sum((CAST(on_time_month AS BIGINT) << 0) + (CAST(on_time_quarter AS BIGINT) << 21) + (CAST(on_time_year AS BIGINT) << 42)) AS pack1,
  sum((CAST(on_time_asof AS BIGINT) << 0) + (CAST(paid_fee_online AS BIGINT) << 21) + (CAST(has_fee AS BIGINT) << 42)) AS pack2,
  sum((CAST(e_result_finished AS BIGINT) << 0) + (CAST(is_finished AS BIGINT) << 21) + (CAST(is_digitised AS BIGINT) << 42)) AS pack3,
  sum((CAST(is_reused AS BIGINT) << 0) + (CAST(is_vneid AS BIGINT) << 21) + (CAST(is_rated AS BIGINT) << 42)) AS pack4,
  sum((CAST(is_low_rated AS BIGINT) << 0) + (CAST(is_finished_timed AS BIGINT) << 21)) AS pack5,
  count(*) AS received,
  count(*) AS online_share__den,
  count(*) AS in_person_share__den,
  count(*) AS postal_share__den,
  count(*) AS on_time_share__den,
  count(*) AS digitised_share__den,
  count(*) AS reuse_share__den,
  count(*) AS vneid_share__den,
  sum(CASE WHEN is_rated = 1 THEN rating_value END) AS satisfaction__num,
  count(*) AS low_rating_share__den,
  sum(CASE WHEN is_finished_timed = 1 THEN processing_days END) AS avg_processing_days__num
FROM flagged
GROUP BY GROUPING SETS ((unit_code, day), (group_unit, procedure_code, day))
)
SELECT grain, unit_code, group_unit, procedure_code, day,
  received,
  CAST((pack0 >> 0) & 2097151 AS HUGEINT) AS online_share__num,
  online_share__den,
  CAST((pack0 >> 21) & 2097151 AS HUGEINT) AS in_person_share__num,
  in_person_share__den,
  CAST((pack0 >> 42) & 2097151 AS HUGEINT) AS postal_share__num,
  postal_share__den,
  CAST((pack1 >> 0) & 2097151 AS HUGEINT) AS on_time_share_month__num,
  CAST((pack1 >> 21) & 2097151 AS HUGEINT) AS on_time_share_quarter__num,
  CAST((pack1 >> 42) & 2097151 AS HUGEINT) AS on_time_share_year__num,
  CAST((pack2 >> 0) & 2097151 AS HUGEINT) AS on_time_share_asof__num,
  on_time_share__den,
  CAST((pack2 >> 21) & 2097151 AS HUGEINT) AS online_payment_share__num,
  CAST((pack2 >> 42) & 2097151 AS HUGEINT) AS online_payment_share__den,
  CAST((pack3 >> 0) & 2097151 AS HUGEINT) AS e_result_share__num,
  CAST((pack3 >> 21) & 2097151 AS HUGEINT) AS e_result_share__den,
  CAST((pack3 >> 42) & 2097151 AS HUGEINT) AS digitised_share__num,
  digitised_share__den,
  CAST((pack4 >> 0) & 2097151 AS HUGEINT) AS reuse_share__num,
  reuse_share__den,
  CAST((pack4 >> 21) & 2097151 AS HUGEINT) AS vneid_share__num,
  vneid_share__den,
  satisfaction__num,
  CAST((pack4 >> 42) & 2097151 AS HUGEINT) AS satisfaction__den,
  CAST((pack5 >> 0) & 2097151 AS HUGEINT) AS low_rating_share__num,
  low_rating_share__den,
  avg_processing_days__num,
  CAST((pack5 >> 21) & 2097151 AS HUGEINT) AS avg_processing_days__den
FROM sliced
ORDER BY day
