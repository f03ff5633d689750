-- Version 3: the titles of unresolved plays counted for every play.  sk
-- before 00249ce counted no titles (it had no sk_plays_unresolved), and
-- songplays does not keep them: such a star, its plays loaded from log
-- objects it recorded (under a log_data/ folder, as sk-load and make load
-- name them), gets them read again.  Its plays and their summaries are
-- emptied and the record forgets its log objects, so that the next load
-- reads them again, each play once, its title counted with it.  The
-- dimensions and the songs' record stay: the merges keep them as they
-- are.  A star that has the table (made or touched by a later
-- sql/schema.sql) is left alone.
DO $$
DECLARE
	t text;
BEGIN
	IF to_regclass('sk_plays_unresolved') IS NOT NULL
		OR NOT EXISTS (SELECT 1 FROM sk_objects WHERE source LIKE '%/log\_data/%')
		OR NOT EXISTS (SELECT 1 FROM songplays WHERE song_id IS NULL LIMIT 1) THEN
		RETURN;
	END IF;
	FOREACH t IN ARRAY ARRAY['songplays', 'sk_plays_hourly', 'sk_plays_sessions',
		'sk_plays_users', 'sk_plays_songs', 'sk_plays_songs_total',
		'sk_plays_unresolved_total'] LOOP
		IF to_regclass(t) IS NOT NULL THEN
			EXECUTE format('DELETE FROM %I', t);
		END IF;
	END LOOP;
	DELETE FROM sk_objects WHERE source LIKE '%/log\_data/%';
END $$;
