-- The history of loads, sk_loads, and the bad records each run let
-- through, sk_rejects (sql/schema.sql; src/load/history.c).  A run that
-- commits writes its row and rejects in its own transaction; one that
-- fails or is a dry run writes them after its rollback, in one of their
-- own.  Values come as parameters ($1 ...), as text.

-- name: exists
-- Whether there is a history, and whether there is a star (its record of
-- loaded objects): a star without a history is told so.
SELECT to_regclass('sk_loads') IS NOT NULL AND to_regclass('sk_rejects') IS NOT NULL,
	to_regclass('sk_objects') IS NOT NULL

-- name: next-id
-- Taken at the start, so that the run's rejects and objects name it; a
-- sequence's values are not rolled back, so a failure row keeps it.
SELECT nextval(pg_get_serial_sequence('sk_loads', 'id')), clock_timestamp()

-- name: add
INSERT INTO sk_loads (id, started_at, finished_at, status, source, sk_version, objects_new,
	objects_changed, objects_unchanged, tables, rejected, bytes_read, error, failed_at)
VALUES ($1, $2, clock_timestamp(), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)

-- name: name-objects
-- The objects this transaction recorded (their loaded_at is its now())
-- name this run.
UPDATE sk_objects SET load_id = $1 WHERE loaded_at = now()

-- name: stage-rejects
CREATE TEMPORARY TABLE sk_rejects_in (source text, line bigint, reason text, record text)
	ON COMMIT DROP

-- name: copy-rejects
-- A --rejects file as the filters append to it: source, line, reason,
-- the record's text.
COPY sk_rejects_in FROM STDIN

-- name: add-rejects
-- Returns the number of records added.
WITH added AS (
	INSERT INTO sk_rejects (load_id, source, line, reason, record, record_length)
	SELECT $1, source, line, reason, left(record, 65536), length(record)
	FROM sk_rejects_in
	RETURNING 1)
SELECT count(*) FROM added

-- name: as-json
-- The run's row, as --summary-json writes it.
SELECT row_to_json(l) FROM sk_loads l WHERE id = $1

-- name: latest
-- The latest runs, newest first (sk-report loads).
SELECT id, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started,
	round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds, status,
	coalesce(objects_new, 0) + coalesce(objects_changed, 0) AS objects_read,
	(SELECT coalesce(sum((t.value ->> 'inserted')::bigint), 0)
	 FROM jsonb_each(tables) t) AS rows_inserted,
	rejected, coalesce(error, '') AS error
FROM sk_loads ORDER BY id DESC LIMIT {limit}

-- name: begin
BEGIN

-- name: commit
COMMIT
