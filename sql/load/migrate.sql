-- The star's schema version (sql/schema.sql: sk_schema) and the
-- migrations that bring an older star forward (sql/migrations/NNN-*.sql;
-- src/load/migrate.c), run in the load's transaction, under its lock.

-- name: state
-- Whether there is a star (its record of loaded objects), and whether it
-- records its version.
SELECT to_regclass('sk_objects') IS NOT NULL, to_regclass('sk_schema') IS NOT NULL

-- name: version
SELECT max(version) FROM sk_schema

-- name: unversioned
-- A star made before versions is at version 1.
CREATE TABLE sk_schema (version integer NOT NULL);
INSERT INTO sk_schema (version) VALUES (1)

-- name: set-version
UPDATE sk_schema SET version = $1
