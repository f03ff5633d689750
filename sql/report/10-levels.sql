-- title: Free vs paid: plays and users by level
-- chart: stacked
-- A user who played at both levels counts once in each.
SELECT level, sum(plays)::bigint AS plays, count(DISTINCT user_id) AS users
FROM sk_plays_users
WHERE day >= $1 AND day < $2
GROUP BY level
ORDER BY level;
