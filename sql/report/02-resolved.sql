-- title: Plays whose song was resolved
SELECT count(*) AS plays,
       count(song_id) AS resolved,
       round(100.0 * count(song_id) / nullif(count(*), 0), 1) AS resolved_pct
FROM songplays
WHERE start_time >= $1 AND start_time < $2;
