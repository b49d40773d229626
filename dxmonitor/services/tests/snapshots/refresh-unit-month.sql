SELECT unit_code, period,
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
FROM (
  SELECT
    coalesce(m.ancestor_code, s.unit_code) AS unit_code,
    strftime(s.day, '%Y-%m') AS period,
    s.received,
    s.online_share__num,
    s.online_share__den,
    s.in_person_share__num,
    s.in_person_share__den,
    s.postal_share__num,
    s.postal_share__den,
    s.online_payment_share__num,
    s.online_payment_share__den,
    s.e_result_share__num,
    s.e_result_share__den,
    s.digitised_share__num,
    s.digitised_share__den,
    s.reuse_share__num,
    s.reuse_share__den,
    s.vneid_share__num,
    s.vneid_share__den,
    s.satisfaction__num,
    s.satisfaction__den,
    s.low_rating_share__num,
    s.low_rating_share__den,
    s.avg_processing_days__num,
    s.avg_processing_days__den,
    s.on_time_share__den,
    s.on_time_share_month__num AS on_time_share__num
  FROM slices s
  LEFT JOIN unit_map m ON m.code = s.unit_code
    AND (m.valid_from IS NULL OR m.valid_from <= s.day)
    AND (m.valid_to IS NULL OR s.day <= m.valid_to)
  WHERE s.grain = 'unit'
) AS sliced
GROUP BY unit_code, period
ORDER BY unit_code, period
