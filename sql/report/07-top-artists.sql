-- title: Top artists (resolved plays)
-- chart: hbar
-- Counted by artist_id first, then named: the join reads each artist once.
WITH per_artist AS (
    SELECT artist_id, sum(plays)::bigint AS plays
    FROM sk_plays_songs
    WHERE day >= $1 AND day < $2 AND artist_id IS NOT NULL
    GROUP BY 1
)
SELECT coalesce(a.name, p.artist_id) AS artist, p.plays
FROM per_artist p
JOIN artists a USING (artist_id)
ORDER BY plays DESC, artist
LIMIT 10;
