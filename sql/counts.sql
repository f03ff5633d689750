-- Rows per table of the star, and how many plays found their song.
SELECT 'songplays' AS "table", count(*) AS rows FROM songplays
UNION ALL SELECT 'users', count(*) FROM users
UNION ALL SELECT 'songs', count(*) FROM songs
UNION ALL SELECT 'artists', count(*) FROM artists
UNION ALL SELECT 'time', count(*) FROM time
UNION ALL SELECT 'songplays with a song', count(song_id) FROM songplays;
