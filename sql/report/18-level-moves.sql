-- title: Level changes per week: free to paid, paid to free
-- chart: line
-- A move is a play at one level after the user's play at the other (all
-- plays loaded, in time order); counted in the week of that play.
WITH plays AS (
    SELECT start_time, level,
           lag(level) OVER (PARTITION BY user_id ORDER BY start_time, item_in_session) AS before
    FROM songplays
)
SELECT date_trunc('week', start_time)::date AS week,
       count(*) FILTER (WHERE before = 'free' AND level = 'paid') AS free_to_paid,
       count(*) FILTER (WHERE before = 'paid' AND level = 'free') AS paid_to_free
FROM plays
WHERE before <> level AND start_time >= $1 AND start_time < $2
GROUP BY 1
ORDER BY 1;
