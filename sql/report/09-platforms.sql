-- title: Plays by platform (from the user agent)
-- chart: hbar
-- The plays are counted per user and user agent first: the patterns then
-- run once per agent and user, not once per play.
WITH per_agent AS (
    SELECT user_agent, user_id, sum(plays) AS plays
    FROM sk_plays_users
    WHERE day >= $1 AND day < $2
    GROUP BY 1, 2
)
SELECT CASE
         WHEN user_agent ~ 'iPhone|iPad' THEN 'iOS'
         WHEN user_agent ~ 'Android' THEN 'Android'
         WHEN user_agent ~ 'Windows' THEN 'Windows'
         WHEN user_agent ~ 'Macintosh' THEN 'macOS'
         WHEN user_agent ~ 'Linux|X11' THEN 'Linux'
         ELSE 'other'
       END AS platform,
       sum(plays)::bigint AS plays, count(DISTINCT user_id) AS users
FROM per_agent
GROUP BY 1
ORDER BY plays DESC, platform;
