-- time: one row per distinct start_time of songplays (SPEC §2); sk-time
-- computes the columns.

-- name: merge
-- Returns one row: the timestamps inserted, 0 updated.
WITH ins AS (
	INSERT INTO {target} (start_time, hour, day, week, month, year, weekday)
	SELECT start_time, hour, day, week, month, year, weekday FROM {stage} ORDER BY sk_ord
	ON CONFLICT (start_time) DO NOTHING
	RETURNING 1)
SELECT count(*), 0 FROM ins
