-- The plays' summaries (schema.sql: sk_plays_hourly, sk_plays_sessions,
-- sk_plays_users, sk_plays_songs, sk_plays_songs_total,
-- sk_plays_unresolved, sk_plays_unresolved_total), which sk-report reads
-- instead of every play.  They are additive: a load adds the counts of
-- the plays it inserted (sk_new_plays, songplays.merge's RETURNING), in
-- the same transaction, so that they always count exactly what songplays
-- holds, and a daily load costs a day's worth.  Each placeholder names a
-- summary beside songplays, in its schema.  When every play goes straight
-- into an empty songplays, sk-copyin counts the same in memory and COPYs
-- the counts in (src/load/tally.c) instead of additions.

-- name: additions
-- WITH-list members that add sk_new_plays to the summaries: each groups
-- the new plays by its key and adds to the counts already there (a day may
-- come in several loads).  The whole history's totals per song, and the
-- rows per user and day, are summed from the day rows just added, fewer
-- than the plays.  {keep_unresolved}: the fragment below, or nothing.
, sk_hourly AS (
	INSERT INTO {hourly} (day, hour, plays, resolved)
	SELECT start_time::date, extract(hour FROM start_time)::integer, count(*), count(song_id)
	FROM sk_new_plays GROUP BY 1, 2)
, sk_sessions AS (
	INSERT INTO {sessions} (user_id, day, session_id, level, location, user_agent,
		plays, resolved, first_at, first_item, last_at, last_item)
	SELECT user_id, start_time::date, session_id, level, location, user_agent,
		count(*), count(song_id), min(start_time), min(item_in_session),
		max(start_time), max(item_in_session)
	FROM sk_new_plays GROUP BY 1, 2, 3, 4, 5, 6
	RETURNING day, user_id, level, location, user_agent, plays, resolved, first_at, last_at)
, sk_songs AS (
	INSERT INTO {songs} (day, song_id, artist_id, plays)
	SELECT start_time::date, song_id, artist_id, count(*) FROM sk_new_plays
	WHERE song_id IS NOT NULL GROUP BY 1, 2, 3
	RETURNING song_id, artist_id, plays)
, sk_songs_total AS ({songs_total})
, sk_users AS ({users})
{keep_unresolved}

-- name: songs-total
-- The whole history's plays per song, added to from day rows ({days}).
INSERT INTO {totals} AS t (song_id, artist_id, plays)
SELECT song_id, artist_id, sum(plays) FROM {days} GROUP BY 1, 2
ON CONFLICT (song_id, artist_id) DO UPDATE SET plays = t.plays + EXCLUDED.plays

-- name: users
-- Plays per user and day, summed from session rows ({sessions}).
INSERT INTO {users} (day, user_id, level, location, user_agent,
	plays, resolved, first_at, last_at)
SELECT day, user_id, level, location, user_agent,
	sum(plays), sum(resolved), min(first_at), max(last_at)
FROM {sessions} GROUP BY 1, 2, 3, 4, 5

-- name: keep-unresolved
-- The natural keys of the new unresolved plays, for count-unresolved when
-- some plays read were not inserted.
, sk_summary_keys AS (
	INSERT INTO pg_temp.sk_new_unresolved
	SELECT user_id, session_id, item_in_session FROM sk_new_plays WHERE song_id IS NULL)

-- name: add-all
-- Every play of songplays added: after a COPY into an empty songplays,
-- whose rows are all new, or to make the summaries again.  {columns}: as
-- in songplays.merge.
WITH sk_new_plays AS (SELECT {columns} FROM {songplays})
{additions}
SELECT 1

-- name: empty
DELETE FROM {summary}

-- name: work-mem
-- The hash aggregates of a large batch's plays in memory, not spilled to
-- disk, for the rest of the load's transaction.
SET LOCAL work_mem = '256MB'

-- name: citus-intermediate
-- On Citus, the plays the summaries count (a merge's RETURNING, or
-- songplays after a COPY) are an intermediate result, refused past 1 GB by
-- default: at 10M events, half the plays pass it.
SELECT set_config('citus.max_intermediate_result_size', '-1', true)
FROM pg_extension WHERE extname = 'citus'

-- name: unresolved-total
-- The whole history's unresolved plays per title and artist, added to
-- from day rows ({days}).
INSERT INTO {totals} AS t (title, artist, plays)
SELECT title, artist, sum(plays) FROM {days} GROUP BY 1, 2
ON CONFLICT (title, artist) DO UPDATE SET plays = t.plays + EXCLUDED.plays

-- name: new-unresolved-table
-- The natural keys of the load's new unresolved plays (keep-unresolved).
CREATE TEMP TABLE pg_temp.sk_new_unresolved (user_id integer, session_id integer,
	item_in_session integer) ON COMMIT DROP

-- name: new-unresolved-empty
TRUNCATE pg_temp.sk_new_unresolved

-- name: new-unresolved-from-songplays
-- Every unresolved play of a songplays that was empty before the load:
-- its direct COPY's rows are all new.
INSERT INTO pg_temp.sk_new_unresolved
SELECT user_id, session_id, item_in_session FROM {songplays} WHERE song_id IS NULL

-- name: unresolved-part
-- One input's staged unresolved rows (sk-events2tsv -o unresolved),
-- numbered by input, so that a play's first row wins.
SELECT {part} AS sk_part, * FROM {stage}

-- name: unresolved-parts
{parts} UNION ALL {part}

-- name: count-unresolved
-- The titles of the new unresolved plays ({counted}: counted-every or
-- counted-new) added to the day rows and the whole history's totals;
-- returns one row: the plays counted.
WITH counted AS ({counted}),
days AS (
	INSERT INTO {days} (day, title, artist, plays)
	SELECT day, title, artist, plays FROM counted),
totals AS ({totals})
SELECT coalesce(sum(plays), 0) FROM counted

-- name: counted-every
-- Every play read went in (none loaded before, none repeated): each
-- unresolved row counts.
SELECT start_time::date AS day, title, artist, count(*) AS plays
FROM ({rows}) u GROUP BY 1, 2, 3

-- name: counted-new
-- Some plays read were not inserted: the rows of the plays recorded new,
-- a play's first row winning.
SELECT start_time::date AS day, title, artist, count(*) AS plays
FROM (SELECT DISTINCT ON (user_id, session_id, item_in_session) * FROM ({rows}) r
	ORDER BY user_id, session_id, item_in_session, sk_part, sk_ord) u
JOIN pg_temp.sk_new_unresolved USING (user_id, session_id, item_in_session)
GROUP BY 1, 2, 3
