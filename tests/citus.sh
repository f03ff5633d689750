# citus.sh — the load on Citus (SPEC §2), a coordinator and two workers on
# 127.0.0.1: sql/citus.sql distributes a fresh star and a loaded one; the
# real sample loaded in two steps (days 1-15, then all, then all again)
# leaves the star that plain PostgreSQL gets, row for row (songplay_id
# aside); two loads at once, bad input and a killed load behave as on one
# server; sk-report answers the same.  Skipped, in one line, where Citus is
# not installed and cannot be (../shared/citus/install.sh needs root).

REAL=${SK_REALDATA:-$ROOT/../shared/data/sparkify}
CT=$ROOT/tmp/citus
if [ ! -d "$REAL/log_data" ]; then
	skip "no real data at $REAL"
	return 0
fi
mkdir -p "$CT"
if ! citus_available 2>"$CT/install.log"; then
	why=$(tail -n 1 "$CT/install.log")
	skip "Citus is not installed, and cannot be here (${why:-it needs root and ../shared/citus/install.sh})"
	return 0
fi

# Sources: the first 15 days (a directory that grows to all 30), days
# 16-30, and all with a bad day.
days() { # days DIR FIRST-LAST: those days' log files linked into DIR
	mkdir -p "$1/log_data/2018/11"
	[ -e "$1/song_data" ] || ln -s "$REAL/song_data" "$1/song_data"
	ls "$REAL"/log_data/2018/11/*.json | sed -n "${2%-*},${2#*-}p" |
		xargs -I{} ln -sf {} "$1/log_data/2018/11/"
}
rm -rf "$CT"/src-* "$CT"/grow-*
days "$CT/grow-ref" 1-15; days "$CT/grow-citus" 1-15; days "$CT/src-1-15" 1-15
days "$CT/src-16-30" 16-30; days "$CT/src-bad" 1-30
printf '{"ts": 1543622400000, "page": "NextSong", "userId": "2", "level": {}}\n' \
	>"$CT/src-bad/log_data/2018/11/2018-11-31-events.json"

cload() { # cload NAME SRC [MAKE ARGS]: make load, output in $CT/NAME.{out,err}
	local name=$1 src=$2; shift 2
	make -s -C "$ROOT" load SRC="$src" SKBIN="$SK_BIN" "$@" >"$CT/$name.out" 2>"$CT/$name.err"
}
# The star and sk's own tables, songplay_id aside, sorted; in FILE.objects,
# the record of loaded objects, named from song_data/ or log_data/ on.
cstar() {
	psql -X -qAt -c "SELECT start_time, user_id, level, song_id, artist_id, session_id,
			item_in_session, location, user_agent FROM songplays ORDER BY 2, 6, 7" \
		-c "TABLE users ORDER BY 1" -c "TABLE songs ORDER BY 1" -c "TABLE artists ORDER BY 1" \
		-c "TABLE time ORDER BY 1" -c "TABLE sk_user_state ORDER BY 1" \
		-c "TABLE sk_song_lookup ORDER BY 1, 2, 3, 4" >"$1" 2>&1
	psql -X -qAt -c "SELECT regexp_replace(source, '^.*/(song|log)_data/', '\\1_data/'),
		size, version FROM sk_objects ORDER BY 1" >"$1.objects" 2>&1
}
distribute() { citus_distribute >"$CT/distribute.out" 2>&1; }

# Plain PostgreSQL, the reference: days 1-15, then all.
dropdb --if-exists sk_citus_ref 2>/dev/null; createdb sk_citus_ref
export PGDATABASE=sk_citus_ref
cload ref-half "$CT/grow-ref" && cstar "$CT/ref-half.star" && days "$CT/grow-ref" 16-30 &&
	cload ref-all "$CT/grow-ref" && cstar "$CT/ref-all.star" ||
	fail "plain PostgreSQL: the reference loads" "$(cat "$CT"/ref-*.err)"
sk-report -f tsv 2>&1 | report_body tsv >"$CT/ref.report" || fail "plain PostgreSQL: sk-report" "$(cat "$CT/ref.report")"
PLAIN_PG="$PGHOST $PGPORT"

