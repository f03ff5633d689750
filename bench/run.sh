#!/usr/bin/env bash
# run.sh — the load's benchmark (make bench): on the same generated data, in
# one run, sk's load against the peers a data engineer would otherwise use.
#
#   sk load         make load: all five tables (songplays streaming into one sk-copyin)
#   sk filters      sk-events2tsv and sk-songs2tsv alone, to /dev/null
#   sk songplays    sk-events2tsv | sk-copyin songplays, streaming
#   COPY floor      psql \copy of the already-prepared TSVs (all five tables;
#                   songplays alone too), foreign keys added after: what any
#                   COPY-based load costs at the least
#   ELT in SQL      raw JSON lines COPYed into jsonb, then INSERT ... SELECT
#                   into songplays (the Redshift-style scripts' way)
#   jq | psql       jq 1.6 turns events into songplays TSV for \copy
#   DuckDB          read_json to songplays TSV, conversion alone (when
#                   @duckdb/node-api installs from the npm registry)
#
# SCALE=small (default: 20k songs, 400k events, seconds), 2M (100k songs,
# 2M events) or 10M (1M songs, 10M events): bench/data.sh.  Reports wall time, rows/s, MB/s of input JSON,
# peak RSS (the median of 3 runs, BENCH_RUNS, for the steps of seconds: sk's load, the floor,
# the filters, DuckDB), and each way's time over sk's for the same tables; writes results.tsv and
# results.md under tmp/bench/.  It measures; it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTS=$ROOT/tests
B=$ROOT/tmp/bench
. "$TESTS/pg.sh"
. "$ROOT/bench/data.sh"
. "$ROOT/bench/floor.sh"
EVENT_BYTES=$(cat "$DATA"/log_data/*/*/*.json | wc -c)
SONG_BYTES=$(find "$DATA/song_data" -type f -exec cat {} + | wc -c)
pg_start "$B/pg" >/dev/null
trap 'pg_stop "$B/pg"' EXIT
: >"$B/raw.tsv"

# measure NAME ROWS CMD...: wall seconds and the peak RSS of the largest
# process, from GNU time.
measure() {
	local name=$1 rows=$2
	shift 2
	/usr/bin/time -f "%e %M" -o "$B/time" "$@" >"$B/out" 2>"$B/err" || {
		echo "bench: $name failed:" >&2; tail -n 5 "$B/err" >&2; exit 1; }
	read -r secs rss <"$B/time"
	printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$rss" "$rows" >>"$B/raw.tsv"
	echo "# $name: $secs s" >&2
}

# measure_median SETUP NAME ROWS CMD...: CMD run BENCH_RUNS times (3 unless
# set), SETUP before each (a command: a fresh database, say); the median
# time and the largest peak RSS are recorded.  For the steps of seconds,
# which vary by 10-20% from run to run on this 2-core machine: sk's load
# and the floor, the filters, and DuckDB, the same way for each.
measure_median() {
	local setup=$1 name=$2 rows=$3 times=() rss_max=0 i
	shift 3
	for ((i = 0; i < ${BENCH_RUNS:-3}; i++)); do
		$setup
		/usr/bin/time -f "%e %M" -o "$B/time" "$@" >"$B/out" 2>"$B/err" || {
			echo "bench: $name failed:" >&2; tail -n 5 "$B/err" >&2; exit 1; }
		read -r secs rss <"$B/time"
		times+=("$secs")
		[ "$rss" -gt "$rss_max" ] && rss_max=$rss
	done
	secs=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
	printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$rss_max" "$rows" >>"$B/raw.tsv"
	echo "# $name: ${times[*]} s, median $secs s" >&2
}

SPCOLS="start_time, user_id, level, song_id, artist_id, session_id, item_in_session, location, user_agent"
W=$B/work
# The dimensions' prepared TSVs, for the ways that load songplays alone.
DIMENSIONS="\\copy users FROM PROGRAM 'cut -f1-5 $W/users.tsv'
\\copy artists FROM '$W/artists.tsv'
\\copy songs FROM '$W/songs.tsv'
\\copy time FROM '$W/time.tsv'"

