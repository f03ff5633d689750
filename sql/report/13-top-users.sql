-- title: Top users by plays
WITH per_user AS (
    SELECT user_id, sum(plays)::bigint AS plays
    FROM sk_plays_users
    WHERE day >= $1 AND day < $2
    GROUP BY user_id
)
SELECT p.user_id, coalesce(u.first_name || ' ' || u.last_name, '?') AS name,
       u.level AS level_now, p.plays
FROM per_user p
LEFT JOIN users u USING (user_id)
ORDER BY p.plays DESC, p.user_id
LIMIT 10;
