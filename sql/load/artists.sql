-- artists: one row per artist_id; for each column the first non-empty
-- value in input order across that artist's songs, empty strings NULL
-- (SPEC §2).  A column already set in the table is kept; one still NULL
-- takes the batch's value.

-- name: tidy
-- After a direct COPY into the empty table: the merge's normalising.
UPDATE {target} SET name = nullif(name, ''), location = nullif(location, '')
WHERE name = '' OR location = ''

-- name: merge
-- Returns one row: the artists inserted, the artists updated.
WITH merged AS (
	SELECT artist_id,
		(array_agg(name ORDER BY sk_ord) FILTER (WHERE name <> ''))[1] AS name,
		(array_agg(location ORDER BY sk_ord) FILTER (WHERE location <> ''))[1] AS location,
		(array_agg(latitude ORDER BY sk_ord) FILTER (WHERE latitude IS NOT NULL))[1] AS latitude,
		(array_agg(longitude ORDER BY sk_ord) FILTER (WHERE longitude IS NOT NULL))[1] AS longitude,
		min(sk_ord) AS first_seen
	FROM {stage} GROUP BY artist_id),
ins AS (
	INSERT INTO {target} AS a (artist_id, name, location, latitude, longitude)
	SELECT artist_id, name, location, latitude, longitude FROM merged ORDER BY first_seen
	ON CONFLICT (artist_id) DO UPDATE SET name = coalesce(a.name, EXCLUDED.name),
		location = coalesce(a.location, EXCLUDED.location),
		latitude = coalesce(a.latitude, EXCLUDED.latitude),
		longitude = coalesce(a.longitude, EXCLUDED.longitude)
	WHERE (a.name IS NULL AND EXCLUDED.name IS NOT NULL)
	   OR (a.location IS NULL AND EXCLUDED.location IS NOT NULL)
	   OR (a.latitude IS NULL AND EXCLUDED.latitude IS NOT NULL)
	   OR (a.longitude IS NULL AND EXCLUDED.longitude IS NOT NULL)
	RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM ins
