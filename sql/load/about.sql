-- What a report covers and rests on (sk-report; src/report/about.c): the
-- period's plays, the star's last load, where it was read.  Read in the
-- questions' snapshot, from the summaries and keys, never by a scan of
-- songplays.  $1 and $2: the period's start (inclusive) and end
-- (exclusive), as timestamps.

-- name: plays
-- The period's plays and those resolved to a song, from the hourly rows;
-- its first and last play by the time dimension's key (a row per play's
-- instant).
SELECT coalesce(sum(plays), 0), coalesce(sum(resolved), 0),
	(SELECT coalesce(to_char(min(start_time), 'YYYY-MM-DD HH24:MI:SS'), '') FROM time
	 WHERE start_time >= $1 AND start_time < $2),
	(SELECT coalesce(to_char(max(start_time), 'YYYY-MM-DD HH24:MI:SS'), '') FROM time
	 WHERE start_time >= $1 AND start_time < $2)
FROM sk_plays_hourly WHERE day >= $1 AND day < $2

-- name: titled
-- The unresolved plays whose titles were counted (make load counts them,
-- a pipeline of its own may not), as the unresolved titles' question
-- reads them: the whole history from the running totals, a period from
-- the day rows.  Asked beside the questions, in their snapshot.
WITH whole AS (
	SELECT coalesce($1::date <= min(day) AND $2::date > max(day), true) AS yes
	FROM sk_plays_hourly)
SELECT CASE WHEN (SELECT yes FROM whole)
	THEN (SELECT coalesce(sum(plays), 0) FROM sk_plays_unresolved_total)
	ELSE (SELECT coalesce(sum(plays), 0) FROM sk_plays_unresolved WHERE day >= $1 AND day < $2)
	END AS titled

-- name: last-load
-- The latest run that meant to change the star (not a dry run), from the
-- history of loads: its end, status and id.
SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', status,
	id::text
FROM sk_loads WHERE status <> 'dry-run' ORDER BY id DESC LIMIT 1

-- name: last-object
-- A star without a history: when its newest object was recorded.
SELECT to_char(max(loaded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
FROM sk_objects

-- name: now
SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
