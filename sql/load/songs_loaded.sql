-- The catalogue loaded so far, as sk-songs2tsv -t lookup writes it, for
-- sk-events2tsv -l (sk-copyin --songs-loaded): the lookup's rows, and the
-- songs loaded before sk kept one (their artist's name from artists).

-- name: exists
SELECT to_regclass('sk_song_lookup') IS NOT NULL

-- name: lookup
COPY (
	SELECT song_id, title, artist_name, duration, artist_id FROM sk_song_lookup
	UNION ALL
	SELECT s.song_id, s.title, a.name, s.duration, s.artist_id
	FROM songs s JOIN artists a USING (artist_id)
	WHERE s.title IS NOT NULL AND a.name IS NOT NULL AND s.duration IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM sk_song_lookup l WHERE l.song_id = s.song_id)
) TO STDOUT
