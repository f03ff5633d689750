-- title: Weekly retention: of a week's active users, the share active the next week
-- chart: bar
-- Weeks are ISO weeks (from Monday), of the period; the next week's
-- activity is read whatever the period.  The last week loaded has no next
-- week yet, and is not shown.
WITH weeks AS (
    SELECT DISTINCT user_id, date_trunc('week', day) AS week FROM sk_plays_users
)
SELECT w.week::date AS week,
       round(100.0 * count(n.user_id) / count(*), 1) AS retained_pct,
       count(*) AS active_users,
       count(n.user_id) AS active_next_week
FROM weeks w
LEFT JOIN weeks n ON n.user_id = w.user_id AND n.week = w.week + interval '7 days'
WHERE w.week >= date_trunc('week', $1::timestamp) AND w.week < $2::timestamp
  AND w.week < (SELECT max(week) FROM weeks)
GROUP BY 1
ORDER BY 1;
