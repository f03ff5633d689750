# history.sh — the history of loads (sk_loads) and the bad records each
# run let through (sk_rejects), dry runs and the JSON outcome (SPEC §2,
# §4), through the installed-style sk-load and sk-copyin, on generated
# data with bad records in the songs and in two events parts.

H=$ROOT/tmp/history
rm -rf "$H" && mkdir -p "$H/src/log_data"
"$ROOT/build/gen" --songs 300 --events 20000 --days 4 --seed 3 -o "$H/gen" >/dev/null
cp -r "$H/gen/song_data" "$H/src/"
mapfile -t days < <(ls "$H"/gen/log_data/*/*/*.json)
cp "${days[0]}" "${days[1]}" "${days[2]}" "$H/src/log_data/"
printf '{"song_id": "SOBAD", "title": \n' >"$H/src/song_data/bad.json"
printf '{"ts": "yesterday", "page": "NextSong"}\n' >>"$H/src/log_data/$(basename "${days[0]}")"
printf '{"ts": [1]}\n' >>"$H/src/log_data/$(basename "${days[2]}")"

hload() { # hload DB ARGS...: sk-load, its output in $H/DB.{out,err}, its status returned
	local db=$1
	shift
	PGDATABASE=$db "$SK_BIN/sk-load" -q "$@" >"$H/$db.out" 2>"$H/$db.err"
}
q() { PGDATABASE=sk_hist psql -X -qAt -F ' ' -c "$1"; }
# The md5 of every table but the history's: the star, its summaries, the
# record of objects.
checksums() {
	local t
	for t in $(q "SELECT tablename FROM pg_tables WHERE schemaname = 'public'
		AND tablename NOT IN ('sk_loads', 'sk_rejects') ORDER BY 1"); do
		q "SELECT '$t', md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM $t x"
	done
}

dropdb --if-exists sk_hist 2>/dev/null; createdb sk_hist
printf 'a row kept from before\n' >"$H/rejects.tsv"
hload sk_hist -j 2 --max-errors 5 --rejects "$H/rejects.tsv" --summary-json "$H/run.json" "$H/src" ||
	fail "a load with three bad records let through" "$(cat "$H/sk_hist.err")"
assert_eq "three bad records (a song, an event in each of two parts): all in the file, after its row" \
	"4" "$(wc -l <"$H/rejects.tsv")"
assert_eq "sk_rejects holds the same records as the file: source, line, reason, text" \
	"$(tail -n +2 "$H/rejects.tsv" | LC_ALL=C sort)" \
	"$(q "COPY (SELECT source, line, reason, record FROM sk_rejects) TO STDOUT" | LC_ALL=C sort)"
id=$(jq -r .id "$H/run.json")
assert_eq "--summary-json: the run's row, read by jq: ok, its source, objects, plays and rejects" \
	"ok $H/src $(q "SELECT count(*) FROM sk_objects") $(q "SELECT count(*) FROM songplays") 3" \
	"$(jq -r '[.status, .source, .objects_new, .tables.songplays.inserted, .rejected] | join(" ")' "$H/run.json")"
assert_eq "the history's row is the JSON's, and every object and reject names the run" \
	"1 ok 3|$(q "SELECT count(*) FROM sk_objects") 3" \
	"$(q "SELECT count(*), min(status), min(rejected) FROM sk_loads WHERE id = $id")|$(q "SELECT
		(SELECT count(*) FROM sk_objects WHERE load_id = $id), (SELECT count(*) FROM sk_rejects WHERE load_id = $id)")"

# A dry run of the next day: nothing changes but the history, and its
# counts are those of the run that follows.
cp "${days[3]}" "$H/src/log_data/"
printf '{"ts": {}}\n' >>"$H/src/log_data/$(basename "${days[3]}")"
before=$(checksums)
hload sk_hist --dry-run --max-errors 5 --rejects "$H/rejects.tsv" --summary-json - "$H/src" ||
	fail "a dry run" "$(cat "$H/sk_hist.err")"
assert_eq "a dry run changes no table (the md5 of each, before and after)" "$before" "$(checksums)"
assert_eq "a dry run appends nothing to the --rejects file" "4" "$(wc -l <"$H/rejects.tsv")"
assert_eq "a dry run says so last, and its JSON says dry-run" \
	"dry run: rolled back, nothing changed|dry-run" \
	"$(grep -v '^{' "$H/sk_hist.out" | tail -n 1)|$(grep '^{' "$H/sk_hist.out" | jq -r .status)"
grep -v '^{' "$H/sk_hist.out" | grep -v '^dry run' >"$H/dry.out"
hload sk_hist --max-errors 5 "$H/src" || fail "the load after the dry run" "$(cat "$H/sk_hist.err")"
assert_file_eq "the dry run's counts are the real run's" "$H/dry.out" "$H/sk_hist.out"
assert_eq "the history: ok, dry-run, ok; the dry run's reject kept with its row" "ok dry-run ok|1 1" \
	"$(q "SELECT string_agg(status, ' ' ORDER BY id) FROM sk_loads")|$(q "SELECT
		(SELECT rejected FROM sk_loads WHERE status = 'dry-run'),
		(SELECT count(*) FROM sk_rejects r JOIN sk_loads l ON l.id = r.load_id WHERE l.status = 'dry-run')")"

# A failing night: the star unchanged, the failure's row names its cause
# and the object, and is what sk-load printed last.
printf '{"page": "NextSong"}\n{"page": "NextSong", "ts": []}\n' >"$H/src/log_data/zz-events.json"
before=$(checksums)
hload sk_hist "$H/src"
rc=$?
assert_eq "a bad record beyond --max-errors: exit 1, the star unchanged" "1|$before" "$rc|$(checksums)"
assert_eq "the failure's row: failed, its error as sk-load's last line, the object it was at" \
	"$(tail -n 1 "$H/sk_hist.err")|$H/src/log_data/zz-events.json:1" \
	"$(q "SELECT 'sk-load: ' || error || '|' || failed_at FROM sk_loads ORDER BY id DESC LIMIT 1")"
# With one let through, the second fails the run: the first is kept with
# the failure's row.
hload sk_hist --max-errors 1 "$H/src"
rc=$?
assert_eq "a failed run's rejects are kept with its row" \
	"1|failed 1|$H/src/log_data/zz-events.json 1 missing ts" \
	"$rc|$(q "SELECT status, rejected FROM sk_loads ORDER BY id DESC LIMIT 1")|$(q "SELECT source, line, reason
		FROM sk_rejects WHERE load_id = (SELECT max(id) FROM sk_loads)")"
rm "$H/src/log_data/zz-events.json"

# sk-copyin on its own: a stream cut short is recorded too, where it was.
printf 'SOX\tT\tARX\t2000\t1.5\n' | PGDATABASE=sk_hist "$SK_BIN/sk-copyin" -q songs 2>/dev/null
rc=$?
assert_eq "sk-copyin alone: a cut stream exits 1 and leaves a failed row at stdin" "1|failed stdin" \
	"$rc|$(q "SELECT status, failed_at FROM sk_loads ORDER BY id DESC LIMIT 1")"

# A first load counts the unresolved titles on a thread of their own while
# the tables before them load (star_count_ahead); cut short, their input
# fails the load as any does: exit 1, its message last, nothing committed,
# the failure's row at that input.
A=$H/ahead
mkdir -p "$A"
"$SK_BIN/sk-songs2tsv" -q -o songs="$A/songs.tsv" -o artists="$A/artists.tsv" \
	-o lookup="$A/lookup.tsv" "$H/gen/song_data"
"$SK_BIN/sk-events2tsv" -q -l "$A/lookup.tsv" -o songplays="$A/songplays.tsv" -o users="$A/users.tsv" \
	-o ts="$A/ts.tsv" -o unresolved="$A/unresolved.tsv" "${days[1]}"
"$SK_BIN/sk-time" -q -u "$A/ts.tsv" >"$A/time.tsv"
grep -vxF '\.' "$A/unresolved.tsv" >"$A/cut.tsv"
dropdb --if-exists sk_ahead 2>/dev/null
createdb sk_ahead
PGDATABASE=sk_ahead psql -X -q -f "$ROOT/sql/schema.sql"
PGDATABASE=sk_ahead "$SK_BIN/sk-copyin" -q songplays="$A/songplays.tsv" users="$A/users.tsv" \
	time="$A/time.tsv" sk_plays_unresolved="$A/cut.tsv" >"$A/out" 2>"$A/err"
rc=$?
assert_eq "a first load's unresolved titles, counted ahead, cut short: exit 1, said last, nothing kept, recorded" \
	"1|sk-copyin: $A/cut.tsv: no end-of-data line|0 0|failed $A/cut.tsv" \
	"$rc|$(tail -n 1 "$A/err" | sed 's/ \\\.:.*//')|$(PGDATABASE=sk_ahead psql -X -qAt -F ' ' \
		-c "SELECT (SELECT count(*) FROM songplays), (SELECT count(*) FROM sk_plays_unresolved_total)")|$(
		PGDATABASE=sk_ahead psql -X -qAt -F ' ' -c "SELECT status, failed_at FROM sk_loads")"
