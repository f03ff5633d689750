-- title: Top artists (resolved plays)
-- chart: hbar
SELECT coalesce(a.name, p.artist_id) AS artist, count(*) AS plays
FROM songplays p
JOIN artists a USING (artist_id)
WHERE p.start_time >= $1 AND p.start_time < $2
GROUP BY p.artist_id, a.name
ORDER BY plays DESC, artist
LIMIT 10;
