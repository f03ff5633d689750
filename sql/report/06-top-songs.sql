-- title: Top songs (resolved plays)
-- chart: hbar
-- Counted by song_id first, then named: the join reads each song once.
WITH per_song AS (
    SELECT song_id, sum(plays)::bigint AS plays
    FROM sk_plays_songs
    WHERE day >= $1 AND day < $2
    GROUP BY 1
)
SELECT s.title || ' — ' || coalesce(a.name, '?') AS song, p.plays
FROM per_song p
JOIN songs s USING (song_id)
LEFT JOIN artists a ON a.artist_id = s.artist_id
ORDER BY plays DESC, song
LIMIT 10;
