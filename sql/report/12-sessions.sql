-- title: Plays per session
WITH sessions AS (
    SELECT user_id, session_id, count(*) AS plays
    FROM songplays
    WHERE start_time >= $1 AND start_time < $2
    GROUP BY user_id, session_id
)
SELECT count(*) AS sessions,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY plays) AS median_plays,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY plays) AS p90_plays,
       max(plays) AS max_plays
FROM sessions;