JOBS=$(nproc)
measure_median fresh_db "sk load (5 tables, make -j$JOBS)" 0 make -s -j"$JOBS" -C "$ROOT" load SRC="$DATA"
PLAYS=$(psql -X -tAc "SELECT count(*) FROM songplays")
fresh_db
measure "sk load (5 tables, one process a step)" "$PLAYS" make -s -C "$ROOT" load SRC="$DATA"

# The floor (issue "Faster than COPY of the prepared rows"): bench/floor.sh.
floor_prepare
measure_median keyless_db "the floor: COPY of the final rows, keys after (every table)" "$PLAYS" \
	psql -X -q -v ON_ERROR_STOP=1 -f "$F/floor.sql"

# The prepared TSVs of the five tables, for the floors and the peers (a
# load's own files go with its scratch directory).
mkdir -p "$W"
"$ROOT/bin/sk-songs2tsv" -q -o songs="$W/songs.tsv" -o artists="$W/artists.tsv" \
	-o lookup="$W/lookup.tsv" "$DATA/song_data"
"$ROOT/bin/sk-events2tsv" -q -l "$W/lookup.tsv" -o songplays="$W/songplays.tsv" \
	-o users="$W/users.tsv" -o ts="$W/ts.tsv" "$DATA/log_data"
"$ROOT/bin/sk-time" -q -u "$W/ts.tsv" >"$W/time.tsv"

# The filters alone, output thrown away: their speed on one core and their
# memory (sk-events2tsv's includes the song lookup).
measure_median true "sk-events2tsv alone (to /dev/null)" "$PLAYS" "$ROOT/bin/sk-events2tsv" -q \
	-l "$W/lookup.tsv" -o songplays=/dev/null -o users=/dev/null -o ts=/dev/null "$DATA/log_data"
measure_median true "sk-songs2tsv alone (to /dev/null)" "$SONGS" "$ROOT/bin/sk-songs2tsv" -q \
	-o songs=/dev/null -o artists=/dev/null -o lookup=/dev/null "$DATA/song_data"
# The events filter as make -jN load runs it, N processes on N shares of
# the log files by size, all three outputs written: to set against
# DuckDB's conversion on as many threads.
cat >"$B/filters.sh" <<SH
"$ROOT/bin/sk-fetch" -q --list "$DATA/log_data" | awk -F'\t' -v n=$JOBS -v dir="$B" \\
	'{ line[NR] = \$0; size[NR] = \$2; total += \$2 } END { for (i = 1; i <= NR; i++) {
	p = 1 + int((seen + size[i] / 2) * n / (total + 1)); seen += size[i]; print line[i] > (dir "/part-" p) } }'
for p in \$(seq 1 $JOBS); do
	"$ROOT/bin/sk-events2tsv" -q -l "$W/lookup.tsv" --files-from "$B/part-\$p" \\
		-o songplays=/dev/null -o users=/dev/null -o ts=/dev/null &
done
wait
SH
measure_median true "sk-events2tsv, $JOBS processes (songplays, users, ts)" "$PLAYS" bash "$B/filters.sh"

fresh_db
psql -X -q -f - <<<"$DIMENSIONS"
measure "sk songplays (stream)" "$PLAYS" bash -c "'$ROOT/bin/sk-events2tsv' -q -l '$W/lookup.tsv' '$DATA/log_data' | '$ROOT/bin/sk-copyin' -q songplays"

# The floor loads the prepared TSVs the plain way: COPY into the tables,
# songplays' foreign keys dropped and added after its COPY (checked in one
# join).  Its second form is the way PostgreSQL's manual advises for a bulk
# load ("Populating a Database"), and the way sk-copyin loads an empty
# table: songplays' primary and unique keys, too, built after the COPY.
fresh_db
keys_of() { # keys_of TYPES: ADD CONSTRAINT statements for songplays' keys
	psql -X -qtA -c "SELECT format('ALTER TABLE songplays ADD CONSTRAINT %I %s;', conname,
		pg_get_constraintdef(oid)) FROM pg_constraint WHERE conrelid = 'songplays'::regclass
		AND contype IN ($1) ORDER BY contype DESC, conname"
}
keys_of "'f'" >"$B/fkeys.sql"
keys_of "'p', 'u'" >"$B/ukeys.sql"
# floor_sql KEYFILES [COPIES]: songplays' COPY (after COPIES) in one
# transaction, the keys in KEYFILES dropped before and added back after,
# in KEYFILES' order (unique keys before the foreign keys).
floor_sql() {
	echo "BEGIN;"
	cat $1 | sed 's/ADD CONSTRAINT \([^ ]*\) .*/DROP CONSTRAINT \1;/'
	[ -z "${2:-}" ] || echo "$2"
	echo "\\copy songplays ($SPCOLS) FROM '$W/songplays.tsv'"
	cat $1
	echo "COMMIT;"
}
floor_sql "$B/fkeys.sql" "$DIMENSIONS" >"$B/floor.sql"
measure "COPY floor (5 tables)" "$PLAYS" psql -X -q -v ON_ERROR_STOP=1 -f "$B/floor.sql"
fresh_db
floor_sql "$B/ukeys.sql $B/fkeys.sql" "$DIMENSIONS" >"$B/floor-ix.sql"
measure "COPY floor, keys built after (5 tables)" "$PLAYS" psql -X -q -v ON_ERROR_STOP=1 -f "$B/floor-ix.sql"

