-- title: Free vs paid: plays and users by level
-- chart: stacked
-- A user who played at both levels counts once in each.
SELECT level, count(*) AS plays, count(DISTINCT user_id) AS users
FROM songplays
WHERE start_time >= $1 AND start_time < $2
GROUP BY level
ORDER BY level;
