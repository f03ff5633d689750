-- sk_song_lookup: the catalogue that later loads' plays resolve against
-- (sk-songs2tsv -t lookup), one row per song.  The lookup may hold rows
-- that match no play (no duration), which the table's NOT NULL columns
-- refuse: a direct COPY that meets one falls back to this merge, which
-- leaves them out.

-- name: merge
-- Returns one row: the songs inserted, 0 updated.
WITH ins AS (
	INSERT INTO {target} (song_id, title, artist_name, duration, artist_id)
	SELECT song_id, title, artist_name, duration, artist_id FROM {stage}
	WHERE song_id IS NOT NULL AND title IS NOT NULL AND artist_name IS NOT NULL
	  AND duration IS NOT NULL AND artist_id IS NOT NULL
	ORDER BY sk_ord
	ON CONFLICT DO NOTHING
	RETURNING 1)
SELECT count(*), 0 FROM ins
