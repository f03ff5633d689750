-- title: Rows per table
-- Whole tables, whatever the period; in the star's order.  songplays'
-- count is its summary's (every play counted once, by the load that
-- added it), not a scan of millions of rows.
SELECT "table", rows FROM (
    SELECT 1 AS ord, 'songplays' AS "table",
           (SELECT coalesce(sum(plays), 0) FROM sk_plays_hourly)::bigint AS rows
    UNION ALL SELECT 2, 'users', count(*) FROM users
    UNION ALL SELECT 3, 'songs', count(*) FROM songs
    UNION ALL SELECT 4, 'artists', count(*) FROM artists
    UNION ALL SELECT 5, 'time', count(*) FROM time
) counts
ORDER BY ord;
