-- title: Plays per hour of day (UTC)
-- chart: bar
SELECT h.hour, coalesce(sum(p.plays), 0)::bigint AS plays
FROM generate_series(0, 23) AS h(hour)
LEFT JOIN sk_plays_hourly p ON p.hour = h.hour AND p.day >= $1 AND p.day < $2
GROUP BY h.hour
ORDER BY h.hour;
