-- title: Top locations
SELECT coalesce(location, '(unknown)') AS location, count(*) AS plays,
       count(DISTINCT user_id) AS users
FROM songplays
WHERE start_time >= $1 AND start_time < $2
GROUP BY 1
ORDER BY plays DESC, location
LIMIT 10;
