-- title: Plays per session
-- A session's plays within the period, whichever days they fell on.  The
-- percentiles are percentile_cont's, read from the count of sessions per
-- number of plays (a few hundred rows, and on Citus counted on the
-- shards) instead of sorting every session.
WITH sessions AS (
    SELECT user_id, session_id, sum(plays) AS plays
    FROM sk_plays_sessions
    WHERE day >= $1 AND day < $2
    GROUP BY user_id, session_id
), per_plays AS (
    SELECT plays, count(*) AS sessions FROM sessions GROUP BY plays
), ranked AS (
    SELECT plays, sum(sessions) OVER (ORDER BY plays) - sessions AS first_rank,
           sum(sessions) OVER (ORDER BY plays) AS past_rank
    FROM per_plays
), total AS (
    SELECT coalesce(sum(sessions), 0)::bigint AS sessions, max(plays)::bigint AS max_plays
    FROM per_plays
), at AS (  -- percentile_cont: between the ranks around fraction * (n - 1)
    SELECT fraction, floor(fraction * (t.sessions - 1)) AS lo, ceil(fraction * (t.sessions - 1)) AS hi,
           fraction * (t.sessions - 1) - floor(fraction * (t.sessions - 1)) AS part
    FROM (VALUES (0.5::float8), (0.9::float8)) f(fraction), total t
    WHERE t.sessions > 0
), value_at AS (
    SELECT fraction, lo_r.plays::float8 + (hi_r.plays::float8 - lo_r.plays::float8) * part AS plays
    FROM at
    JOIN ranked lo_r ON at.lo >= lo_r.first_rank AND at.lo < lo_r.past_rank
    JOIN ranked hi_r ON at.hi >= hi_r.first_rank AND at.hi < hi_r.past_rank
)
SELECT t.sessions,
       (SELECT plays FROM value_at WHERE fraction = 0.5) AS median_plays,
       (SELECT plays FROM value_at WHERE fraction = 0.9) AS p90_plays,
       t.max_plays
FROM total t;
