-- users: one row per user, from the user's newest event (SPEC §2): the
-- greatest (ts, itemInSession), on a tie the first in input order.  A
-- user's row changes only for an event newer than the one it came from,
-- kept in the side table sk_user_state, so that an older load read again
-- never overwrites a newer state.  The staging table has the columns of
-- sk-events2tsv's users output (see sk-events2tsv(1)) and sk_ord, the
-- input order.  users first, then their state (which references them), in
-- two statements: Citus checks each reference table's keys statement by
-- statement, shard by shard.
--
-- An event without itemInSession loses a tie on ts: -2147483649 sorts
-- below every itemInSession.

-- name: latest
-- Each user's newest event of the batch.
SELECT DISTINCT ON (user_id) * FROM {stage}
WHERE user_id IS NOT NULL AND ts IS NOT NULL
ORDER BY user_id, ts DESC, item_in_session DESC NULLS LAST, sk_ord

-- name: merge
-- Returns one row: the users inserted, the users updated.
WITH latest AS ({latest}),
newer AS (
	SELECT l.* FROM latest l LEFT JOIN {user_state} st USING (user_id)
	WHERE st.user_id IS NULL
	   OR (l.ts, coalesce(l.item_in_session, -2147483649))
	    > (st.ts, coalesce(st.item_in_session, -2147483649))),
ins AS (
	INSERT INTO {target} AS u (user_id, first_name, last_name, gender, level)
	SELECT user_id, first_name, last_name, gender, level FROM newer ORDER BY user_id
	ON CONFLICT (user_id) DO UPDATE SET first_name = EXCLUDED.first_name,
		last_name = EXCLUDED.last_name, gender = EXCLUDED.gender, level = EXCLUDED.level
	RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM ins

-- name: state
-- After the merge: each user's newest event, where it is newer than the
-- state kept.
INSERT INTO {user_state} AS st (user_id, ts, item_in_session)
SELECT user_id, ts, item_in_session FROM ({latest}) latest
ON CONFLICT (user_id) DO UPDATE SET ts = EXCLUDED.ts,
	item_in_session = EXCLUDED.item_in_session
WHERE (EXCLUDED.ts, coalesce(EXCLUDED.item_in_session, -2147483649))
    > (st.ts, coalesce(st.item_in_session, -2147483649))
