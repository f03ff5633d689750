-- The record of loaded objects, sk_objects (SPEC §2): a load skips the
-- objects recorded with the same size and version, and records those it
-- read in the transaction that commits their rows (src/load/objects.c).
-- A listing (sk-fetch --list: source, size, version) is COPYed into the
-- temporary table sk_listing first, numbered in its order.

-- name: listing
CREATE TEMPORARY TABLE sk_listing (source text NOT NULL, size bigint NOT NULL,
	version text, ord bigserial) ON COMMIT DROP

-- name: copy-listing
COPY sk_listing (source, size, version) FROM STDIN

-- name: is-recorded
SELECT to_regclass('sk_objects') IS NOT NULL

-- name: unloaded
-- The listed objects not recorded, or recorded with another size or version.
SELECT l.source, l.size, l.version,
	CASE WHEN o.source IS NULL THEN 'new' ELSE 'changed' END
FROM sk_listing l LEFT JOIN sk_objects o USING (source)
WHERE o.source IS NULL OR (o.size, o.version) IS DISTINCT FROM (l.size, l.version)
ORDER BY l.ord

-- name: unrecorded
-- Before the first load there is no record: every object is new.
SELECT source, size, version, 'new' FROM sk_listing ORDER BY ord

-- name: record
-- Returns one row: the objects added, changed, and listed.  loaded_at
-- from the inserted row, not now() in the update: Citus takes only
-- immutable functions there.
WITH up AS (
	INSERT INTO sk_objects AS o (source, size, version, loaded_at)
	SELECT DISTINCT ON (source) source, size, version, now()
	FROM sk_listing ORDER BY source, ord DESC
	ON CONFLICT (source) DO UPDATE SET size = EXCLUDED.size,
		version = EXCLUDED.version, loaded_at = EXCLUDED.loaded_at
	WHERE (o.size, o.version) IS DISTINCT FROM (EXCLUDED.size, EXCLUDED.version)
	RETURNING (xmax = 0) AS added)
SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added),
	(SELECT count(DISTINCT source) FROM sk_listing)
FROM up

-- name: begin
BEGIN

-- name: rollback
ROLLBACK
