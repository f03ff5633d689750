-- title: Users inactive in the last 7 days of the period
-- The period ends at --to, or at the last play loaded.
WITH bounds AS (
    SELECT CASE WHEN $2::timestamp = 'infinity'
                THEN (SELECT max(last_at) FROM sk_plays_users) + interval '1 ms'
                ELSE $2::timestamp END AS period_end
), last_play AS (
    SELECT user_id, max(last_at) AS last_play
    FROM sk_plays_users
    WHERE day >= $1::timestamp AND day < $2::timestamp
    GROUP BY user_id
)
SELECT l.user_id, coalesce(u.first_name || ' ' || u.last_name, '?') AS name, l.last_play
FROM last_play l
CROSS JOIN bounds b
LEFT JOIN users u USING (user_id)
WHERE l.last_play < b.period_end - interval '7 days'
ORDER BY l.last_play, l.user_id;