# An old star (107e95a's, tests/data/stars: days 1-2 of generated data),
# and its four days loaded fresh on plain PostgreSQL, the reference for
# its migration on Citus below.
rm -rf "$CT/mig" && mkdir -p "$CT/mig/src/log_data"
"$ROOT/build/gen" --songs 300 --events 20000 --days 4 --seed 11 -o "$CT/mig/gen" >/dev/null
cp -r "$CT/mig/gen/song_data" "$CT/mig/src/" && cp "$CT"/mig/gen/log_data/*/*/*.json "$CT/mig/src/log_data/"
dropdb --if-exists sk_citus_mig_ref 2>/dev/null; createdb sk_citus_mig_ref
PGDATABASE=sk_citus_mig_ref sk-load -q "$CT/mig/src" >/dev/null 2>"$CT/mig/ref.err" ||
	fail "plain PostgreSQL: the migration's reference" "$(cat "$CT/mig/ref.err")"
PGDATABASE=sk_citus_mig_ref cstar "$CT/mig/ref.star"

if ! citus_start "$CT" >"$CT/start.log" 2>&1; then
	fail "a coordinator and two workers start" "$(cat "$CT/start.log")"
	read -r PGHOST PGPORT <<<"$PLAIN_PG"; export PGHOST PGPORT PGDATABASE=sk
	return 0
fi
pass "a coordinator and two workers start ($(psql -X -tAc "SELECT count(*) FROM citus_get_active_worker_nodes()") workers)"

# A fresh star distributed: songplays by user_id, the rest reference tables.
citus_drop_star
distribute || fail "sql/citus.sql distributes a fresh star" "$(cat "$CT/distribute.out")"
assert_eq "sql/citus.sql: songplays sharded by user_id, the others reference tables" \
	"artists reference
