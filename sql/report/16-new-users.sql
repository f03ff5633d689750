-- title: New users per day (their first play)
-- chart: line
-- A user is new on the day of their first play ever loaded; the days
-- shown are the period's.
SELECT first_day AS day, count(*) AS new_users
FROM (SELECT user_id, min(day) AS first_day FROM sk_plays_users GROUP BY user_id) firsts
WHERE first_day >= $1 AND first_day < $2
GROUP BY 1
ORDER BY 1;
