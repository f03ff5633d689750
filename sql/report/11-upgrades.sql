-- title: Users who changed level within the period
-- From the level recorded on each user's plays, in time order.
WITH plays AS (
    SELECT user_id, level,
           lag(level) OVER (PARTITION BY user_id ORDER BY start_time, item_in_session) AS before
    FROM songplays
    WHERE start_time >= $1 AND start_time < $2
)
SELECT moves.move, count(DISTINCT p.user_id) AS users
FROM (VALUES ('free to paid', 'free', 'paid'), ('paid to free', 'paid', 'free'))
     AS moves(move, from_level, to_level)
LEFT JOIN plays p ON p.before = moves.from_level AND p.level = moves.to_level
GROUP BY moves.move
ORDER BY moves.move;