sk_loads reference
sk_objects reference
sk_plays_hourly reference
sk_plays_sessions distributed user_id
sk_plays_songs reference
sk_plays_songs_total reference
sk_plays_unresolved reference
sk_plays_unresolved_total reference
sk_plays_users distributed user_id
sk_rejects reference
sk_schema reference
sk_song_lookup reference
sk_user_state reference
songplays distributed user_id
songs reference
time reference
users reference" "$(psql -X -tAF ' ' -c "SELECT trim(both '\"' FROM table_name::text) AS name, citus_table_type,
	nullif(distribution_column, '<none>') FROM citus_tables ORDER BY 1" | sed 's/ $//')"
distribute || fail "sql/citus.sql again changes nothing" "$(cat "$CT/distribute.out")"

# The real sample in two steps, then again: the plain star.
cload half "$CT/grow-citus" || fail "Citus: days 1-15 load" "$(cat "$CT/half.err")"
cstar "$CT/half.star"
assert_file_eq "Citus: days 1-15, the plain star" "$CT/ref-half.star" "$CT/half.star"
days "$CT/grow-citus" 16-30
cload all "$CT/grow-citus" || fail "Citus: all 30 days load" "$(cat "$CT/all.err")"
cstar "$CT/all.star"
assert_file_eq "Citus: then all 30 days, the plain star" "$CT/ref-all.star" "$CT/all.star"
assert_file_eq "Citus: then all 30 days, the plain record of objects" \
	"$CT/ref-all.star.objects" "$CT/all.star.objects"
assert_eq "Citus: the second step reads the 15 new days only, merged as on plain PostgreSQL" \
	"$(grep -E '^(songplays|objects):' "$CT/ref-all.out")" "$(grep -E '^(songplays|objects):' "$CT/all.out")"
cload again "$CT/grow-citus" || fail "Citus: all again" "$(cat "$CT/again.err")"
cstar "$CT/again.star"
assert_file_eq "Citus: all again, nothing changes" "$CT/ref-all.star" "$CT/again.star"
cload all1 "$CT/grow-citus" ALL=1 || fail "Citus: ALL=1" "$(cat "$CT/all1.err")"
cstar "$CT/all1.star"
assert_file_eq "Citus: ALL=1 rereads every object, every merge adds nothing" \
	"$CT/ref-all.star" "$CT/all1.star"
events_titles "$REAL/log_data" >"$CT/titles.tsv"
assert_eq "Citus: the plays' summaries and unresolved titles count what songplays holds, after every step" \
	"0 0 0 0 0|0" "$(summary_mismatches "$PGDATABASE")|$(unresolved_mismatches "$PGDATABASE" "$CT/titles.tsv")"

# sk-report on the cluster: the plain report.
sk-report -f tsv 2>&1 | report_body tsv >"$CT/citus.report" || fail "Citus: sk-report" "$(cat "$CT/citus.report")"
assert_file_eq "Citus: sk-report answers as on plain PostgreSQL" "$CT/ref.report" "$CT/citus.report"

# Bad input commits nothing, on any node.
if cload bad "$CT/src-bad"; then fail "Citus: a bad day fails the load"; else
	cstar "$CT/bad.star"
	assert_file_eq "Citus: a bad day fails the load, and commits nothing" \
		"$CT/ref-all.star" "$CT/bad.star"
	assert_eq "Citus: the failed load's row in the history (a reference table), naming the object" \
		"failed $CT/src-bad/log_data/2018/11/2018-11-31-events.json:1" \
		"$(psql -X -tAF ' ' -c "SELECT status, failed_at FROM sk_loads ORDER BY id DESC LIMIT 1")"
fi
# The bad record let through: in sk_rejects with the run, committed with it.
cload bad-let "$CT/src-bad" SKFLAGS="--max-errors 1" || fail "Citus: the bad day, its record let through" "$(cat "$CT/bad-let.err")"
assert_eq "Citus: the record let through is in sk_rejects, with the run's ok row" \
	"ok 1|$CT/src-bad/log_data/2018/11/2018-11-31-events.json 1 level: an object where a scalar is expected" \
	"$(psql -X -tAF ' ' -c "SELECT status, rejected FROM sk_loads ORDER BY id DESC LIMIT 1")|$(psql -X -tAF ' ' -c "SELECT source, line, reason FROM sk_rejects WHERE load_id = (SELECT max(id) FROM sk_loads)")"

# A load killed mid-COPY (sk-copyin, SIGKILL) commits nothing; no prepared
# transaction is left on a worker; the next load runs.
# Generated data, for a COPY long enough to be caught.
citus_drop_star; distribute
[ -d "$CT/gen" ] || "$ROOT/build/gen" --songs 3000 --events 200000 --days 3 --seed 3 \
	-o "$CT/gen" >/dev/null
cload gen-load "$CT/gen" &
runner=$!
killed=0
for _ in $(seq 1 3000); do
	if [ "$(psql -X -tAc "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'
			AND query LIKE 'COPY \"songplays\"%'")" != 0 ] &&
		pkill -9 -x sk-copyin; then killed=1; break; fi
	kill -0 "$runner" 2>/dev/null || break
done
wait "$runner" 2>/dev/null
cstar "$CT/killed.star"
assert_eq "Citus: sk-copyin killed mid-COPY: nothing committed on any node" "1|0|0" \
	"$killed|$(psql -X -tAc "SELECT count(*) FROM songplays")|$(psql -X -tAc "SELECT count(*) FROM sk_objects")"
psql -X -qc "SELECT recover_prepared_transactions()" >/dev/null
assert_eq "Citus: no prepared transaction left on a worker" "0 0" "$(for p in 1 2; do
	psql -X -tAc "SELECT count(*) FROM pg_prepared_xacts" -p $((PGPORT + p)); done | paste -sd ' ')"

# Two loads at once (days 1-15 and 16-30): both succeed, the star of all.
cload one "$CT/src-1-15" & a=$!
cload two "$CT/src-16-30" & b=$!
wait "$a"; ra=$?; wait "$b"; rb=$?
assert_eq "Citus: two loads at once both succeed" "0 0" "$ra $rb"
cstar "$CT/two.star"
assert_file_eq "Citus: two loads at once leave the star of all 30 days" "$CT/ref-all.star" "$CT/two.star"
assert_eq "Citus: two loads at once: the summaries and titles count every play once" "0 0 0 0 0|0" \
	"$(summary_mismatches "$PGDATABASE")|$(unresolved_mismatches "$PGDATABASE" "$CT/titles.tsv")"

