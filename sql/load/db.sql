-- What every connection of sk's runs (src/load/db.c).

-- name: connect
-- NOTICEs ("table does not exist, skipping") are not the user's news.
SET client_min_messages TO warning

-- name: has-rows
-- Whether the table has a row.  By LIMIT 1, not NOT EXISTS (...): for the
-- latter Citus would pull every row of a sharded table to the
-- coordinator, where each shard takes a LIMIT.
SELECT 1 FROM {table} LIMIT 1