fresh_db
psql -X -q -f - <<<"$DIMENSIONS"
floor_sql "$B/fkeys.sql" >"$B/floor-sp.sql"
measure "COPY floor (songplays)" "$PLAYS" psql -X -q -v ON_ERROR_STOP=1 -f "$B/floor-sp.sql"
fresh_db
psql -X -q -f - <<<"$DIMENSIONS"
floor_sql "$B/ukeys.sql $B/fkeys.sql" >"$B/floor-sp-ix.sql"
measure "COPY floor, keys built after (songplays)" "$PLAYS" psql -X -q -v ON_ERROR_STOP=1 -f "$B/floor-sp-ix.sql"

# ELT: lines in verbatim (CSV with quote and delimiter bytes that never
# occur), then SQL does what sk-events2tsv does.
cat >"$B/elt.sql" <<SQL
CREATE UNLOGGED TABLE raw_events (j jsonb);
\\copy raw_events FROM PROGRAM 'awk 1 $DATA/log_data/*/*/*.json' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')
CREATE UNLOGGED TABLE lookup (song_id text, title text, artist_name text, duration float8, artist_id text);
\\copy lookup FROM '$W/lookup.tsv'
CREATE INDEX ON lookup (title, artist_name);
INSERT INTO songplays ($SPCOLS)
SELECT to_timestamp((j->>'ts')::float8 / 1000) AT TIME ZONE 'UTC', (j->>'userId')::int, j->>'level',
       m.song_id, m.artist_id, (j->>'sessionId')::int, (j->>'itemInSession')::int,
       j->>'location', j->>'userAgent'
FROM raw_events
LEFT JOIN LATERAL (SELECT song_id, artist_id FROM lookup l
                   WHERE l.title = j->>'song' AND l.artist_name = j->>'artist'
                     AND abs(l.duration - (j->>'length')::float8) <= 0.001
                   ORDER BY song_id LIMIT 1) m ON true
WHERE j->>'page' = 'NextSong' AND j->>'userId' <> ''
ON CONFLICT DO NOTHING;
SQL
# SLOW_PEERS=0 leaves out ELT and jq, the ways that take minutes (25 of
# them at SCALE=10M), for a run that wants sk's figures against the floor.
if [ "${SLOW_PEERS:-1}" = 1 ]; then
fresh_db
psql -X -q -f - <<<"$DIMENSIONS"
measure "ELT in SQL (songplays)" "$PLAYS" psql -X -q -v ON_ERROR_STOP=1 -f "$B/elt.sql"

fresh_db
psql -X -q -f - <<<"$DIMENSIONS"
cat >"$B/sp.jq" <<'JQ'
select(.page == "NextSong" and .userId != "")
| [((.ts / 1000 | floor | todate | sub("T"; " ") | sub("Z"; "")) + "."
    + ("00" + (.ts % 1000 | tostring))[-3:]), .userId, .level, null, null,
   .sessionId, .itemInSession, .location, .userAgent]
