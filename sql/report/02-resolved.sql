-- title: Plays whose song was resolved
SELECT coalesce(sum(plays), 0)::bigint AS plays,
       coalesce(sum(resolved), 0)::bigint AS resolved,
       round(100.0 * sum(resolved) / nullif(sum(plays), 0), 1) AS resolved_pct
FROM sk_plays_hourly
WHERE day >= $1 AND day < $2;
