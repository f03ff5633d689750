-- title: Users by their current level
-- chart: stacked
-- Each user once, at the level of their latest event: the users table's
-- state, whatever the period (the first number a freemium business asks
-- for; "Free vs paid" counts users by the level they played at).
SELECT level, count(*) AS users
FROM users
GROUP BY level
ORDER BY level;
