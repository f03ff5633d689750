-- title: Level changes per week: free to paid, paid to free
-- chart: line
-- A move is a run of plays at one level after the user's run at the other
-- (all plays loaded, in time order); counted in the week of the run's
-- first play.  Runs are read from each session's plays per day and level,
-- ordered by their first play: exact but where a user's level flips back
-- and forth within one session and day.
WITH runs AS (
    SELECT first_at, level,
           lag(level) OVER (PARTITION BY user_id ORDER BY first_at, first_item) AS before
    FROM sk_plays_sessions
    WHERE level IS NOT NULL
)
SELECT date_trunc('week', first_at)::date AS week,
       count(*) FILTER (WHERE before = 'free' AND level = 'paid') AS free_to_paid,
       count(*) FILTER (WHERE before = 'paid' AND level = 'free') AS paid_to_free
FROM runs
WHERE before <> level AND first_at >= $1::timestamp AND first_at < $2::timestamp
GROUP BY 1
ORDER BY 1;
