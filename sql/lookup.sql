-- The play lookup of the songs loaded so far, as sk-songs2tsv -t lookup
-- writes it (song_id, title, artist_name, duration, artist_id), for
-- `make load` to resolve new plays against the whole catalogue (SPEC §2).
-- Nothing before the first load.  Songs loaded by an sk older than
-- sk_song_lookup have their artist's name from artists instead.
SELECT to_regclass('sk_song_lookup') IS NOT NULL AS have_lookup \gset
\if :have_lookup
\copy (SELECT song_id, title, artist_name, duration, artist_id FROM sk_song_lookup UNION ALL SELECT s.song_id, s.title, a.name, s.duration, s.artist_id FROM songs s JOIN artists a USING (artist_id) WHERE s.title IS NOT NULL AND a.name IS NOT NULL AND s.duration IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sk_song_lookup l WHERE l.song_id = s.song_id)) TO STDOUT
\endif
