-- title: Users who changed level within the period
-- A user moved from free to paid when they played at free, then later at
-- paid, within the period (and so the other way): from the first and last
-- play of each level, by start_time and itemInSession.
WITH spans AS (
    SELECT user_id, level, min(first_at) AS first_at, max(last_at) AS last_at
    FROM sk_plays_users
    WHERE day >= $1 AND day < $2 AND level IN ('free', 'paid')
    GROUP BY 1, 2
), users_levels AS (
    SELECT f.user_id, f.first_at < p.last_at AS free_to_paid,
           p.first_at < f.last_at AS paid_to_free
    FROM spans f JOIN spans p ON p.user_id = f.user_id AND p.level = 'paid'
    WHERE f.level = 'free'
)
SELECT moves.move, count(u.user_id) AS users
FROM (VALUES ('free to paid'), ('paid to free')) AS moves(move)
LEFT JOIN users_levels u
       ON CASE moves.move WHEN 'free to paid' THEN u.free_to_paid ELSE u.paid_to_free END
GROUP BY moves.move
ORDER BY moves.move;
