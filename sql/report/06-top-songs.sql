-- title: Top songs (resolved plays)
-- chart: hbar
SELECT s.title || ' — ' || coalesce(a.name, '?') AS song, count(*) AS plays
FROM songplays p
JOIN songs s USING (song_id)
LEFT JOIN artists a ON a.artist_id = s.artist_id
WHERE p.start_time >= $1 AND p.start_time < $2
GROUP BY s.song_id, s.title, a.name
ORDER BY plays DESC, song
LIMIT 10;