| map(. // "@NULL@") | @tsv
JQ
cat >"$B/jq.sh" <<SH
cat $DATA/log_data/*/*/*.json | jq -r -f $B/sp.jq | sed 's/@NULL@/\\\\N/g' |
	psql -X -q -v ON_ERROR_STOP=1 -c '\\copy songplays ($SPCOLS) FROM STDIN'
SH
measure "jq to psql (songplays, unresolved)" "$PLAYS" bash "$B/jq.sh"
else
	echo "# ELT in SQL and jq to psql: left out (SLOW_PEERS=0)" >&2
fi

if [ -d "$ROOT/node_modules/@duckdb/node-api" ] || (cd "$ROOT" && npm install --no-save --no-audit --no-fund --loglevel=error @duckdb/node-api >/dev/null 2>&1); then
	cat >"$B/duck.mjs" <<JS
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await db.connect();
await c.run(\`COPY (SELECT make_timestamp(ts * 1000) AS start_time, userId, level, NULL, NULL,
  sessionId, itemInSession, location, userAgent
  FROM read_json('$DATA/log_data/*/*/*.json', format = 'newline_delimited',
    columns = {ts: 'BIGINT', userId: 'VARCHAR', level: 'VARCHAR', sessionId: 'INTEGER',
    itemInSession: 'INTEGER', location: 'VARCHAR', userAgent: 'VARCHAR', page: 'VARCHAR'})
  WHERE page = 'NextSong' AND userId <> '') TO '$B/duck.tsv' (DELIMITER '\t', HEADER false)\`);
JS
	cp "$B/duck.mjs" "$ROOT/node_modules/.sk-bench-duck.mjs"
	measure_median true "DuckDB read_json to TSV (conversion alone)" "$PLAYS" node "$ROOT/node_modules/.sk-bench-duck.mjs"
else
	echo "# DuckDB: @duckdb/node-api did not install from the npm registry; left out" >&2
fi

# Each way against sk doing the same work: the five-table loads against
# sk's load (make -jN), the songplays-only ways against sk's songplays
# stream, DuckDB's conversion against sk's filters on as many cores.  The
# filters alone are parts of sk's load: no ratio.
time_of() { awk -F'\t' -v way="$1" '$1 == way { print $2 }' "$B/raw.tsv"; }
sk_load=$(time_of "sk load (5 tables, make -j$JOBS)")
sk_plays=$(time_of "sk songplays (stream)")
sk_filters=$(time_of "sk-events2tsv, $JOBS processes (songplays, users, ts)")
{
	printf 'way\tseconds\trows_per_s\tMB_per_s_of_json\tpeak_rss_MB\ttime_vs_sk\n'
	awk -F'\t' -v bytes="$EVENT_BYTES" -v song_bytes="$SONG_BYTES" -v load="$sk_load" \
		-v plays="$sk_plays" -v filters="$sk_filters" -v nplays="$PLAYS" '{
		sk = $1 ~ /5 tables|every table/ ? load : $1 ~ /DuckDB/ ? filters : $1 ~ /^sk(-| filters)/ ? 0 : plays
		rows = $4 ? $4 : nplays
		mb = ($1 ~ /songs2tsv/ ? song_bytes : bytes) / 1e6
		ratio = sk ? sprintf("%.2f", $2 / sk) : ""
		printf "%s\t%.2f\t%.0f\t%.1f\t%.1f\t%s\n", $1, $2, rows / $2, mb / $2, $3 / 1024, ratio }' "$B/raw.tsv"
} >"$B/results.tsv"
{
	echo "$SONGS songs ($(awk -v b="$SONG_BYTES" 'BEGIN { printf "%.0f", b / 1e6 }') MB of JSON), $EVENTS events ($(awk -v b="$EVENT_BYTES" 'BEGIN { printf "%.0f", b / 1e6 }') MB of event JSON), $PLAYS songplays; $(nproc) cores"
	echo "rows/s: songplays (songs for sk-songs2tsv); MB/s: of event JSON (song JSON for sk-songs2tsv)"
	echo
	echo "| way | seconds | rows/s | MB/s of JSON | peak RSS (MB) | time / sk's time for the same tables |"
	echo "|---|---|---|---|---|---|"
	tail -n +2 "$B/results.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 == "" ? "-" : $6 "×" }'
	floor=$(time_of "the floor: COPY of the final rows, keys after (every table)")
	echo
	echo "sk load (make -j$JOBS) / the floor: $(echo "scale=2; $sk_load / $floor" | bc)×"
} | tee "$B/results.md"
