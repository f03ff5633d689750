-- What a bulk load drops from a table and puts back after, in the same
-- transaction (src/load/aside.c).  Each statement returns one row per
-- object of the table $1 (quoted): the statement that drops it, the one
-- that restores it, and what to run before and after restoring it (or
-- NULL).  Each is a statement of its own: Citus refuses several in one
-- string.

-- name: foreign-keys
-- The table's foreign keys: adding one back checks every row in one join,
-- not one trigger per row.  A key that refers to a table about as large as
-- the target (the plays' start_time: a row of time each) is validated with
-- the planner's hash join off, decided when it is put back, once the rows
-- are in and counted: the hash of the whole referred table spills to disk
-- in batches, where a merge join reads the referred key's index in order
-- and sorts rows that mostly came in order.
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', $1::text, conname),
	format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1::text, conname,
		pg_get_constraintdef(oid)),
	format('SELECT set_config(''enable_hashjoin'', ''off'', true)'
		' WHERE (SELECT reltuples FROM pg_class WHERE oid = %L::regclass) * 2 >='
		' (SELECT reltuples FROM pg_class WHERE oid = %L::regclass)',
		confrelid::regclass::text, conrelid::regclass::text),
	format('SET LOCAL enable_hashjoin = %s', current_setting('enable_hashjoin'))
FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname

-- name: indexes
-- The table's indexes, with the constraints they back, but those another
-- table's foreign key needs.  Rows COPYed into a table without indexes and
-- indexed after in one sort load several times faster than rows that each
-- find their place in every index; a duplicate key then fails the unique
-- index's build instead of the COPY.
SELECT CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)
		ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', $1::text, c.conname) END,
	CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
		ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1::text, c.conname,
			pg_get_constraintdef(c.oid)) END,
	NULL, NULL
FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
	AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint f
	WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
ORDER BY i.indisprimary DESC, i.indexrelid
