WITH latest AS (
  SELECT * FROM records WHERE rowref IN (
    SELECT arg_max(rowref, ((CAST(epoch_us(status_at) AS HUGEINT) << 64) + hash(record_id))) FROM records GROUP BY dossier_id)
), located AS (
  SELECT *, (CAST(received_at AS TIMESTAMP) + INTERVAL 7 HOUR) AS local_received FROM latest
), flagged AS (
  SELECT
    d.channel,
    CAST(year(local_received) AS VARCHAR) AS period,
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
    CASE WHEN coalesce(supplement_requests, 0) >= 2 THEN 0 WHEN due_at IS NULL THEN 1 WHEN status IN ('finished', 'returned', 'rejected', 'withdrawn') AND finished_at IS NOT NULL THEN CASE WHEN finished_at <= due_at THEN 1 ELSE 0 END WHEN least((date_trunc('year', local_received) + INTERVAL 1 YEAR), TIMESTAMP '2026-01-01 07:00:00.000000') <= (CAST(due_at AS TIMESTAMP) + INTERVAL 7 HOUR) THEN 1 ELSE 0 END AS on_time
  FROM located d
), partials AS (
  SELECT channel, period, 
    count(*) AS received,
    sum(is_online) AS online_share__num,
    count(*) AS online_share__den,
    sum(is_in_person) AS in_person_share__num,
    count(*) AS in_person_share__den,
    sum(is_postal) AS postal_share__num,
    count(*) AS postal_share__den,
    sum(on_time) AS on_time_share__num,
    count(*) AS on_time_share__den,
    sum(paid_fee_online) AS online_payment_share__num,
    sum(has_fee) AS online_payment_share__den,
    sum(e_result_finished) AS e_result_share__num,
    sum(is_finished) AS e_result_share__den,
    sum(is_digitised) AS digitised_share__num,
    count(*) AS digitised_share__den,
    sum(is_reused) AS reuse_share__num,
    count(*) AS reuse_share__den,
    sum(is_vneid) AS vneid_share__num,
    count(*) AS vneid_share__den,
    sum(CASE WHEN is_rated = 1 THEN rating_value END) AS satisfaction__num,
    sum(is_rated) AS satisfaction__den,
    sum(is_low_rated) AS low_rating_share__num,
    count(*) AS low_rating_share__den,
    sum(CASE WHEN is_finished_timed = 1 THEN processing_days END) AS avg_processing_days__num,
    sum(is_finished_timed) AS avg_processing_days__den
  FROM flagged
  GROUP BY channel, period
)
SELECT channel, period, received, online_share, in_person_share, postal_share, on_time_share, online_payment_share, e_result_share, digitised_share, reuse_share, vneid_share, satisfaction, low_rating_share, avg_processing_days, CAST(NULL AS DOUBLE) AS score_transparency, (coalesce((on_time_share) * 20, 0.0)) * 20 / nullif(CASE WHEN (on_time_share) IS NULL THEN 0.0 ELSE 20.0 END, 0.0) AS score_progress, (coalesce(CASE WHEN (online_share) >= 0.5 THEN 12.0 ELSE (online_share) * 12 / 0.5 END, 0.0) + coalesce((online_payment_share) * 10, 0.0)) * 22 / nullif(CASE WHEN (online_share) IS NULL THEN 0.0 ELSE 12.0 END + CASE WHEN (online_payment_share) IS NULL THEN 0.0 ELSE 10.0 END, 0.0) AS score_online, (coalesce((e_result_share) * 6, 0.0) + coalesce(CASE WHEN (digitised_share) >= 0.8 THEN 4.0 ELSE (digitised_share) * 4 / 0.8 END, 0.0) + coalesce(CASE WHEN (reuse_share) >= 0.8 THEN 2.0 ELSE (reuse_share) * 2 / 0.8 END, 0.0) + coalesce((vneid_share) * 2, 0.0)) * 22 / nullif(CASE WHEN (e_result_share) IS NULL THEN 0.0 ELSE 6.0 END + CASE WHEN (digitised_share) IS NULL THEN 0.0 ELSE 4.0 END + CASE WHEN (reuse_share) IS NULL THEN 0.0 ELSE 2.0 END + CASE WHEN (vneid_share) IS NULL THEN 0.0 ELSE 2.0 END, 0.0) AS score_digitisation, (coalesce(CASE WHEN (greatest(0.0, on_time_share - low_rating_share)) >= 0.9 THEN 6.0 ELSE (greatest(0.0, on_time_share - low_rating_share)) * 6 / 0.9 END, 0.0)) * 18 / nullif(CASE WHEN (greatest(0.0, on_time_share - low_rating_share)) IS NULL THEN 0.0 ELSE 6.0 END, 0.0) AS score_satisfaction, coalesce((coalesce((on_time_share) * 20, 0.0)) * 20 / nullif(CASE WHEN (on_time_share) IS NULL THEN 0.0 ELSE 20.0 END, 0.0), 0.0) + coalesce((coalesce(CASE WHEN (online_share) >= 0.5 THEN 12.0 ELSE (online_share) * 12 / 0.5 END, 0.0) + coalesce((online_payment_share) * 10, 0.0)) * 22 / nullif(CASE WHEN (online_share) IS NULL THEN 0.0 ELSE 12.0 END + CASE WHEN (online_payment_share) IS NULL THEN 0.0 ELSE 10.0 END, 0.0), 0.0) + coalesce((coalesce((e_result_share) * 6, 0.0) + coalesce(CASE WHEN (digitised_share) >= 0.8 THEN 4.0 ELSE (digitised_share) * 4 / 0.8 END, 0.0) + coalesce(CASE WHEN (reuse_share) >= 0.8 THEN 2.0 ELSE (reuse_share) * 2 / 0.8 END, 0.0) + coalesce((vneid_share) * 2, 0.0)) * 22 / nullif(CASE WHEN (e_result_share) IS NULL THEN 0.0 ELSE 6.0 END + CASE WHEN (digitised_share) IS NULL THEN 0.0 ELSE 4.0 END + CASE WHEN (reuse_share) IS NULL THEN 0.0 ELSE 2.0 END + CASE WHEN (vneid_share) IS NULL THEN 0.0 ELSE 2.0 END, 0.0), 0.0) + coalesce((coalesce(CASE WHEN (greatest(0.0, on_time_share - low_rating_share)) >= 0.9 THEN 6.0 ELSE (greatest(0.0, on_time_share - low_rating_share)) * 6 / 0.9 END, 0.0)) * 18 / nullif(CASE WHEN (greatest(0.0, on_time_share - low_rating_share)) IS NULL THEN 0.0 ELSE 6.0 END, 0.0), 0.0) AS score_766
FROM (
SELECT channel, period,
  CAST(sum(received) AS BIGINT) AS received,
  CAST(sum(online_share__num) AS DOUBLE) / nullif(sum(online_share__den), 0) AS online_share,
  CAST(sum(in_person_share__num) AS DOUBLE) / nullif(sum(in_person_share__den), 0) AS in_person_share,
  CAST(sum(postal_share__num) AS DOUBLE) / nullif(sum(postal_share__den), 0) AS postal_share,
  CAST(sum(on_time_share__num) AS DOUBLE) / nullif(sum(on_time_share__den), 0) AS on_time_share,
  CAST(sum(online_payment_share__num) AS DOUBLE) / nullif(sum(online_payment_share__den), 0) AS online_payment_share,
  CAST(sum(e_result_share__num) AS DOUBLE) / nullif(sum(e_result_share__den), 0) AS e_result_share,
  CAST(sum(digitised_share__num) AS DOUBLE) / nullif(sum(digitised_share__den), 0) AS digitised_share,
  CAST(sum(reuse_share__num) AS DOUBLE) / nullif(sum(reuse_share__den), 0) AS reuse_share,
  CAST(sum(vneid_share__num) AS DOUBLE) / nullif(sum(vneid_share__den), 0) AS vneid_share,
  CAST(sum(satisfaction__num) AS DOUBLE) / nullif(sum(satisfaction__den), 0) AS satisfaction,
  CAST(sum(low_rating_share__num) AS DOUBLE) / nullif(sum(low_rating_share__den), 0) AS low_rating_share,
  CAST(sum(avg_processing_days__num) AS DOUBLE) / nullif(sum(avg_processing_days__den), 0) AS avg_processing_days
FROM partials
GROUP BY channel, period
) AS finals
ORDER BY channel, period
