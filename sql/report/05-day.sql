-- title: Plays and active users per day
-- chart: line
SELECT start_time::date AS day, count(*) AS plays, count(DISTINCT user_id) AS active_users
FROM songplays
WHERE start_time >= $1 AND start_time < $2
GROUP BY 1
ORDER BY 1;
