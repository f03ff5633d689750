-- title: Top unresolved titles (plays whose song the catalogue lacks)
-- chart: hbar
-- basis: titles
-- The songs to add to the catalogue first: the title and artist of the
-- events whose song no songs row matched, as make load keeps them.  The
-- whole history from the running totals, its top ten read by index (every
-- title with at least the tenth's plays, for the ties); a period within it
-- from the day rows.
WITH whole AS (
    SELECT coalesce($1::date <= min(day) AND $2::date > max(day), true) AS yes
    FROM sk_plays_hourly
), per_title AS (
    SELECT title, artist, plays
    FROM sk_plays_unresolved_total
    WHERE (SELECT yes FROM whole)
      AND plays >= (SELECT coalesce(min(plays), 0) FROM (SELECT plays
                    FROM sk_plays_unresolved_total ORDER BY plays DESC LIMIT 10) top)
    UNION ALL
    SELECT title, artist, sum(plays)::bigint
    FROM sk_plays_unresolved
    WHERE NOT (SELECT yes FROM whole) AND day >= $1 AND day < $2
    GROUP BY 1, 2
)
SELECT coalesce(title, '?') || ' — ' || coalesce(artist, '?') AS title, plays
FROM per_title
ORDER BY plays DESC, title
LIMIT 10;
