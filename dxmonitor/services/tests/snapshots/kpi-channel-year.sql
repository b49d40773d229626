WITH latest AS (
  SELECT * FROM records
  QUALIFY row_number() OVER (PARTITION BY dossier_id ORDER BY status_at DESC, record_id DESC) = 1
), local AS (
  SELECT l.* EXCLUDE (unit_code), coalesce(m.rollup_code, l.unit_code) AS unit_code,
         timezone('UTC', l.received_at) + INTERVAL 7 HOUR AS local_received
  FROM latest l LEFT JOIN unit_map m ON m.code = l.unit_code
), dossiers AS (
  SELECT *, strftime(local_received, '%Y') AS period,
         least(timezone('UTC', TIMESTAMPTZ '2026-01-01T00:00:00+00:00'), date_trunc('year', local_received) + INTERVAL 1 YEAR - INTERVAL 7 HOUR - INTERVAL 1 MICROSECOND) AS cutoff
  FROM local
), judged AS (
  SELECT *, CASE
      WHEN coalesce(supplement_requests, 0) >= 2 THEN false
      WHEN due_at IS NULL THEN true
      WHEN status = 'finished' AND finished_at IS NOT NULL THEN finished_at <= due_at
      ELSE cutoff <= timezone('UTC', due_at)
    END AS on_time
  FROM dossiers
)
SELECT channel, period,
  count(*) AS received,
  avg(CASE WHEN channel = 'online' THEN 1.0 ELSE 0.0 END) AS online_share,
  avg(CASE WHEN on_time THEN 1.0 ELSE 0.0 END) AS on_time_share,
  sum(CASE WHEN coalesce(fee_vnd, 0) > 0 AND coalesce(paid_online, false) THEN 1 ELSE 0 END)::DOUBLE / nullif(sum(CASE WHEN coalesce(fee_vnd, 0) > 0 THEN 1 ELSE 0 END), 0) AS online_payment_share,
  sum(CASE WHEN status = 'finished' AND coalesce(e_result, false) THEN 1 ELSE 0 END)::DOUBLE / nullif(sum(CASE WHEN status = 'finished' THEN 1 ELSE 0 END), 0) AS e_result_share,
  avg(CASE WHEN coalesce(digitised, false) THEN 1.0 ELSE 0.0 END) AS digitised_share,
  avg(CASE WHEN coalesce(reused_data, false) THEN 1.0 ELSE 0.0 END) AS reuse_share,
  avg(CASE WHEN coalesce(vneid_authenticated, false) THEN 1.0 ELSE 0.0 END) AS vneid_share,
  avg(rating) AS satisfaction,
  avg(CASE WHEN status = 'finished' AND finished_at IS NOT NULL THEN epoch(finished_at - received_at) / 86400.0 END) AS avg_processing_days
FROM judged
GROUP BY channel, period
ORDER BY channel, period
