-- title: Plays per hour of day (UTC)
-- chart: bar
SELECT h.hour, count(p.songplay_id) AS plays
FROM generate_series(0, 23) AS h(hour)
LEFT JOIN songplays p
       ON extract(hour FROM p.start_time) = h.hour
      AND p.start_time >= $1 AND p.start_time < $2
GROUP BY h.hour
ORDER BY h.hour;
