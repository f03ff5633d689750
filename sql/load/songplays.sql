-- songplays: one row per play (a NextSong event with a userId), its
-- natural key (user_id, session_id, item_in_session); loading the same
-- plays again adds none (SPEC §2).  New plays go in in input order, so
-- that songplay_id follows the input.  The plays inserted feed the
-- summaries (summaries.sql) in the same statement, as sk_new_plays.

-- name: merge
-- Returns one row: the plays inserted, 0 updated.  {columns} are the
-- plays' columns as sk-events2tsv writes them (start_time, user_id, level,
-- song_id, artist_id, session_id, item_in_session, location, user_agent:
-- src/transform/tables.c).  Duplicates within the batch need no DISTINCT
-- ON: in sk_ord order, ON CONFLICT DO NOTHING keeps the first, as it does
-- against concurrent loads.  {skip_loaded} is the filter below, or nothing
-- on Citus.  {summaries} adds the new plays to the summaries
-- (summaries.additions).
WITH sk_new_plays AS (
	INSERT INTO {target} ({columns})
	SELECT {columns} FROM {stage} s {skip_loaded}
	ORDER BY sk_ord
	ON CONFLICT (user_id, session_id, item_in_session) DO NOTHING
	RETURNING {columns})
{summaries}
SELECT count(*), 0 FROM sk_new_plays

-- name: skip-loaded
-- The plays already loaded, left out first so that they do not draw (and
-- waste) songplay_id values.  Not on Citus: it cannot join the staging
-- table (local to the coordinator) with the shards but by pulling every
-- play to the coordinator; there ON CONFLICT alone skips the plays loaded
-- before, at the cost of the songplay_id values they draw.
WHERE NOT EXISTS (SELECT 1 FROM {target} p WHERE p.user_id = s.user_id
	AND p.session_id = s.session_id AND p.item_in_session = s.item_in_session)
