-- title: Plays per weekday
-- chart: bar
SELECT (ARRAY['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])[d.dow + 1] AS weekday,
       coalesce(sum(p.plays), 0)::bigint AS plays
FROM generate_series(0, 6) AS d(dow)
LEFT JOIN sk_plays_hourly p
       ON extract(dow FROM p.day) = d.dow AND p.day >= $1 AND p.day < $2
GROUP BY d.dow
ORDER BY d.dow;
