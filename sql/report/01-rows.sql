-- title: Rows per table
-- Whole tables, whatever the period.
SELECT 'songplays' AS "table", count(*) AS rows FROM songplays
UNION ALL SELECT 'users', count(*) FROM users
UNION ALL SELECT 'songs', count(*) FROM songs
UNION ALL SELECT 'artists', count(*) FROM artists
UNION ALL SELECT 'time', count(*) FROM time;
