-- Distributes the star on Citus (SPEC §2), on the coordinator, after
-- sql/schema.sql: songplays is sharded by user_id over the workers, and
-- sk_plays_sessions and sk_plays_users beside it; the dimensions and sk's other tables become
-- reference tables, copied to every node.  Works on a fresh database and on one that holds a loaded star
-- (the rows move to the shards), and is safe to run again: a table that is
-- already what it should be is left alone.  Loads then run unchanged
-- against the coordinator.
--
--   psql -v ON_ERROR_STOP=1 -f sql/schema.sql -f sql/citus.sql
--
-- Why the foreign keys come off first: a plain table with a foreign key to
-- a reference table is turned by Citus into a "Citus local table", and a
-- Citus table with an identity column (songplays' songplay_id) cannot be
-- converted again.  So the keys from the tables still to convert are
-- dropped, every table converted, and the keys added back, checked on the
-- shards.  A songplays that an earlier attempt left a Citus local table
-- (its keys converted it, and its identity column keeps it so) is refused
-- with the way out.
DO $$
DECLARE
	star constant regclass[] := ARRAY['users', 'sk_user_state', 'artists', 'songs', 'time',
		'sk_song_lookup', 'sk_objects', 'sk_loads', 'sk_rejects', 'sk_schema', 'songplays', 'sk_plays_hourly',
		'sk_plays_sessions', 'sk_plays_users', 'sk_plays_songs', 'sk_plays_unresolved',
		'sk_plays_songs_total', 'sk_plays_unresolved_total']::regclass[];
	todo regclass[];
	keys text[] := '{}';
	k record;
	t regclass;
	stmt text;
BEGIN
	-- DDL after the conversions' multi-shard work, in one transaction.
	PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
	SELECT array_agg(s ORDER BY n) INTO todo FROM unnest(star) WITH ORDINALITY u(s, n)
		WHERE NOT EXISTS (SELECT 1
		FROM citus_tables c WHERE c.table_name = s AND c.citus_table_type <> 'local');
	IF todo IS NULL THEN
		RETURN;
	END IF;
	IF EXISTS (SELECT 1 FROM citus_tables WHERE table_name = 'songplays'::regclass
			AND citus_table_type = 'local') THEN
		RAISE EXCEPTION 'songplays is a Citus local table, which cannot be distributed'
			USING HINT = 'An earlier attempt left it so (its foreign keys made Citus convert it).'
			' Keep its rows (COPY songplays TO a file), DROP TABLE songplays, run'
			' sql/schema.sql and sql/citus.sql again, and COPY the rows back.';
	END IF;
	FOR k IN SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def
		FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY (todo)
		AND confrelid = ANY (star) ORDER BY conrelid, conname
	LOOP
		keys := keys || format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.tbl, k.conname, k.def);
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', k.tbl, k.conname);
	END LOOP;
	FOREACH t IN ARRAY todo LOOP
		IF t = 'songplays'::regclass THEN
			PERFORM create_distributed_table(t, 'user_id');
		ELSIF t IN ('sk_plays_sessions'::regclass, 'sk_plays_users'::regclass) THEN
			-- Beside each user's plays: a load adds to them shard by shard.
			PERFORM create_distributed_table(t, 'user_id', colocate_with => 'songplays');
		ELSIF NOT EXISTS (SELECT 1 FROM citus_tables WHERE table_name = t) THEN
			PERFORM create_reference_table(t);
		ELSE -- a Citus local table (a key to a table converted before it)
			PERFORM undistribute_table(t, cascade_via_foreign_keys => false);
			PERFORM create_reference_table(t);
		END IF;
		-- A loaded table's rows were copied to the shards: the
		-- coordinator's own copy goes.
		PERFORM truncate_local_data_after_distributing_table(t);
	END LOOP;
	FOREACH stmt IN ARRAY keys LOOP
		EXECUTE stmt;
	END LOOP;
END
$$;
