-- title: Top songs (resolved plays)
-- chart: hbar
-- Counted by song_id first, then named: the join reads each song once.
WITH per_song AS (
    SELECT song_id, count(*) AS plays
    FROM songplays
    WHERE start_time >= $1 AND start_time < $2 AND song_id IS NOT NULL
    GROUP BY 1
)
SELECT s.title || ' — ' || coalesce(a.name, '?') AS song, p.plays
FROM per_song p
JOIN songs s USING (song_id)
LEFT JOIN artists a ON a.artist_id = s.artist_id
ORDER BY plays DESC, song
LIMIT 10;
