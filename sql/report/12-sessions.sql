-- title: Plays per session
-- A session's plays within the period, whichever days they fell on.
WITH sessions AS (
    SELECT user_id, session_id, sum(plays) AS plays
    FROM sk_plays_sessions
    WHERE day >= $1 AND day < $2
    GROUP BY user_id, session_id
)
SELECT count(*) AS sessions,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY plays) AS median_plays,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY plays) AS p90_plays,
       max(plays)::bigint AS max_plays
FROM sessions;
