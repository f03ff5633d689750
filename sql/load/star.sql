-- How sk-copyin takes a table's rows, whatever the table (src/load/star.c):
-- into the empty table itself by a plain COPY when it can (its indexes
-- built after the rows, its foreign keys checked once every table is in),
-- else into a temporary staging table that the table's merge
-- (TABLE.sql) moves in.  $1, $2 ... are bound parameters.

-- name: copy
COPY {table} ({columns}) FROM STDIN

-- name: copy-binary
COPY {table} ({columns}) FROM STDIN (FORMAT binary)

-- name: copy-any
-- A table that is not the star's: its rows as they come.
COPY {table} FROM STDIN

-- name: stage
-- The staging table: the input's columns after sk_ord, its order.
CREATE TEMP TABLE {stage} (sk_ord bigint GENERATED ALWAYS AS IDENTITY, {columns})
ON COMMIT DROP

-- name: column-types
-- The types of the table $1's columns named in $2 (a text[]), in that
-- order, NULL for a column it lacks: binary COPY wants exactly the types
-- sk writes.
SELECT format_type(a.atttypid, a.atttypmod)
FROM unnest($2::text[]) WITH ORDINALITY c(name, ord)
LEFT JOIN pg_attribute a ON a.attrelid = $1::regclass AND a.attname = c.name
	AND NOT a.attisdropped
ORDER BY ord

-- name: lock-empty
-- Empty, and kept so until the commit: other writers wait (readers go
-- on), so that nobody's rows or sequence values interleave with the COPY.
LOCK TABLE {target} IN SHARE ROW EXCLUSIVE MODE

-- name: draw-identity
-- The table $1's bigint identity column counting by one, that a direct
-- COPY numbers itself: its quoted name, its sequence, and the sequence's
-- next value, drawn as the first row's default would.
SELECT quote_ident(attname), seq, nextval(seq)
FROM (SELECT a.attname, pg_get_serial_sequence($1, a.attname)::regclass AS seq
	FROM pg_attribute a
	WHERE a.attrelid = $1::regclass AND a.attidentity <> '' AND NOT a.attisdropped
	  AND a.atttypid = 'bigint'::regtype) i
JOIN pg_sequence s ON s.seqrelid = i.seq AND s.seqincrement = 1

-- name: advance-identity
-- The sequence $1 where the rows' own defaults would have left it.
SELECT setval($1::regclass, $2, $3)

-- name: sequence-rewinder
-- SQL that puts the table $1's identity sequences back where they are
-- now: a rollback does not undo nextval(), and a COPY retried as a merge
-- should not leave a gap in songplay_id.
SELECT coalesce(string_agg(format('SELECT setval(%L, %s, %L);', seq,
	coalesce(pg_sequence_last_value(seq), s.seqstart),
	pg_sequence_last_value(seq) IS NOT NULL), ' '), '')
FROM (SELECT pg_get_serial_sequence($1, attname)::regclass AS seq
	FROM pg_attribute WHERE attrelid = $1::regclass AND attidentity <> ''
	  AND NOT attisdropped) a
JOIN pg_sequence s ON s.seqrelid = a.seq

-- name: savepoint
SAVEPOINT sk_direct

-- name: analyze
-- Statistics for {target}, a table of the songs' catalogue just filled by
-- a direct COPY (songs, artists, sk_song_lookup).  The next load's
-- catalogue query (songs_loaded.sql) is planned on them: without them, as
-- after any bulk load before autovacuum comes by, it anti-joins 1,000,000
-- songs by a merge over both keys, 6.3-7.0 s against 0.9-1.5 s by hash.
-- Not on Citus, which refuses it for a reference table the transaction
-- has written to.
ANALYZE {target}

-- name: release
RELEASE SAVEPOINT sk_direct

-- name: rollback
ROLLBACK TO SAVEPOINT sk_direct

-- name: worth-bulk
-- Whether the staging table $1 is at least a quarter of the target $2:
-- adding a foreign key back checks every row of the table, which pays
-- only when the batch is a good share of it.
SELECT pg_relation_size($1::regclass) * 4 >= pg_relation_size($2::regclass)

-- name: is-citus
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')

-- name: is-sharded
-- On a Citus coordinator: whether the table $1 is hash-distributed.
SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = $1::regclass
	AND partmethod = 'h')