PGDATABASE=sk_ahead "$SK_BIN/sk-copyin" -q songplays="$A/songplays.tsv" users="$A/users.tsv" \
	time="$A/time.tsv" artists="$A/artists.tsv" songs="$A/songs.tsv" \
	sk_plays_unresolved="$A/unresolved.tsv" >"$A/out" 2>"$A/err"
rc=$?
assert_eq "... whole, the same load: every unresolved row counted ahead, once" \
	"0|$(grep -cvxF '\.' "$A/unresolved.tsv")" \
	"$rc|$(PGDATABASE=sk_ahead psql -X -qAt -c "SELECT sum(plays) FROM sk_plays_unresolved_total")"
# The latest runs from the shell.
assert_eq "sk-report --loads 3 -f tsv: the latest three runs, newest first" \
	"# The latest loads, newest first
id	started	seconds	status	objects_read	rows_inserted	rejected	error
failed failed failed" \
	"$(PGDATABASE=sk_hist "$SK_BIN/sk-report" --loads 3 -f tsv | report_body tsv | head -n 2)
$(PGDATABASE=sk_hist "$SK_BIN/sk-report" --loads 3 -f tsv | report_body tsv | tail -n +3 | cut -f 4 | paste -sd ' ')"

# A star made before the history: loads still work, and say it keeps none.
dropdb --if-exists sk_hist_old 2>/dev/null; createdb sk_hist_old
PGDATABASE=sk_hist_old psql -X -q -v ON_ERROR_STOP=1 -f "$ROOT/sql/schema.sql" \
	-c "DROP TABLE sk_loads, sk_rejects" >/dev/null 2>&1
run_captured "'$SK_BIN/sk-songs2tsv' -t songs '$ROOT/examples/song_data' | PGDATABASE=sk_hist_old '$SK_BIN/sk-copyin' songs"
assert_eq "a star without sk_loads: loaded, and told it keeps no history" "songs: 7 rows read, 7 inserted, 0 updated (copied)
[stderr]
sk-copyin: sk_loads: this star keeps no history of loads (--create adds it)
[exit 0]" "$OUT"
