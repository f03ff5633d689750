-- title: Plays per weekday
-- chart: bar
SELECT (ARRAY['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])[d.dow + 1] AS weekday,
       count(p.songplay_id) AS plays
FROM generate_series(0, 6) AS d(dow)
LEFT JOIN songplays p
       ON extract(dow FROM p.start_time) = d.dow
      AND p.start_time >= $1 AND p.start_time < $2
GROUP BY d.dow
ORDER BY d.dow;
