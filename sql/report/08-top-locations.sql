-- title: Top locations
SELECT coalesce(location, '(unknown)') AS location, sum(plays)::bigint AS plays,
       count(DISTINCT user_id) AS users
FROM sk_plays_users
WHERE day >= $1 AND day < $2
GROUP BY 1
ORDER BY plays DESC, location
LIMIT 10;
