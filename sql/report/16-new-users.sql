-- title: New users per day (their first play)
-- chart: line
-- A user is new on the day of their first play ever loaded; the days
-- shown are the period's.
SELECT first_play::date AS day, count(*) AS new_users
FROM (SELECT user_id, min(start_time) AS first_play FROM songplays GROUP BY user_id) firsts
WHERE first_play >= $1 AND first_play < $2
GROUP BY 1
ORDER BY 1;
