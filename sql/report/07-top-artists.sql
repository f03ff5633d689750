-- title: Top artists (resolved plays)
-- chart: hbar
-- basis: resolved
-- Counted by artist_id first, then named: the join reads each artist once.
-- The whole history from the running totals per song; a period within it
-- from the day summaries.
WITH whole AS (
    SELECT coalesce($1::date <= min(day) AND $2::date > max(day), true) AS yes
    FROM sk_plays_hourly
), per_artist AS (
    SELECT artist_id, sum(plays)::bigint AS plays
    FROM sk_plays_songs_total
    WHERE (SELECT yes FROM whole) AND artist_id IS NOT NULL
    GROUP BY 1
    UNION ALL
    SELECT artist_id, sum(plays)::bigint AS plays
    FROM sk_plays_songs
    WHERE NOT (SELECT yes FROM whole) AND day >= $1 AND day < $2 AND artist_id IS NOT NULL
    GROUP BY 1
)
SELECT coalesce(a.name, p.artist_id) AS artist, p.plays
FROM per_artist p
JOIN artists a USING (artist_id)
ORDER BY plays DESC, artist
LIMIT 10;
