-- title: Top songs (resolved plays)
-- chart: hbar
-- basis: resolved
-- The whole history from the running totals, its top ten read by index
-- (every song with at least the tenth's plays, for the ties); a period
-- within it from the day summaries.  Named after counting: the join reads
-- each song once.
WITH whole AS (
    SELECT coalesce($1::date <= min(day) AND $2::date > max(day), true) AS yes
    FROM sk_plays_hourly
), per_song AS (
    SELECT song_id, plays
    FROM sk_plays_songs_total
    WHERE (SELECT yes FROM whole)
      AND plays >= (SELECT coalesce(min(plays), 0) FROM (SELECT plays FROM sk_plays_songs_total
                    ORDER BY plays DESC LIMIT 10) top)
    UNION ALL
    SELECT song_id, sum(plays)::bigint
    FROM sk_plays_songs
    WHERE NOT (SELECT yes FROM whole) AND day >= $1 AND day < $2
    GROUP BY 1
)
SELECT s.title || ' — ' || coalesce(a.name, '?') AS song, p.plays
FROM per_song p
JOIN songs s USING (song_id)
LEFT JOIN artists a ON a.artist_id = s.artist_id
ORDER BY plays DESC, song
LIMIT 10;
