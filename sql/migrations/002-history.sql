-- Version 2: the history of loads (sk_loads), the bad records each run let
-- through (sk_rejects), and the run that loaded each object
-- (sk_objects.load_id).  As sql/schema.sql describes them; each step is
-- skipped where a star already has it (sql/schema.sql, run on an older
-- star, creates the tables, not the column).  On Citus, the new tables
-- become reference tables, as sql/citus.sql makes them.

CREATE TABLE IF NOT EXISTS sk_loads (
    id                bigserial PRIMARY KEY,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NOT NULL,
    status            text NOT NULL CHECK (status IN ('ok', 'failed', 'dry-run')),
    source            text,
    sk_version        text NOT NULL,
    objects_new       bigint,
    objects_changed   bigint,
    objects_unchanged bigint,
    tables            jsonb NOT NULL,
    rejected          bigint NOT NULL,
    bytes_read        bigint NOT NULL,
    error             text,
    failed_at         text
);

CREATE TABLE IF NOT EXISTS sk_rejects (
    load_id       bigint NOT NULL,
    source        text NOT NULL,
    line          bigint NOT NULL,
    reason        text NOT NULL,
    record        text NOT NULL,
    record_length bigint NOT NULL
);

-- Checked first, so that a star that has the column takes no lock.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'sk_objects'::regclass
			AND attname = 'load_id' AND NOT attisdropped) THEN
		ALTER TABLE sk_objects ADD COLUMN load_id bigint;
	END IF;
END $$;

-- A distributed star's new tables join it as reference tables.
DO $$
DECLARE
	t regclass;
BEGIN
	-- Apart: a statement naming pg_dist_partition is planned only where
	-- Citus is installed.
	IF to_regclass('pg_dist_partition') IS NULL THEN
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'songplays'::regclass) THEN
		RETURN;
	END IF;
	FOREACH t IN ARRAY ARRAY['sk_loads', 'sk_rejects', 'sk_schema']::regclass[] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t) THEN
			PERFORM create_reference_table(t);
		END IF;
	END LOOP;
END $$;
