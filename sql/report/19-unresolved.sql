-- title: Top unresolved titles (plays whose song the catalogue lacks)
-- chart: hbar
-- The songs to add to the catalogue first: the title and artist of the
-- events whose song no songs row matched, as make load keeps them.
WITH per_title AS (
    SELECT title, artist, sum(plays)::bigint AS plays
    FROM sk_plays_unresolved
    WHERE day >= $1 AND day < $2
    GROUP BY 1, 2
)
SELECT coalesce(title, '?') || ' — ' || coalesce(artist, '?') AS title, plays
FROM per_title
ORDER BY plays DESC, title
LIMIT 10;
