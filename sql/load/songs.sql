-- songs: one row per song_id, the first record in input order winning;
-- year 0 means unknown and is stored as NULL (SPEC §2).

-- name: tidy
-- After a direct COPY into the empty table: the merge's normalising.
UPDATE {target} SET year = NULL WHERE year = 0

-- name: merge
-- Returns one row: the songs inserted, 0 updated.  (Counted from
-- RETURNING: Citus's command tag for an INSERT ... SELECT counts the rows
-- sent, conflicting ones too.)
WITH ins AS (
	INSERT INTO {target} (song_id, title, artist_id, year, duration)
	SELECT song_id, title, artist_id, nullif(year, 0), duration FROM {stage}
	ORDER BY sk_ord
	ON CONFLICT (song_id) DO NOTHING
	RETURNING 1)
SELECT count(*), 0 FROM ins
