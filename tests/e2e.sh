# e2e.sh — the full load against the real PostgreSQL that tests/run started:
# every table row for row against hand-written expectations, reloads,
# a new day, bad input, failures inside the database, search_path.

E2E=$ROOT/tmp/e2e
rm -rf "$E2E" && mkdir -p "$E2E"

# A fresh database for one scenario.
use_db() {
	dropdb --if-exists "$1" 2>/dev/null && createdb "$1" && export PGDATABASE=$1
}

# load SRC: the README's load, with the tools under test.
load() {
	make -s -C "$ROOT" load SRC="$1" SKBIN="$SK_BIN" >"$E2E/load.out" 2>"$E2E/load.err"
}

# A source tree: the examples' songs, their logs and extra log files.
make_src() {
	local dir=$1; shift
	rm -rf "$dir" && mkdir -p "$dir/log_data/2018/11"
	ln -s "$ROOT/examples/song_data" "$dir/song_data"
	cp "$ROOT"/examples/log_data/2018/11/*.json "$@" "$dir/log_data/2018/11/"
}

use_db sk_e2e
if load "$ROOT/examples"; then pass "load examples"; else fail "load examples" "$(cat "$E2E/load.err")"; fi
dump "$E2E/first"
expect_tables "examples" "$TESTS/expected/examples" "$E2E/first"
# Into empty tables the files are COPYed straight in; users always merge
# (their newest state is kept beside them, in sk_user_state).
# sk_song_lookup keeps the songs' lookup for later loads' plays; every
# object read is recorded.
# songplays comes first: it streams from the events filter as it runs.
# Every play being new, the unresolved rows are counted by sk-copyin and
# the counts COPYed in.
assert_eq "load reports the rows and the objects" "songplays: 10 rows read, 10 inserted, 0 updated (copied)
users: 3 rows read, 3 inserted, 0 updated (merged)
artists: 5 rows read, 5 inserted, 0 updated (copied)
songs: 7 rows read, 7 inserted, 0 updated (copied)
sk_song_lookup: 7 rows read, 7 inserted, 0 updated (copied)
time: 9 rows read, 9 inserted, 0 updated (copied)
sk_plays_unresolved: 3 rows read, 3 inserted, 0 updated (copied)
objects: 9 new, 0 changed, 0 unchanged" "$(cat "$E2E/load.out")"
assert_eq "the record names each object with its size and mtime" \
	"$(find "$ROOT/examples" -type f -print0 | xargs -0 stat -c "%n$(printf '\t')%s$(printf '\t')mtime:%.9Y" | sort)" \
	"$(psql -X -tAF "$(printf '\t')" -c "SELECT source, size, version FROM sk_objects ORDER BY source")"

load "$ROOT/examples"
dump "$E2E/second"
expect_tables "reload changes nothing" "$TESTS/expected/examples" "$E2E/second"
assert_eq "reload reads nothing: every object is recorded unchanged" \
	"0 0 0 0 0 0 0|objects: 0 new, 0 changed, 9 unchanged" \
	"$(awk '$1 != "objects:" { print $2 }' "$E2E/load.out" | paste -sd ' ')|$(grep '^objects:' "$E2E/load.out")"
make -s -C "$ROOT" load ALL=1 SRC="$ROOT/examples" SKBIN="$SK_BIN" >"$E2E/load.out" 2>"$E2E/load.err" ||
	fail "ALL=1 reload" "$(cat "$E2E/load.err")"
dump "$E2E/second"
expect_tables "ALL=1 reload changes nothing" "$TESTS/expected/examples" "$E2E/second"
assert_eq "ALL=1 reads every object again, inserts nothing, by merges" \
	"0 (merged) 0 (merged) 0 (merged) 0 (merged) 0 (merged) 0 (merged) 0 (merged)|objects: 0 new, 0 changed, 9 unchanged" \
	"$(awk '$1 != "objects:" { print $5, $9 }' "$E2E/load.out" | paste -sd ' ')|$(grep '^objects:' "$E2E/load.out")"

make_src "$E2E/src-day3" "$TESTS/data/day3/2018-11-03-events.json"
load "$E2E/src-day3"
dump "$E2E/day3"
expect_tables "a new day adds only its facts" "$TESTS/expected/day3" "$E2E/day3"

# make -jN runs the events filter as N processes, one per share of the
# logs (here a file each), joined in order: the same tables.
use_db sk_e2e_parts
make -s -j3 -C "$ROOT" load SRC="$E2E/src-day3" SKBIN="$SK_BIN" >"$E2E/load.out" 2>"$E2E/load.err" ||
	fail "make -j3 load" "$(cat "$E2E/load.err")"
dump "$E2E/parts"
expect_tables "make -j3: three parts, the same tables" "$TESTS/expected/day3" "$E2E/parts"
# Three users in each file: a part's users.tsv has a row for each.
assert_eq "make -j3: each part wrote its users' rows" "users: 9 rows read, 4 inserted, 0 updated (merged)" \
	"$(grep '^users:' "$E2E/load.out")"
# A day's file twice, in parts of its own: the parts' time and songplays
# repeat keys, which the merge reduces to the tables of one copy.
use_db sk_e2e_parts2
make_src "$E2E/src-twice"
cp "$ROOT/examples/log_data/2018/11/2018-11-02-events.json" "$E2E/src-twice/log_data/2018/11/2018-11-02-events-again.json"
make -s -j3 -C "$ROOT" load SRC="$E2E/src-twice" SKBIN="$SK_BIN" >"$E2E/load.out" 2>"$E2E/load.err" ||
	fail "make -j3 load, a day twice" "$(cat "$E2E/load.err")"
dump "$E2E/parts2"
expect_tables "make -j3, a day twice: the tables of one copy" "$TESTS/expected/examples" "$E2E/parts2"
assert_eq "make -j3, a day twice: time and songplays merged" "songplays (merged)
time (merged)" "$(awk '$1 ~ /^(time|songplays):/ { print $1, $NF }' "$E2E/load.out" | tr -d :)"
export PGDATABASE=sk_e2e

make_src "$E2E/src-bad" "$TESTS/data/day3/2018-11-03-events.json" \
	"$TESTS/data/bad-day/2018-11-04-events.json"
if load "$E2E/src-bad"; then fail "a bad file fails the load"; else pass "a bad file fails the load"; fi
# The filter names the record; sk-copyin, reading its songplays as they
# come, refuses the stream that lacks the end-of-data line.
assert_eq "a bad file is named with its line and reason, and the stream refused" \
	"sk-events2tsv: $E2E/src-bad/log_data/2018/11/2018-11-04-events.json:2: length: an object where a scalar is expected
sk-copyin: stdin: no end-of-data line \\.: the stream is incomplete (its producer failed, was killed or cut off, or writes none: see --no-end-line)
sk-load: sk-events2tsv: $E2E/src-bad/log_data/2018/11/2018-11-04-events.json:2: length: an object where a scalar is expected" \
	"$(grep '^sk-' "$E2E/load.err")"
dump "$E2E/after-bad"
expect_tables "a bad file commits nothing" "$TESTS/expected/day3" "$E2E/after-bad"

use_db sk_e2e_fresh_bad
load "$E2E/src-bad"
assert_eq "a bad first load creates no table" "0" \
	"$(psql -X -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"

# Installed by make install, the tools find the schema (--create), the
# load's SQL and the report's questions in PREFIX/share/sk, from any
# directory, with no variable pointing at them, into a fresh database:
# the examples' star, table for table.
use_db sk_e2e_installed
make -s -C "$ROOT" install PREFIX="$E2E/inst" >/dev/null 2>"$E2E/install.err" ||
	fail "make install" "$(cat "$E2E/install.err")"
(
	cd / && unset SK_SQL_DIR SK_REPORT_SQL && I=$E2E/inst/bin &&
	"$I/sk-songs2tsv" -q -o songs="$E2E/i-songs" -o artists="$E2E/i-artists" \
		-o lookup="$E2E/i-lookup" "$ROOT/examples/song_data" &&
	"$I/sk-events2tsv" -q -l "$E2E/i-lookup" -o songplays="$E2E/i-plays" -o users="$E2E/i-users" \
		-o ts="$E2E/i-ts" "$ROOT/examples/log_data" &&
	"$I/sk-time" -q -u "$E2E/i-ts" >"$E2E/i-time" &&
	"$I/sk-copyin" -q --create users="$E2E/i-users" \
		artists="$E2E/i-artists" songs="$E2E/i-songs" time="$E2E/i-time" \
		songplays="$E2E/i-plays" >/dev/null &&
	"$I/sk-report" -f tsv hour >"$E2E/i-report"
) 2>"$E2E/installed.err" || fail "the installed tools load and report" "$(cat "$E2E/installed.err")"
dump "$E2E/installed"
expect_tables "the installed tools, outside the tree" "$TESTS/expected/examples" "$E2E/installed"
assert_eq "the installed sk-report reads its questions: 10 plays by hour" "10" \
	"$(awk -F'\t' 'NR > 2 { n += $2 } END { print n }' "$E2E/i-report")"

# The installed full load, as cron runs it: from /, with only PREFIX/bin
# and the system's directories on PATH and the connection's variables;
# twice, the second reading nothing new.
use_db sk_e2e_cron
cron_load() {
	(cd / && env -i PATH="$E2E/inst/bin:/usr/bin:/bin" HOME="$HOME" PGHOST="$PGHOST" \
		PGPORT="$PGPORT" PGUSER="$PGUSER" PGDATABASE=sk_e2e_cron TMPDIR="$E2E" \
		sk-load -q "$@")
}
cron_load "$ROOT/examples" >"$E2E/cron1.out" 2>"$E2E/cron1.err" ||
	fail "the installed sk-load, in cron's environment" "$(cat "$E2E/cron1.err")"
dump "$E2E/cron"
expect_tables "the installed sk-load, in cron's environment" "$TESTS/expected/examples" "$E2E/cron"
cron_load -j 2 "$ROOT/examples" >"$E2E/cron2.out" 2>"$E2E/cron2.err"
assert_eq "the installed sk-load again: silent, nothing new read, exit 0" \
	"0|objects: 0 new, 0 changed, 9 unchanged||0" \
	"$?|$(grep '^objects:' "$E2E/cron2.out")|$(cat "$E2E/cron2.err")|$(awk '$1 != "objects:" { n += $5 } END { print n + 0 }' "$E2E/cron2.out")"
# A failing night: the failing tool's own status, its message last, and
# nothing committed.
cron_load -j 2 "$E2E/src-bad" >/dev/null 2>"$E2E/cron3.err"
assert_eq "a failed installed load: the bad record's exit status, its cause the last line" \
	"1|sk-load: sk-events2tsv: $E2E/src-bad/log_data/2018/11/2018-11-04-events.json:2: length: an object where a scalar is expected" \
	"$?|$(tail -n 1 "$E2E/cron3.err")"
dump "$E2E/cron-after-bad"
expect_tables "a failed installed load commits nothing" "$TESTS/expected/examples" "$E2E/cron-after-bad"
cron_load "$E2E/nowhere" >/dev/null 2>"$E2E/cron4.err"
assert_eq "sk-load of a missing directory: exit 3, one line" "3|sk-load: $E2E/nowhere: no such directory" \
	"$?|$(cat "$E2E/cron4.err")"
cron_load -j 0 "$ROOT/examples" >/dev/null 2>"$E2E/cron5.err"
assert_eq "sk-load -j 0: a usage error, one line" "2|sk-load: -j: '0' is not a number from 1 to 64 (try --help)" \
	"$?|$(cat "$E2E/cron5.err")"

# --max-errors with --rejects through make load: a bad song file and a bad
# event in each of two parts (two logs of the same size, a part each)
# all land in the one rejects file, beside a row it held before, none
# truncating another's.
use_db sk_e2e_rejects
R=$E2E/src-rejects
rm -rf "$R" && mkdir -p "$R/log_data/2018/11" "$R/song_data/Z"
cp -r "$ROOT/examples/song_data/A" "$R/song_data/"
printf '{"num_songs":1,"song_id":"SOBAD","title":"No artist","duration":1.0,"year":0}\n' \
	>"$R/song_data/Z/bad.json"
cp "$TESTS/data/bad-day/2018-11-04-events.json" "$R/log_data/2018/11/2018-11-04-events.json"
cp "$TESTS/data/bad-day/2018-11-04-events.json" "$R/log_data/2018/11/2018-11-05-events.json"
printf 'an earlier load\t1\tkept\t{}\n' >"$E2E/rejects.tsv"
make -s -C "$ROOT" load SRC="$R" SKBIN="$SK_BIN" PARTS=2 \
	SKFLAGS="--max-errors 5 --rejects $E2E/rejects.tsv" >"$E2E/load.out" 2>"$E2E/load.err" ||
	fail "make load --max-errors, bad songs and events in two parts" "$(cat "$E2E/load.err")"
assert_eq "make load --rejects: every tool's bad records kept, and the file's earlier row" \
	"$R/log_data/2018/11/2018-11-04-events.json	2	length: an object where a scalar is expected
$R/log_data/2018/11/2018-11-05-events.json	2	length: an object where a scalar is expected
$R/song_data/Z/bad.json	1	missing artist_id
an earlier load	1	kept" \
	"$(cut -f 1-3 "$E2E/rejects.tsv" | LC_ALL=C sort)"
assert_eq "make load --rejects: the bad song's record kept whole" \
	'{"num_songs":1,"song_id":"SOBAD","title":"No artist","duration":1.0,"year":0}' \
	"$(awk -F'\t' '$2 == 1 && $1 ~ /bad.json$/ { print $4 }' "$E2E/rejects.tsv")"
assert_eq "make load --rejects: each tool says what it set aside" "3" \
	"$(grep -c 'bad record set aside in the rejects file' "$E2E/load.err")"

# Failures inside the database roll back every table of the run.
use_db sk_e2e_atomic
printf '999\tNo\tOne\tX\tfree\t1541030400000\t0\n\\.\n' >"$E2E/users.tsv"
printf '2018-11-01 00:00:00\t998\tfree\t\\N\t\\N\t1\t0\there\tUA\n\\.\n' >"$E2E/orphan.tsv"
run_captured "sk-copyin --init '$ROOT/sql/schema.sql' users='$E2E/users.tsv' songplays='$E2E/orphan.tsv'"
case $OUT in
*'sk-copyin: songplays: insert or update on table "songplays" violates foreign key constraint'*'[exit 5]')
	pass "a foreign key violation exits 5 with a one-line message" ;;
*) fail "a foreign key violation exits 5 with a one-line message" "$OUT" ;;
esac
assert_eq "a failed run commits no table, not even the schema" "" \
	"$(psql -X -tAc "SELECT to_regclass('users')")"
run_captured "sk-copyin --bulk-rows 1 --init '$ROOT/sql/schema.sql' users='$E2E/users.tsv' songplays='$E2E/orphan.tsv'"
case $OUT in
*'sk-copyin: songplays: insert or update on table "songplays" violates foreign key constraint'*'[exit 5]')
	pass "bulk merge: the keys checked in one join still refuse an orphan" ;;
*) fail "bulk merge: the keys checked in one join still refuse an orphan" "$OUT" ;;
esac

use_db sk_e2e_bulk
make -s -C "$ROOT" load SRC="$ROOT/examples" SKBIN="$SK_BIN" COPYFLAGS="--merge --bulk-rows 1" \
	>/dev/null 2>"$E2E/load.err" || fail "bulk merge: load" "$(cat "$E2E/load.err")"
dump "$E2E/bulk"
expect_tables "bulk merge" "$TESTS/expected/examples" "$E2E/bulk"
assert_eq "bulk merge: the foreign keys are back" "4" \
	"$(psql -X -tAc "SELECT count(*) FROM pg_constraint WHERE conrelid = 'songplays'::regclass AND contype = 'f'")"
use_db sk_e2e_atomic

# A file into an empty table is COPYed straight in; a repeated key sends
# it back to the merge, which keeps the first, with no gap in songplay_id.
use_db sk_e2e_direct
printf '2\tA\tB\tF\tfree\t1\t0\n\\.\n' >"$E2E/d-users.tsv"
printf '2018-11-01 00:00:01.000\t0\t1\t44\t11\t2018\t4\n2018-11-01 00:00:02.000\t0\t1\t44\t11\t2018\t4\n\\.\n' >"$E2E/d-time.tsv"
printf 'SOA\tFirst\tARA\t0\t1.5\nSOB\tOther\tARA\t1999\t2.5\nSOA\tSecond\tARA\t2001\t3.5\n\\.\n' >"$E2E/d-songs.tsv"
printf 'ARA\t\tLondon\t\\N\t\\N\n\\.\n' >"$E2E/d-artists.tsv"
printf '2018-11-01 00:00:01.000\t2\tfree\t\\N\t\\N\t7\t0\there\tUA\n' >"$E2E/d-plays.tsv"
printf '2018-11-01 00:00:02.000\t2\tpaid\t\\N\t\\N\t7\t1\tthere\tUA\n' >>"$E2E/d-plays.tsv"
printf '2018-11-01 00:00:02.000\t2\tfree\t\\N\t\\N\t7\t0\tagain\tUA\n\\.\n' >>"$E2E/d-plays.tsv"
run_captured "sk-copyin -q --init '$ROOT/sql/schema.sql' users='$E2E/d-users.tsv' time='$E2E/d-time.tsv' artists='$E2E/d-artists.tsv' songs='$E2E/d-songs.tsv' songplays='$E2E/d-plays.tsv'"
assert_eq "a repeated key in a file: merged, first wins" "users: 1 rows read, 1 inserted, 0 updated (merged)
time: 2 rows read, 2 inserted, 0 updated (copied)
artists: 1 rows read, 1 inserted, 0 updated (copied)
songs: 3 rows read, 2 inserted, 0 updated (merged)
songplays: 3 rows read, 2 inserted, 0 updated (merged)
[exit 0]" "$OUT"
assert_eq "merged after a failed COPY: songplay_id has no gap" "1|7|0|here
2|7|1|there" "$(psql -X -tAc 'SELECT songplay_id, session_id, item_in_session, location FROM songplays ORDER BY 1')"
assert_eq "merged after a failed COPY: songs' first record, year 0 is NULL" "SOA|First||1.5
SOB|Other|1999|2.5" "$(psql -X -tAc 'SELECT song_id, title, year, duration FROM songs ORDER BY 1')"
assert_eq "copied: an empty artist name is NULL, as the merge makes it" "ARA|t|London" \
	"$(psql -X -tAc "SELECT artist_id, name IS NULL, location FROM artists")"
assert_eq "copied: the foreign keys are back" "4" \
	"$(psql -X -tAc "SELECT count(*) FROM pg_constraint WHERE conrelid = 'songplays'::regclass AND contype = 'f'")"

use_db sk_e2e_direct2
printf 'SOC\tOnly\tARA\t0\t1.5\n\\.\n' >"$E2E/d-song.tsv"
run_captured "sk-copyin -q --init '$ROOT/sql/schema.sql' artists='$E2E/d-artists.tsv' songs='$E2E/d-song.tsv'"
assert_eq "copied: year 0 is NULL, as the merge makes it" "SOC||(copied)" \
	"$(psql -X -tAc "SELECT song_id, year FROM songs")|$(sed -n 2p <<<"$OUT" | awk '{ print $NF }')"
run_captured "sk-copyin -q time='$E2E/d-time.tsv' < /dev/null"
assert_eq "a file into an empty table is copied" "time: 2 rows read, 2 inserted, 0 updated (copied)
[exit 0]" "$OUT"
run_captured "cat '$E2E/d-time.tsv' | sk-copyin -q time"
assert_eq "a pipe into a table with rows is merged" "time: 2 rows read, 0 inserted, 0 updated (merged)
[exit 0]" "$OUT"
psql -X -qc "SET client_min_messages = warning; TRUNCATE time CASCADE"
run_captured "cat '$E2E/d-time.tsv' | sk-copyin -q time"
assert_eq "a pipe into an empty table is copied" "time: 2 rows read, 2 inserted, 0 updated (copied)
[exit 0]" "$OUT"
# A pipe's repeated key: the COPY fails (songs keeps the primary key that
# songplays references) or the unique index's build does (songplays); the
# merge then reads the pipe's kept copy.
psql -X -qc "SET client_min_messages = warning; TRUNCATE songs CASCADE"
run_captured "cat '$E2E/d-songs.tsv' | sk-copyin -q songs"
assert_eq "a pipe with a repeated key is merged from its copy" "songs: 3 rows read, 2 inserted, 0 updated (merged)
[exit 0]|SOA|First||1.5
SOB|Other|1999|2.5" "$OUT|$(psql -X -tAc 'SELECT song_id, title, year, duration FROM songs ORDER BY 1')"
psql -X -q -c "INSERT INTO users VALUES (2, 'A', 'B', 'F', 'free')" \
	-c "INSERT INTO time SELECT '2018-11-01 00:00:02', 0, 1, 44, 11, 2018, 4 ON CONFLICT DO NOTHING"
run_captured "cat '$E2E/d-plays.tsv' | sk-copyin -q songplays"
assert_eq "a pipe with a repeated play is merged from its copy, no gap in songplay_id" "songplays: 3 rows read, 2 inserted, 0 updated (merged)
[exit 0]|1|7|0|here
2|7|1|there" "$OUT|$(psql -X -tAc 'SELECT songplay_id, session_id, item_in_session, location FROM songplays ORDER BY 1')"
printf '2018-11-02 00:00:00\t2\n\\.\n' >"$E2E/d-short.tsv"
psql -X -qc "SET client_min_messages = warning; TRUNCATE time CASCADE"
# sk-copyin reads the star's rows itself (and sends COPY binary): a short
# row is bad data, exit 1; with --text, the server says the same, exit 5.
run_captured "sk-copyin time='$E2E/d-short.tsv'"
assert_eq "copied: malformed TSV names the table and the line" "[stderr]
sk-copyin: time: line 1: missing data for column \"day\"
[exit 1]" "$OUT"
run_captured "sk-copyin --text time='$E2E/d-short.tsv'"
case $OUT in
*'sk-copyin: time: missing data for column "day"; COPY time, line 1'*'[exit 5]')
	pass "copied, --text: the server names the line" ;;
*) fail "copied, --text: the server names the line" "$OUT" ;;
esac
assert_eq "copied: a failed COPY commits nothing" "0" "$(psql -X -tAc 'SELECT count(*) FROM time')"

# A direct COPY builds the target's indexes after its rows: every index and
# constraint, the schema's and a user's own, is back as it was.
indexes_and_constraints() {
	psql -X -tAc "SELECT string_agg(x, E'\n' ORDER BY x) FROM (
		SELECT indrelid::regclass || ': ' || pg_get_indexdef(indexrelid) AS x FROM pg_index
		WHERE indrelid::regclass::text IN ('songplays', 'songs', 'artists', 'time', 'users')
		UNION ALL SELECT conrelid::regclass || ': ' || conname || ' ' || pg_get_constraintdef(oid)
		FROM pg_constraint WHERE conrelid::regclass::text IN ('songplays', 'songs', 'artists', 'time', 'users')) s"
}
use_db sk_e2e_indexes
psql -X -q -f "$ROOT/sql/schema.sql" -c "CREATE INDEX plays_by_song ON songplays (song_id, start_time)"
BEFORE=$(indexes_and_constraints)
printf '2018-11-01 00:00:01.000\t2\tfree\t\\N\t\\N\t7\t0\there\tUA\n2018-11-01 00:00:02.000\t2\tpaid\t\\N\t\\N\t7\t1\tthere\tUA\n\\.\n' >"$E2E/i-plays.tsv"
run_captured "sk-copyin -q users='$E2E/d-users.tsv' time='$E2E/d-time.tsv' songplays='$E2E/i-plays.tsv'"
assert_eq "indexed after the COPY: copied" "songplays: 2 rows read, 2 inserted, 0 updated (copied)" "$(grep songplays <<<"$OUT")"
case $BEFORE in
*'plays_by_song ON public.songplays USING btree (song_id, start_time)'*'songplays_pkey PRIMARY KEY (user_id, songplay_id)'*)
	assert_eq "indexed after the COPY: every index and constraint is back" "$BEFORE" "$(indexes_and_constraints)" ;;
*) fail "indexed after the COPY: the catalogue lists the indexes" "$BEFORE" ;;
esac
OUT=$(psql -X -tAc "INSERT INTO songplays (start_time, user_id, session_id, item_in_session) VALUES ('2018-11-01 00:00:01', 2, 7, 0)" 2>&1)
case $OUT in
*'duplicate key value violates unique constraint "songplays_user_id_session_id_item_in_session_key"'*)
	pass "indexed after the COPY: the unique key still refuses a repeat" ;;
*) fail "indexed after the COPY: the unique key still refuses a repeat" "$OUT" ;;
esac
use_db sk_e2e_atomic

run_captured "printf '2018-11-01 00:00:00\t2\n\\\\.\n' | sk-copyin --merge --init '$ROOT/sql/schema.sql' time"
assert_eq "merged: malformed TSV names the table and the line" "[stderr]
sk-copyin: time: line 1: missing data for column \"day\"
[exit 1]" "$OUT"

psql -X -qc "CREATE TABLE plain_t (a integer, b text)"
run_captured "printf '1\tone\n2\t\\\\N\n\\\\.\n' | sk-copyin plain_t"
assert_eq "any other table gets a plain COPY" "plain_t: 2 rows read, 2 inserted, 0 updated (copied)
[exit 0]" "$OUT"
assert_eq "plain COPY content" "1|one
2|" "$(psql -X -tAc 'SELECT a, b FROM plain_t ORDER BY a')"

run_captured "sk-copyin -d 'host=$E2E/nowhere port=1' plain_t < /dev/null"
case $OUT in
"[stderr]"$'\n'"sk-copyin: cannot connect: "*$'\n'"[exit 5]") pass "no server: exit 5, one line" ;;
*) fail "no server: exit 5, one line" "$OUT" ;;
esac
run_captured "sk-copyin"
assert_eq "no table is a usage error" "[stderr]
sk-copyin: no table given (try --help)
[exit 2]" "$OUT"

# Streaming pipelines, one table at a time, as the man pages show them.
use_db sk_e2e_pipes
psql -X -q -f "$ROOT/sql/schema.sql"
(
	cd "$ROOT/examples" &&
	sk-songs2tsv -q -t lookup song_data > "$E2E/lookup.tsv" &&
	sk-songs2tsv -q -t songs song_data | sk-copyin -q songs >/dev/null &&
	sk-songs2tsv -q -t artists song_data | sk-copyin -q artists >/dev/null &&
	sk-events2tsv -q -t users log_data | sk-copyin -q users >/dev/null &&
	sk-events2tsv -q -t ts log_data | sk-time -u | sk-copyin -q time >/dev/null &&
	sk-fetch log_data | sk-events2tsv -q -l "$E2E/lookup.tsv" | sk-copyin -q songplays >/dev/null
) && pass "pipelines run" || fail "pipelines run"
dump "$E2E/pipes"
expect_tables "pipelines" "$TESTS/expected/examples" "$E2E/pipes"

# The tables go where search_path says.
use_db sk_e2e_schema
psql -X -qc "CREATE SCHEMA analytics"
PGOPTIONS="-c search_path=analytics" load "$ROOT/examples"
assert_eq "search_path decides the schema" "analytics 10" \
	"$(psql -X -tAc "SELECT schemaname || ' ' || (SELECT count(*) FROM analytics.songplays) FROM pg_tables WHERE tablename = 'songplays'")"
unset PGDATABASE
export PGDATABASE=sk

# COPY binary (sk-copyin reads the star's rows itself) against COPY text
# (the server reads them): the same rows, for every column type and the
# edges of each — escapes, NULL and "\N" as text, the integers' limits,
# timestamps before 1970 and 2000 with fractions, doubles to the last
# digit — in a direct COPY and through the staging table.  So are the
# plays' summaries, counted by sk-copyin as the binary rows go by and by
# the server from songplays after COPY text: a session across midnight, a
# level changed within one, a song without artist, a user whose id falls
# in another's place in the tally's cache (1 and 4097).
cat >"$E2E/bin-songplays.tsv" <<'TSV'
1999-12-31 23:59:59.999999	-2147483648	free	\N	\N	2147483647	0	Tab\there	back\\slash
2018-11-01 00:00:00	1	paid	S1	A1	1	1	new\nline	octal\101 hex\x42\x4 ctl\b\f\r\v
2018-11-01 23:59:59.999	1	paid	S1	A1	1	2	new\nline	octal\101 hex\x42\x4 ctl\b\f\r\v
2018-11-02 00:00:00.001	1	paid	S1	\N	1	3	new\nline	octal\101 hex\x42\x4 ctl\b\f\r\v
2018-11-01 12:00:00	1	free	S2	A1	1	4	new\nline	octal\101 hex\x42\x4 ctl\b\f\r\v
2018-11-01 12:00:00	4097	paid	S1	A1	7	1	elsewhere	UA
1970-01-01T00:00:00.5	2	\N	\N	\N	-1	2	Ünïcødé 🎵	
2400-02-29 12:34:56.000001	3	free	\N	\N	5	3	\\N is text	\N
0001-01-01 00:00:00	4	free	\N	\N	0	0	1	2
\.
TSV
cat >"$E2E/bin-users.tsv" <<'TSV'
5	A	B	F	free	-9223372036854775808	9223372036854775807
6	\N	\N	\N	paid	1541030400000	\N
\.
TSV
cat >"$E2E/bin-lookup.tsv" <<'TSV'
S1	T	N	1e-5	A1
S2	T	N	-0.0	A1
S3	T	N	123456789.123456789	A1
S4	T	N	1.7976931348623157e308	A1
S5	T	N	Infinity	A1
S6	T	N	-inf	A1
S7	T	N	NaN	A1
S8	T	N	4.9e-324	A1
\.
TSV
cat >"$E2E/bin-time.tsv" <<'TSV'
2018-11-01 21:01:46.796	21	1	44	11	2018	4
1969-07-20 20:17:40	20	20	29	7	1969	0
\.
TSV
# The titles of the four unresolved plays (sk-events2tsv -t unresolved).
cat >"$E2E/bin-unresolved.tsv" <<'TSV'
1999-12-31 23:59:59.999999	-2147483648	2147483647	0	T1	A
1970-01-01T00:00:00.5	2	-1	2	T1	A
2400-02-29 12:34:56.000001	3	5	3	T2	\N
0001-01-01 00:00:00	4	0	0	\N	\N
\.
TSV
# binary: the summaries counted by sk-copyin; capped: past 3 groups it
# lets them go, and the server counts, as it does with text and with
# --tally-groups 0 (never).
for way in binary capped untallied text; do
	use_db "sk_e2e_$way"
	psql -X -q -f "$ROOT/sql/schema.sql" -c "ALTER TABLE songplays DROP CONSTRAINT songplays_user_id_fkey,
		DROP CONSTRAINT songplays_start_time_fkey, DROP CONSTRAINT songplays_song_id_fkey,
		DROP CONSTRAINT songplays_artist_id_fkey"
	case $way in text) flag=--text ;; capped) flag="--tally-groups 3" ;;
		untallied) flag="--tally-groups 0" ;; *) flag= ;; esac
	for merge in "" --merge; do
		sk-copyin -q $flag $merge songplays="$E2E/bin-songplays.tsv" users="$E2E/bin-users.tsv" \
			sk_song_lookup="$E2E/bin-lookup.tsv" time="$E2E/bin-time.tsv" \
			sk_plays_unresolved="$E2E/bin-unresolved.tsv" >"$E2E/$way$merge.out" 2>&1 ||
			fail "binary against text: $way $merge loads" "$(cat "$E2E/$way$merge.out")"
	done
	psql -X -qAt -P null='(null)' -c "SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id,
		item_in_session, encode(convert_to(location, 'UTF8'), 'hex'),
		encode(convert_to(user_agent, 'UTF8'), 'hex') FROM songplays ORDER BY 1" \
		-c "TABLE users ORDER BY 1" -c "SELECT *, duration::text FROM sk_song_lookup ORDER BY 1" \
		-c "TABLE time ORDER BY 1" >"$E2E/$way.tables"
	for t in sk_plays_hourly sk_plays_sessions sk_plays_users sk_plays_songs sk_plays_songs_total \
		sk_plays_unresolved sk_plays_unresolved_total; do
		psql -X -qAt -P null='(null)' -c "SELECT * FROM $t x ORDER BY x::text"
	done >"$E2E/$way.summaries"
	summary_mismatches "sk_e2e_$way" >"$E2E/$way.mismatches"
done
export PGDATABASE=sk_e2e
assert_file_eq "binary against text: the same rows, every type and edge" \
	"$E2E/text.tables" "$E2E/binary.tables"
assert_file_eq "binary against text: the same summaries, counted by sk-copyin and by the server" \
	"$E2E/text.summaries" "$E2E/binary.summaries"
assert_file_eq "capped against text: the same summaries, the tally let go past 3 groups" \
	"$E2E/text.summaries" "$E2E/capped.summaries"
assert_file_eq "--tally-groups 0 against text: the same summaries, counted by the server" \
	"$E2E/text.summaries" "$E2E/untallied.summaries"
assert_eq "binary, capped, untallied and text: the summaries count what songplays holds" \
	"0 0 0 0 0|0 0 0 0 0|0 0 0 0 0|0 0 0 0 0" \
	"$(cat "$E2E/binary.mismatches")|$(cat "$E2E/capped.mismatches")|$(cat "$E2E/untallied.mismatches")|$(cat "$E2E/text.mismatches")"
assert_eq "binary counts the unresolved titles itself (copied), capped and untallied give them to the server (merged)" \
	"sk_plays_unresolved: 4 rows read, 4 inserted, 0 updated (copied)|sk_plays_unresolved: 4 rows read, 4 inserted, 0 updated (merged)|sk_plays_unresolved: 4 rows read, 4 inserted, 0 updated (merged)" \
	"$(grep unresolved "$E2E/binary.out")|$(grep unresolved "$E2E/capped.out")|$(grep unresolved "$E2E/untallied.out")"
assert_eq "binary: the unresolved titles by day and in all (T1 twice, on two days)" \
	"1970-01-01|T1|A|1 1999-12-31|T1|A|1 2400-02-29|T2|(null)|1 0001-01-01|(null)|(null)|1 T1|A|2 T2|(null)|1 (null)|(null)|1" \
	"$(PGDATABASE=sk_e2e_binary psql -X -qAt -P null='(null)' -c "SELECT * FROM sk_plays_unresolved ORDER BY title NULLS LAST, day" \
		-c "SELECT * FROM sk_plays_unresolved_total ORDER BY title NULLS LAST" | paste -sd ' ')"
assert_eq "binary: 9 plays summarised, 4 of them unresolved" "9 4" \
	"$(PGDATABASE=sk_e2e_binary psql -X -tAc "SELECT sum(plays), sum(plays) - sum(resolved) FROM sk_plays_hourly" | tr '|' ' ')"
assert_eq "binary against text: every row loaded" "9 2 8 2" \
	"$(for t in songplays users sk_song_lookup time; do
		PGDATABASE=sk_e2e_binary psql -X -tAc "SELECT count(*) FROM $t"; done | paste -sd ' ')"
# The tally counts on a thread of its own, handed rows in batches of
# 4,096 (load/rowqueue.c): 13,000 plays cross three batches' ends, and
# one play's user agent of 1.5 MB is more text than a batch holds.  What
# it counts equals what the server counts from the same rows (--text).
awk 'BEGIN { for (big = "x"; length(big) < 1500000; ) big = big big; big = substr(big, 1, 1500000)
	for (i = 0; i < 13000; i++) {
		printf "2018-11-%02d %02d:%02d:00.%03d\t%d\tfree\t%s\t%s\t%d\t0\tL%d\t%s\n",
			1 + int(i / 1440), int(i % 1440 / 60), i % 60, i % 1000, i % 50, i % 5 ? "S" i % 7 : "\\N", i % 5 ? "A" i % 3 : "\\N",
			int(i / 50), i % 4, i == 5000 ? big : "UA" i % 2 }
	print "\\." }' >"$E2E/many-songplays.tsv"
for way in binary text; do
	use_db "sk_e2e_many_$way"
	psql -X -q -f "$ROOT/sql/schema.sql" -c "ALTER TABLE songplays DROP CONSTRAINT songplays_user_id_fkey,
		DROP CONSTRAINT songplays_start_time_fkey, DROP CONSTRAINT songplays_song_id_fkey,
		DROP CONSTRAINT songplays_artist_id_fkey"
	sk-copyin -q $([ $way = text ] && echo --text) songplays="$E2E/many-songplays.tsv" \
		>"$E2E/many-$way.out" 2>&1 || fail "13,000 plays, $way: loads" "$(cat "$E2E/many-$way.out")"
	for t in sk_plays_hourly sk_plays_sessions sk_plays_users sk_plays_songs sk_plays_songs_total; do
		psql -X -qAt -P null='(null)' -c "SELECT * FROM $t x ORDER BY x::text"
	done | cksum >"$E2E/many-$way.summaries"
	summary_mismatches "sk_e2e_many_$way" >>"$E2E/many-$way.summaries"
done
export PGDATABASE=sk_e2e
assert_file_eq "13,000 plays, three batches and a 1.5 MB user agent: the tally's summaries equal the server's" \
	"$E2E/many-text.summaries" "$E2E/many-binary.summaries"
assert_eq "13,000 plays: every one counted, the long user agent's session too" "13000 10400 1500001" \
	"$(PGDATABASE=sk_e2e_many_binary psql -X -tAc "SELECT sum(plays), sum(resolved) FROM sk_plays_hourly" \
		-c "SELECT max(length(user_agent)) + count(*) FILTER (WHERE length(user_agent) > 1000000)
		FROM sk_plays_sessions" | tr '|\n' '  ' | sed 's/ $//')"

# What it does not read is refused with the line and the column.
use_db sk_e2e_binary_bad
for bad in "2018-02-30 00:00:00	1	not a timestamp" "2018-11-01 00:00:00	2147483648	not an integer" \
	"2018-11-01 00:00:00	12abc	not an integer" "2018-11-01	1	not a timestamp"; do
	IFS=$'\t' read -r ts user why <<<"$bad"
	printf '%s\t%s\tfree\t\\N\t\\N\t1\t1\there\tUA\n\\.\n' "$ts" "$user" >"$E2E/bin-bad.tsv"
	run_captured "sk-copyin --init '$ROOT/sql/schema.sql' songplays='$E2E/bin-bad.tsv'"
	case $OUT in
	*"sk-copyin: songplays: line 1, column "*": $why"*"[exit 1]") pass "binary: '$ts $user' refused: $why" ;;
	*) fail "binary: '$ts $user' refused: $why" "$OUT" ;;
	esac
done
printf 'S1\tT\tN\t0x1p3\tA1\n\\.\n' >"$E2E/bin-hex.tsv"
run_captured "sk-copyin --init '$ROOT/sql/schema.sql' sk_song_lookup='$E2E/bin-hex.tsv'"
case $OUT in
*"column duration: not a number"*"[exit 1]") pass "binary: a hexadecimal float is no number, as to PostgreSQL" ;;
*) fail "binary: a hexadecimal float is no number, as to PostgreSQL" "$OUT" ;;
esac
# A lookup row that can match no play (no duration) makes the direct COPY
# into the empty table fail (NOT NULL): the merge leaves it out.
printf 'S1\tT\tN\t1.5\tA1\nS2\tT\tN\t\\N\tA1\n\\.\n' >"$E2E/lookup-null.tsv"
run_captured "sk-copyin --init '$ROOT/sql/schema.sql' sk_song_lookup='$E2E/lookup-null.tsv'"
assert_eq "a lookup row without duration: the direct COPY goes to the merge, which leaves it out" \
	"sk_song_lookup: 2 rows read, 1 inserted, 0 updated (merged)
[exit 0]|S1" "$OUT|$(psql -X -tAc 'SELECT song_id FROM sk_song_lookup')"
export PGDATABASE=sk_e2e
