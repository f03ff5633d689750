# dayfloor.sh — a day's floor, for the day benches (daily.sh, year.sh),
# sourced with D set (a scratch directory) and seconds.sh sourced: the
# rows a day added, as sk's load left them, COPYed in one transaction into
# a copy of the star of the days before, its keys and foreign keys in
# place and checked.  The floor writes none of the plays' summaries, which
# sk's daily load keeps in its transaction.

# day_rows BEFORE AFTER DAY: the rows database AFTER holds that BEFORE
# does not (its users first seen, its instants and plays from DAY, a
# YYYY-MM-DD, on), as users.tsv, time.tsv and songplays.tsv under $D.
day_rows() {
	local before=$1 after=$2 day=$3
	psql -X -qAt -d "$before" -c "SELECT user_id FROM users" >"$D/users-before"
	cat >"$D/rows.sql" <<SQL
CREATE TEMP TABLE before (user_id integer);
\\copy before FROM '$D/users-before'
\\copy (SELECT u.* FROM users u WHERE NOT EXISTS (SELECT 1 FROM before b WHERE b.user_id = u.user_id)) TO '$D/users.tsv'
\\copy (SELECT * FROM time WHERE start_time >= '$day') TO '$D/time.tsv'
\\copy (SELECT start_time, user_id, level, song_id, artist_id, session_id, item_in_session, location, user_agent FROM songplays WHERE start_time >= '$day') TO '$D/songplays.tsv'
SQL
	psql -X -q -v ON_ERROR_STOP=1 -d "$after" -f "$D/rows.sql"
}

# day_floor BEFORE: the median seconds of BENCH_RUNS (3) COPYs of
# day_rows' files, each into a fresh copy of BEFORE (as database
# sk_floor, dropped after) after a CHECKPOINT.
day_floor() {
	local before=$1 runs=() i
	cat >"$D/floor.sql" <<SQL
BEGIN;
\\copy users FROM '$D/users.tsv'
\\copy time FROM '$D/time.tsv'
\\copy songplays (start_time, user_id, level, song_id, artist_id, session_id, item_in_session, location, user_agent) FROM '$D/songplays.tsv'
COMMIT;
SQL
	for ((i = 0; i < ${BENCH_RUNS:-3}; i++)); do
		dropdb --if-exists sk_floor 2>/dev/null
		createdb -T "$before" sk_floor
		psql -X -qc CHECKPOINT -d sk_floor
		runs+=("$(seconds psql -X -q -v ON_ERROR_STOP=1 -d sk_floor -f "$D/floor.sql")")
	done
	dropdb --if-exists sk_floor 2>/dev/null
	echo "# the day's floor onto $before: ${runs[*]} s" >&2
	median "${runs[@]}"
}
