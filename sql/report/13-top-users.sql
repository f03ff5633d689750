-- title: Top users by plays
SELECT p.user_id, coalesce(u.first_name || ' ' || u.last_name, '?') AS name,
       u.level AS level_now, count(*) AS plays
FROM songplays p
LEFT JOIN users u USING (user_id)
WHERE p.start_time >= $1 AND p.start_time < $2
GROUP BY p.user_id, u.first_name, u.last_name, u.level
ORDER BY plays DESC, p.user_id
LIMIT 10;
