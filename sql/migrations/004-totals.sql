-- Version 4: the summaries summed from finer ones, which an sk before
-- 1d30f61 (sk_plays_users), 6b86551 (sk_plays_songs_total) or 3378a54
-- (sk_plays_unresolved_total) did not keep: each is made, where missing,
-- and filled from its day rows when it is empty and they are not.  A star
-- without summaries (before d624ffc) is left to sql/schema.sql and its
-- next load.  A migration is the star's history: these are the tables
-- and sums as they were at version 4 (sql/schema.sql and
-- sql/load/summaries.sql say what they are now), never edited once
-- landed.  On Citus, a new sk_plays_users sits beside songplays and new
-- totals are reference tables, as sql/citus.sql makes them.
DO $$
BEGIN
	IF to_regclass('sk_plays_sessions') IS NULL THEN
		RETURN;
	END IF;
	CREATE TABLE IF NOT EXISTS sk_plays_users (
		day         date NOT NULL,
		user_id     integer NOT NULL,
		level       text,
		location    text,
		user_agent  text,
		plays       bigint NOT NULL,
		resolved    bigint NOT NULL,
		first_at    timestamp NOT NULL,
		last_at     timestamp NOT NULL
	);
	CREATE TABLE IF NOT EXISTS sk_plays_songs_total (
		song_id     text NOT NULL,
		artist_id   text,
		plays       bigint NOT NULL,
		UNIQUE NULLS NOT DISTINCT (song_id, artist_id)
	);
	CREATE INDEX IF NOT EXISTS sk_plays_songs_total_plays ON sk_plays_songs_total (plays);
	IF to_regclass('sk_plays_unresolved') IS NOT NULL THEN
		CREATE TABLE IF NOT EXISTS sk_plays_unresolved_total (
			title       text,
			artist      text,
			plays       bigint NOT NULL,
			UNIQUE NULLS NOT DISTINCT (title, artist)
		);
		CREATE INDEX IF NOT EXISTS sk_plays_unresolved_total_plays
			ON sk_plays_unresolved_total (plays);
	END IF;
END $$;

-- A distributed star's new tables join it.
DO $$
DECLARE
	t regclass;
BEGIN
	-- Apart: a statement naming pg_dist_partition is planned only where
	-- Citus is installed.
	IF to_regclass('pg_dist_partition') IS NULL OR to_regclass('sk_plays_users') IS NULL THEN
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'songplays'::regclass) THEN
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_dist_partition
			WHERE logicalrelid = 'sk_plays_users'::regclass) THEN
		PERFORM create_distributed_table('sk_plays_users', 'user_id',
			colocate_with => 'songplays');
	END IF;
	FOREACH t IN ARRAY ARRAY[to_regclass('sk_plays_songs_total'),
			to_regclass('sk_plays_unresolved_total')] LOOP
		IF t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_dist_partition
				WHERE logicalrelid = t) THEN
			PERFORM create_reference_table(t);
		END IF;
	END LOOP;
END $$;

-- Each empty one filled from its day rows.
DO $$
BEGIN
	IF to_regclass('sk_plays_users') IS NULL THEN
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM sk_plays_users) THEN
		INSERT INTO sk_plays_users (day, user_id, level, location, user_agent,
			plays, resolved, first_at, last_at)
		SELECT day, user_id, level, location, user_agent,
			sum(plays), sum(resolved), min(first_at), max(last_at)
		FROM sk_plays_sessions GROUP BY 1, 2, 3, 4, 5;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM sk_plays_songs_total) THEN
		INSERT INTO sk_plays_songs_total (song_id, artist_id, plays)
		SELECT song_id, artist_id, sum(plays) FROM sk_plays_songs GROUP BY 1, 2;
	END IF;
	IF to_regclass('sk_plays_unresolved_total') IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM sk_plays_unresolved_total) THEN
		INSERT INTO sk_plays_unresolved_total (title, artist, plays)
		SELECT title, artist, sum(plays) FROM sk_plays_unresolved GROUP BY 1, 2;
	END IF;
END $$;
