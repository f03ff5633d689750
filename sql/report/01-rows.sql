-- title: Rows per table
-- Whole tables, whatever the period; in the star's order (a UNION ALL
-- alone may come back in any order, as parallel workers finish).
SELECT "table", rows FROM (
    SELECT 1 AS ord, 'songplays' AS "table", count(*) AS rows FROM songplays
    UNION ALL SELECT 2, 'users', count(*) FROM users
    UNION ALL SELECT 3, 'songs', count(*) FROM songs
    UNION ALL SELECT 4, 'artists', count(*) FROM artists
    UNION ALL SELECT 5, 'time', count(*) FROM time
) counts
ORDER BY ord;