# A star loaded before it was distributed: its rows move to the shards,
# and loads go on.
citus_drop_star
psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f "$ROOT/sql/schema.sql"
cload local "$CT/src-1-15" || fail "Citus: a plain star on the coordinator" "$(cat "$CT/local.err")"
distribute || fail "sql/citus.sql distributes a loaded star" "$(cat "$CT/distribute.out")"
cstar "$CT/moved.star"
assert_file_eq "sql/citus.sql on a loaded star: its rows on the shards, the same star" \
	"$CT/ref-half.star" "$CT/moved.star"
assert_eq "sql/citus.sql on a loaded star: the coordinator's own copy emptied" "0" \
	"$(psql -X -tAc "SELECT pg_relation_size('songplays') + pg_relation_size('time')")"
cload rest "$REAL" || fail "Citus: loading on after distributing" "$(cat "$CT/rest.err")"
cstar "$CT/rest.star"
assert_file_eq "Citus: loading on after distributing, the plain star" "$CT/ref-all.star" "$CT/rest.star"
assert_eq "Citus: loading on after distributing: the summaries moved and added to" "0 0 0 0 0|0" \
	"$(summary_mismatches "$PGDATABASE")|$(unresolved_mismatches "$PGDATABASE" "$CT/titles.tsv")"

# The old star, distributed as the README says (schema.sql, then
# citus.sql), then loaded with today's tools: migrated on the cluster
# (its new tables reference tables), the plain star of the four days.
citus_drop_star
gzip -dc "$TESTS/data/stars/107e95a.sql.gz" | sed "s|@SRC@|$CT/mig/src|g" | psql -X -q >/dev/null 2>&1
distribute || fail "Citus: an old star distributed" "$(cat "$CT/distribute.out")"
sk-load -q "$CT/mig/src" >/dev/null 2>"$CT/mig/citus.err" ||
	fail "Citus: the old star's load" "$(cat "$CT/mig/citus.err")"
cstar "$CT/mig/citus.star"
assert_eq "Citus: an old star migrated on the cluster, its history a reference table" \
	"$(ls "$ROOT/sql/migrations" | sed -n 's/^0*\([0-9]*\)-.*/\1/p' | sort -n | tail -n 1) reference reference" \
	"$(psql -X -tAF ' ' -c "SELECT (SELECT version FROM sk_schema),
		(SELECT citus_table_type FROM citus_tables WHERE table_name = 'sk_loads'::regclass),
		(SELECT citus_table_type FROM citus_tables WHERE table_name = 'sk_schema'::regclass)")"
assert_file_eq "Citus: the old star, migrated and loaded on: the plain star of the four days" \
	"$CT/mig/ref.star" "$CT/mig/citus.star"
# The same star as an sk before its totals left it (version 3, without
# sk_plays_users and the titles' totals): migration 004 makes them on the
# cluster, sk_plays_users beside songplays, the totals reference tables,
# summed from the day rows.
psql -X -qc "DROP TABLE sk_plays_users, sk_plays_unresolved_total" \
	-c "UPDATE sk_schema SET version = 3" >/dev/null 2>&1
sk-load -q "$CT/mig/src" >/dev/null 2>"$CT/mig/citus4.err" ||
	fail "Citus: the load of a star without its totals" "$(cat "$CT/mig/citus4.err")"
assert_eq "Citus: migration 004 places the totals as citus.sql does, summed from the day rows" \
	"distributed t reference|0 0 0 0 0" \
	"$(psql -X -tAF ' ' -c "SELECT
		(SELECT citus_table_type FROM citus_tables WHERE table_name = 'sk_plays_users'::regclass),
		(SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'sk_plays_users'::regclass) =
		(SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'songplays'::regclass),
		(SELECT citus_table_type FROM citus_tables WHERE table_name = 'sk_plays_unresolved_total'::regclass)")|$(
		summary_mismatches "$PGDATABASE")"

citus_stop "$CT"
read -r PGHOST PGPORT <<<"$PLAIN_PG"
export PGHOST PGPORT PGDATABASE=sk
