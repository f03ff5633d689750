-- title: Plays and active users per day
-- chart: line
SELECT day, sum(plays)::bigint AS plays, count(DISTINCT user_id) AS active_users
FROM sk_plays_users
WHERE day >= $1 AND day < $2
GROUP BY 1
ORDER BY 1;
