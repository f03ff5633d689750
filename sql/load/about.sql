-- What a report covers and rests on (sk-report; src/report/about.c): the
-- period's plays, the star's last load, where it was read.  Read in the
-- questions' snapshot, from the summaries, never from songplays.  $1 and
-- $2: the period's start (inclusive) and end (exclusive), as timestamps.

-- name: plays
-- The period's plays, those resolved to a song, and its first and last
-- play, from the per-user day rows; the titles of unresolved plays
-- counted in it (sk_plays_unresolved: make load counts them, a pipeline
-- of its own may not).
SELECT coalesce(sum(plays), 0), coalesce(sum(resolved), 0),
	coalesce(to_char(min(first_at), 'YYYY-MM-DD HH24:MI:SS'), ''),
	coalesce(to_char(max(last_at), 'YYYY-MM-DD HH24:MI:SS'), ''),
	(SELECT coalesce(sum(plays), 0) FROM sk_plays_unresolved WHERE day >= $1 AND day < $2)
FROM sk_plays_users WHERE day >= $1 AND day < $2

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
