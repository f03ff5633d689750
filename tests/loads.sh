# loads.sh — production loads (SPEC §2, §4): each object read once, a day
# added reads that day only, a changed object is read again, loads side
# by side leave the star of the same loads one after the other, and a load
# killed (SIGKILL) at any moment leaves nothing or everything, a rerun
# converging on the star of an undisturbed load; so do the database's
# faults: the load's backend terminated, a statement timeout, the server
# stopped with -m immediate.  On generated data: six days of logs.

L=$ROOT/tmp/loads
rm -rf "$L" && mkdir -p "$L/tmp"
export TMPDIR=$L/tmp  # where the loads' scratch directories go
"$ROOT/build/gen" --songs 3000 --events 120000 --days 6 --seed 5 -o "$L/gen" >/dev/null
# src-DAYS: the songs, and the log files of those days (1-based).
days_src() {
	local dir=$L/src-$1 d
	mkdir -p "$dir/log_data/2018/11"
	ln -sfn "$L/gen/song_data" "$dir/song_data"
	for d in $(seq "${1%-*}" "${1#*-}"); do
		ln -f "$(ls "$L"/gen/log_data/*/*/*.json | sed -n "${d}p")" "$dir/log_data/2018/11/"
	done
}
days_src 1-6; days_src 1-3; days_src 4-6; days_src 3-6; days_src 1-5
mload() { # mload DB SRC [MAKE ARGS...]: the load, output in $L/DB.{out,err}
	local db=$1 src=$2; shift 2
	PGDATABASE=$db make -s -C "$ROOT" load SRC="$src" SKBIN="$SK_BIN" "$@" \
		>"$L/$db.out" 2>"$L/$db.err"
}
fresh() { dropdb --if-exists "$1" 2>/dev/null; createdb "$1"; }
objects_line() { grep '^objects:' "$L/$1.out"; }

fresh sk_all
mload sk_all "$L/src-1-6" || fail "the six days at once" "$(cat "$L/sk_all.err")"
FULL=$(star sk_all)

# The first load analyses the tables the next loads' catalogue reads, in
# its transaction: autovacuum would come later, and until then the
# catalogue's anti-join is planned blind (sql/load/star.sql: analyze).
# last_analyze is an ANALYZE's own, never autovacuum's.
assert_eq "the first load analyses the catalogue's tables" "artists sk_song_lookup songs" \
	"$(psql -X -qAt -d sk_all -c "SELECT string_agg(relname, ' ' ORDER BY relname)
		FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")"

# The events filter in three parts, over a source that holds day 3 twice
# (another name): one part or three, the plays of the six days, each
# once, and their titles counted once.
cp -a "$L/src-1-6" "$L/src-dup"
cp "$L/src-1-6/log_data/2018/11/"*-03-events.json "$L/src-dup/log_data/2018/11/zz-again.json"
for parts in 1 3; do
	fresh sk_parts
	mload sk_parts "$L/src-dup" PARTS=$parts || fail "day 3 twice, $parts part(s)" "$(cat "$L/sk_parts.err")"
	events_titles "$L/src-1-6/log_data" >"$L/titles.tsv"
	assert_eq "day 3 twice, $parts part(s): the star of the six days, summaries and titles in step" \
		"$FULL|0 0 0 0 0|0" "$(star sk_parts)|$(summary_mismatches sk_parts)|$(unresolved_mismatches sk_parts "$L/titles.tsv")"
done

# A new day reads that day only, and the star is the one-load star.
fresh sk_days
cp -a "$L/src-1-5" "$L/src-grow"
mload sk_days "$L/src-grow" || fail "days 1-5" "$(cat "$L/sk_days.err")"
ln -f "$L/src-1-6/log_data/2018/11/"*-06-events.json "$L/src-grow/log_data/2018/11/"
mload sk_days "$L/src-grow" || fail "day 6 added" "$(cat "$L/sk_days.err")"
assert_eq "day 6 added: one object read, the others skipped" "objects: 1 new, 0 changed, 3005 unchanged" \
	"$(objects_line sk_days)"
assert_eq "day 6 added: the star of the six days loaded at once" "$FULL" "$(star sk_days)"
mload sk_days "$L/src-grow/" || fail "a rerun" "$(cat "$L/sk_days.err")"
assert_eq "a rerun (the source with a trailing slash) reads nothing" \
	"0 0 0 0 0 0 0|objects: 0 new, 0 changed, 3006 unchanged" \
	"$(awk '$1 != "objects:" { print $2 }' "$L/sk_days.out" | paste -sd ' ')|$(objects_line sk_days)"
# A changed object (new mtime) is read again; its rows merge by their keys.
cp "$L/src-grow/log_data/2018/11/"*-06-events.json "$L/day6.json"
mv "$L/day6.json" "$L/src-grow/log_data/2018/11/"*-06-events.json
mload sk_days "$L/src-grow" || fail "a changed day" "$(cat "$L/sk_days.err")"
assert_eq "a changed day (a new mtime) is read again, and adds nothing" \
	"objects: 0 new, 1 changed, 3005 unchanged|0" \
	"$(objects_line sk_days)|$(awk '$1 == "songplays:" { print $5 }' "$L/sk_days.out")"
assert_eq "the plays' summaries count what songplays holds: one load, then day by day, rerun, changed day" \
	"0 0 0 0 0|0 0 0 0 0" "$(summary_mismatches sk_all)|$(summary_mismatches sk_days)"
assert_eq "the unresolved plays' titles count what songplays left unresolved: one load, day by day, rerun, changed day" \
	"0|0|$(PGDATABASE=sk_all psql -X -tAc 'SELECT count(*) FROM songplays WHERE song_id IS NULL')" \
	"$(unresolved_mismatches sk_all "$L/titles.tsv")|$(unresolved_mismatches sk_days "$L/titles.tsv")|$(
		PGDATABASE=sk_days psql -X -tAc 'SELECT sum(plays) FROM sk_plays_unresolved')"
PGDATABASE=sk_days psql -X -qc "DELETE FROM songplays WHERE user_id = (SELECT min(user_id) FROM songplays)"
assert_eq "plays deleted by hand: the summaries still count them (the check can fail)" "stale" \
	"$(summary_mismatches sk_days | awk '{ print ($1 > 0 && $2 > 0 && $3 > 0 && $5 > 0) ? "stale" : "in step: " $0 }')"
PGDATABASE=sk_days sk-copyin --summarize >"$L/summarize.out" 2>&1 || fail "sk-copyin --summarize" "$(cat "$L/summarize.out")"
assert_eq "sk-copyin --summarize makes them again from songplays" "0 0 0 0 0" "$(summary_mismatches sk_days)"
mload sk_days "$L/src-grow" ALL=1 || fail "ALL=1 after the deletion" "$(cat "$L/sk_days.err")"
assert_eq "ALL=1 puts the deleted plays back, and the summaries count them" "$FULL|0 0 0 0 0" \
	"$(star sk_days)|$(summary_mismatches sk_days)"
# A star summarised by an sk before the per-user rows and the songs' and
# unresolved titles' totals (version 3, before migration 004): its next
# load's migration makes them from the finer day rows.
PGDATABASE=sk_days psql -X -qc "DROP TABLE sk_plays_users, sk_plays_unresolved_total" \
	-c "DELETE FROM sk_plays_songs_total" -c "UPDATE sk_schema SET version = 3"
mload sk_days "$L/src-grow" ALL=1 || fail "a load of a star without sk_plays_users" "$(cat "$L/sk_days.err")"
assert_eq "a star without per-user rows nor totals: migrated from version 3, once" \
	"sk-copyin: sk_schema: the star's schema brought from version 3 to 4" "$(grep 'brought from' "$L/sk_days.err")"
assert_eq "a star without per-user rows nor totals: the next load makes them, in step" \
	"$FULL|0 0 0 0 0|0" "$(star sk_days)|$(summary_mismatches sk_days)|$(PGDATABASE=sk_days psql -X -tAc "
	WITH d AS (SELECT title, artist, sum(plays) FROM sk_plays_unresolved GROUP BY 1, 2),
	t AS (SELECT title, artist, plays::numeric FROM sk_plays_unresolved_total)
	SELECT count(*) FROM ((TABLE d EXCEPT ALL TABLE t) UNION ALL (TABLE t EXCEPT ALL TABLE d)) x")"
# (The titles counted the deleted plays when first loaded, and again now:
# --summarize cannot make them again, songplays does not keep titles.)
assert_eq "the record lists every object" "3006" "$(PGDATABASE=sk_days psql -X -tAc 'SELECT count(*) FROM sk_objects')"

# A source that names no object is an error that names it.
mkdir -p "$L/src-none/song_data" "$L/src-none/log_data"
fresh sk_none
if mload sk_none "$L/src-none"; then fail "an empty source fails the load"; else
	assert_eq "an empty source fails the load, naming it" \
		"sk-fetch: $L/src-none/song_data: no objects (--allow-empty takes it as empty)
sk-load: sk-fetch: $L/src-none/song_data: no objects (--allow-empty takes it as empty)" \
		"$(grep '^sk-' "$L/sk_none.err")"
fi

# A 0-byte log file (an export that failed) fails the load, naming it, and
# nothing is recorded; with --allow-empty it is taken as empty, and recorded.
cp -a "$L/src-1-3" "$L/src-zero"
: >"$L/src-zero/log_data/2018/11/2018-11-02-zz.json"
fresh sk_zero
if mload sk_zero "$L/src-zero"; then fail "a 0-byte log file fails the load"; else
	assert_eq "a 0-byte log file fails the load, naming it; nothing recorded" \
		"sk-load: sk-events2tsv: $L/src-zero/log_data/2018/11/2018-11-02-zz.json: empty object (0 bytes) (--allow-empty takes it as empty)|0" \
		"$(grep '^sk-load' "$L/sk_zero.err")|$(PGDATABASE=sk_zero psql -X -tAc 'SELECT count(*) FROM sk_objects' 2>/dev/null || echo 0)"
fi
mload sk_zero "$L/src-zero" SKFLAGS=--allow-empty || fail "--allow-empty: a 0-byte log file" "$(cat "$L/sk_zero.err")"
assert_eq "--allow-empty: the 0-byte log file taken as empty, and recorded" "1" \
	"$(PGDATABASE=sk_zero psql -X -tAc "SELECT count(*) FROM sk_objects WHERE source LIKE '%-zz.json' AND size = 0")"

# A listing ends with its end line, so that one cut short (a lister
# killed, a copy in part) is refused by whatever reads it.
sk-fetch --list "$L/src-1-3/log_data" >"$L/listing"
assert_eq "a listing ends with the end-of-data line" '\.' "$(tail -n 1 "$L/listing")"
head -n 1 "$L/listing" >"$L/cut-listing"
run_captured "PGDATABASE=sk_all sk-copyin --unloaded '$L/cut-listing'"
assert_eq "sk-copyin --unloaded refuses a cut listing, naming it" "[stderr]
sk-copyin: $L/cut-listing: no end-of-data line \\.: the stream is incomplete (its producer failed, was killed or cut off, or writes none: see --no-end-line)
[exit 1]" "$OUT"
run_captured "sk-events2tsv -t users --files-from '$L/cut-listing'"
assert_eq "--files-from refuses a cut listing, naming it" "[stderr]
sk-events2tsv: $L/cut-listing: a listing without its end-of-data line \\.: cut short (its lister failed or was killed, or it was copied in part)
[exit 1]" "$OUT"
run_captured "PGDATABASE=sk_all sk-copyin --unloaded '$L/listing' | sk-events2tsv -q -t ts --files-from - | tail -n 1"
assert_eq "the objects --unloaded prints are a listing too, read by --files-from" '\.
[exit 0]' "$OUT"

# A file changed between its listing and its reading is refused, naming
# it: the record would name the listed version of other rows.
mkdir -p "$L/src-changed"
cp "$(ls "$L"/src-1-3/log_data/2018/11/*.json | head -n 1)" "$L/src-changed/day.json"
sk-fetch --list "$L/src-changed" >"$L/listing-changed"
run_captured "sk-events2tsv -q -t ts --files-from '$L/listing-changed' >/dev/null"
assert_eq "a file read as it was listed is read" "[exit 0]" "$OUT"
touch -d '2020-01-01 00:00:01' "$L/src-changed/day.json"
run_captured "sk-events2tsv -q -t ts --files-from '$L/listing-changed' >/dev/null"
assert_eq "a file changed since it was listed is refused, naming it: exit 3" \
	"sk-events2tsv: $L/src-changed/day.json: changed since it was listed|[exit 3]" \
	"$(sed -n 's/^\(sk-events2tsv: .*: changed since it was listed\) (.*/\1/p' <<<"$OUT")|$(tail -n 1 <<<"$OUT")"

# Two loads at once, disjoint days and overlapping days: both succeed, and
# leave the star of the six days.
for pair in "1-3 4-6" "1-5 3-6"; do
	set -- $pair
	fresh sk_two
	mload sk_two "$L/src-$1" & a=$!
	mload sk_two "$L/src-$2" & b=$!
	wait "$a"; ra=$?; wait "$b"; rb=$?
	assert_eq "two loads at once, days $1 and $2: both succeed" "0 0" "$ra $rb"
	assert_eq "two loads at once, days $1 and $2: the star of the six days, its summaries in step" \
		"$FULL|0 0 0 0 0|0" "$(star sk_two)|$(summary_mismatches sk_two)|$(unresolved_mismatches sk_two "$L/titles.tsv")"
done
# Four at once, of the same and of different days.
fresh sk_four
pids=""
for days in 1-3 4-6 1-5 1-6; do mload sk_four "$L/src-$days" & pids="$pids $!"; done
codes=""
for p in $pids; do wait "$p"; codes="$codes $?"; done
assert_eq "four loads at once (days 1-3, 4-6, 1-5, 1-6): all succeed, the star of the six days, in step" \
	" 0 0 0 0|$FULL|0 0 0 0 0|0" "$codes|$(star sk_four)|$(summary_mismatches sk_four)|$(
		unresolved_mismatches sk_four "$L/titles.tsv")"

# SIGKILL of a process of the load, or of its whole group, at several
# moments: the first and second of that process's runs (sk-copyin's
# first sifts a listing, its fourth loads, after the second sifting and
# the songs loaded so far), or after a delay for make and the group.  Nothing or everything is committed, and the record agrees;
# a rerun gives the full star.
K=$L/kill-bin  # the load's tools, one of them wrapped by stop_at_start
start_load() { # start_load [PARTS [SKBIN]]
	fresh sk_kill
	rm -f "$L/load.pid"
	setsid bash -c 'echo $$ >"$1/load.pid"; PGDATABASE=sk_kill exec make -s -C "$2" load \
		SRC="$1/src-1-6" SKBIN="$3" PARTS="$4" >/dev/null 2>&1' _ "$L" "$ROOT" "${2:-$SK_BIN}" "${1:-1}" &
	runner=$!
	for _ in $(seq 1 100); do [ -s "$L/load.pid" ] && break; sleep 0.01; done
	leader=$(cat "$L/load.pid")
}
# child_of PID NAME: PID's parent is a process named NAME.  Read from
# /proc with builtins: a fork per candidate made the matrix miss the
# short-lived processes it waits for.
child_of() {
	local stat ppid comm
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) } ppid=${stat#* } ppid=${ppid%% *}
	read -r comm 2>/dev/null <"/proc/$ppid/comm" && [ "$comm" = "$2" ]
}
# has_arg PID ARG: PID was started with ARG among its arguments.
has_arg() {
	local args
	mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" || return 1
	[[ " ${args[*]} " == *" $2 "* ]]
}
# kill_run NAME N: SIGKILL the Nth process of that name the load starts;
# kill_run NAME --ARG: the one started with --ARG (counting misses an
# earlier one that ended between looks).
kill_run() {
	local seen="" pid _
	for _ in $(seq 1 3000); do
		for pid in $(pgrep -s "$leader" -x "$1"); do
			case " $seen " in *" $pid "*) continue ;; esac
			# Not LeakSanitizer's tracer (the sanitizer build): a clone
			# of the process, under its name, which the process waits
			# for at exit, spinning for ever once it is killed.
			child_of "$pid" "$1" && continue
			case $2 in
			--*) has_arg "$pid" "$2" || continue ;;
			*) seen="$seen $pid"
				[ "$(wc -w <<<"$seen")" -lt "$2" ] && continue ;;
			esac
			kill -9 "$pid" 2>/dev/null && return 0
		done
		pgrep -s "$leader" >/dev/null || return 1
		sleep 0.005
	done
	return 1
}
# stop_at_start NAME WHICH: $K holds the tools, NAME's run WHICH (N: the
# Nth; --ARG: the first started with --ARG) wrapped to stop itself before
# the real tool starts.  The short-lived tools (a listing, a day's songs or
# times) can end between two looks of kill_run; stopped, none is missed.
stop_at_start() {
	rm -rf "$K" && mkdir -p "$K/runs" && cp "$SK_BIN"/sk-* "$K"/
	cat >"$K/$1" <<EOS
#!/bin/sh
n=1
while ! mkdir "$K/runs/\$n" 2>/dev/null; do n=\$((n + 1)); done
case "$2" in
--*) case " \$* " in *" $2 "*) mkdir "$K/runs/arg" 2>/dev/null && kill -STOP \$\$ ;; esac ;;
*) [ "\$n" = "$2" ] && kill -STOP \$\$ ;;
esac
exec "$SK_BIN/$1" "\$@"
EOS
	chmod +x "$K/$1"
}
# kill_stopped: SIGKILL the load's process that stopped itself.
kill_stopped() {
	local pid stat
	for _ in $(seq 1 3000); do
		for pid in $(pgrep -s "$leader"); do
			read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
			stat=${stat##*) }
			[ "${stat%% *}" = T ] && kill -9 "$pid" 2>/dev/null && return 0
		done
		pgrep -s "$leader" >/dev/null || return 1
		sleep 0.01
	done
	return 1
}

# The load streams: songplays flow into the COPY while the events filter
# runs (seen: the filter alive and the COPY into songplays active at once;
# before, the filters ended before sk-copyin began).
start_load
overlap=0
for _ in $(seq 1 3000); do
	pgrep -s "$leader" >/dev/null || break
	pgrep -s "$leader" -x sk-events2tsv >/dev/null || continue
	[ "$(PGDATABASE=sk_kill psql -X -tAc "SELECT count(*) FROM pg_stat_activity
		WHERE state = 'active' AND query LIKE 'COPY \"songplays\"%'")" = 1 ] || continue
	pgrep -s "$leader" -x sk-events2tsv >/dev/null && overlap=1 && break
done
wait "$runner"
assert_eq "the events filter streams songplays into the COPY as it runs" 1 "$overlap"

# Moments: NAME:N[/PARTS], killed while it runs; NAME:N:start[/PARTS],
# killed stopped at its start (stop_at_start).  With 2 parts, the second
# part's filter runs in the background, its files locked until it ends.  SK_FAULTS=full (make
# faults) adds the group and make at every tenth of an undisturbed load's
# time, in one part, two and three, and each part's filter of three.
moments="sk-fetch:1:start sk-fetch:2:start sk-copyin:1:start sk-copyin:--record
	sk-songs2tsv:1:start sk-events2tsv:1 sk-time:1:start make:0.2 make:0.6 group:0.2 group:0.6
	sk-events2tsv:1/2 sk-events2tsv:2/2 sk-time:1:start/2 group:0.4/2"
if [ "${SK_FAULTS:-}" = full ]; then
	fresh sk_kill
	began=$(date +%s.%N)
	mload sk_kill "$L/src-1-6" || fail "an undisturbed load, timed" "$(cat "$L/sk_kill.err")"
	took=$(echo "$(date +%s.%N) - $began" | bc)
	for tenth in 0.05 0.15 0.25 0.35 0.45 0.55 0.65 0.75 0.85 0.95; do
		t=$(printf '%.2f' "$(echo "$tenth * $took" | bc)")
		moments="$moments group:$t make:$t group:$t/2 make:$t/3"
	done
	moments="$moments sk-events2tsv:1/3 sk-events2tsv:2/3 sk-events2tsv:3/3 sk-copyin:--record/3"
fi
kills=0 missed=0 partial=0 bad_record=0 missed_at=""
for moment in $moments; do
	parts=1
	case $moment in */*) parts=${moment#*/} moment=${moment%/*} ;; esac
	case $moment in
	*:start) victim=${moment%%:*} at=${moment#*:} at=${at%:start}
		stop_at_start "$victim" "$at"; start_load "$parts" "$K"
		kill_stopped && hit=1 || hit=0 ;;
	*) victim=${moment%:*} at=${moment#*:}
		start_load "$parts"
		case $victim in
		make) sleep "$at"; kill -9 "$leader" 2>/dev/null && hit=1 || hit=0 ;;
		group) sleep "$at"; kill -9 -- "-$leader" 2>/dev/null && hit=1 || hit=0 ;;
		*) kill_run "$victim" "$at" && hit=1 || hit=0 ;;
		esac ;;
	esac
	wait "$runner" 2>/dev/null
	# What the group left running finishes (or not) on its own.
	for _ in $(seq 1 300); do pgrep -s "$leader" >/dev/null || break; sleep 0.1; done
	if [ "$hit" = 1 ]; then kills=$((kills + 1))
	else missed=$((missed + 1)) missed_at="$missed_at $moment/$parts"; fi
	objects=$(PGDATABASE=sk_kill psql -X -tAc "SELECT count(*) FROM sk_objects" 2>/dev/null || echo 0)
	now=$(star sk_kill)
	plays=$(PGDATABASE=sk_kill psql -X -tAc "SELECT count(*) FROM songplays" 2>/dev/null || echo 0)
	if [ "$now" != "$FULL" ] && [ "$plays" != 0 ]; then partial=$((partial + 1)); fi
	if [ "$objects" != 0 ] && [ "$now" != "$FULL" ]; then bad_record=$((bad_record + 1)); fi
	mload sk_kill "$L/src-1-6" || fail "after killing $moment: the rerun" "$(cat "$L/sk_kill.err")"
	[ "$(star sk_kill)" = "$FULL" ] || fail "after killing $moment: the rerun gives the full star"
done
assert_eq "SIGKILL of every process of the load and of the group, $kills kills ($missed missed): nothing partial, the record agrees" \
	"0 0" "$partial $bad_record"
# A process stopped at its start waits for its kill: none is missed.  One
# killed as it runs, or make and the group after a delay, may have ended
# within the 5 ms between looks: a few may be.
case $missed_at in
*:start/*) fail "the kills at a start found their processes" "missed:$missed_at" ;;
*) pass "the kills at a start found their processes" ;;
esac
[ "$missed" -le $((kills / 4 + 1)) ] && pass "the kills found their processes running" ||
	fail "the kills found their processes running" "$missed of $((kills + missed)) missed:$missed_at"
# Faults in the database, mid-COPY of songplays: the load's backend
# terminated, a statement timeout, the server stopped with -m immediate
# (then started again).  Each fails the load, commits nothing (the star is
# empty, the record too), and the next load gives the full star.
wait_for_copy() { # true once the load's COPY into songplays runs
	for _ in $(seq 1 3000); do
		[ "$(PGDATABASE=sk_kill psql -X -tAc "SELECT count(*) FROM pg_stat_activity
			WHERE state = 'active' AND query LIKE 'COPY \"songplays\"%'" 2>/dev/null)" = 1 ] &&
			return 0
		pgrep -s "$leader" >/dev/null || return 1
	done
	return 1
}
db_fault() { # db_fault NAME: the load after the fault, and the rerun
	wait "$runner"; local rc=$?
	local plays objects
	plays=$(PGDATABASE=sk_kill psql -X -tAc "SELECT count(*) FROM songplays" 2>/dev/null || echo 0)
	objects=$(PGDATABASE=sk_kill psql -X -tAc "SELECT count(*) FROM sk_objects" 2>/dev/null || echo 0)
	assert_eq "$1: the load fails and commits nothing" "failed 0 0" \
		"$([ "$rc" != 0 ] && echo failed || echo "exit 0") ${plays:-0} ${objects:-0}"
	mload sk_kill "$L/src-1-6" || fail "$1: the rerun" "$(cat "$L/sk_kill.err")"
	assert_eq "$1: the rerun gives the full star" "$FULL" "$(star sk_kill)"
}
start_load
if wait_for_copy; then
	PGDATABASE=sk_kill psql -X -qAtc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query LIKE 'COPY \"songplays\"%'" >/dev/null
	db_fault "the load's backend terminated mid-COPY"
else fail "the load's backend terminated mid-COPY: the COPY was seen"; fi

fresh sk_kill
PGDATABASE=sk_kill PGOPTIONS="-c statement_timeout=20" make -s -C "$ROOT" load SRC="$L/src-1-6" \
	SKBIN="$SK_BIN" >"$L/timeout.out" 2>"$L/timeout.err" & runner=$!
db_fault "a statement timeout"
grep -q 'canceling statement due to statement timeout' "$L/timeout.err" &&
	pass "a statement timeout: sk-copyin says so" ||
	fail "a statement timeout: sk-copyin says so" "$(cat "$L/timeout.err")"

start_load
if wait_for_copy; then
	pg_as_owner "$(pg_bindir)/pg_ctl" -D "$(pg_home "$PG_DIR")/data" -m immediate stop >/dev/null 2>&1
	wait "$runner"; rc=$?
	pg_start "$PG_DIR" >/dev/null 2>&1 || fail "the server starts again after -m immediate"
	( exit "$rc" ) & runner=$!
	db_fault "the server stopped with -m immediate mid-COPY"
else fail "the server stopped with -m immediate mid-COPY: the COPY was seen"; fi

# The scratch space full: every file the load writes limited to 64 KiB
# (ulimit -f), as a full disk would cut it.  The load fails, commits
# nothing; the next one, with room, loads everything.
fresh sk_kill
( ulimit -f 64; PGDATABASE=sk_kill exec make -s -C "$ROOT" load SRC="$L/src-1-6" PARTS=2 \
	SKBIN="$SK_BIN" >"$L/full.out" 2>"$L/full.err" ) & runner=$!
db_fault "the scratch space full (files cut at 64 KiB)"

mload sk_kill "$L/src-1-6" || fail "one more load" "$(cat "$L/sk_kill.err")"
assert_eq "the next load removes the scratch directories killed loads left" "" \
	"$(ls -d "$L"/tmp/sk-load.* 2>/dev/null)"

# The catalogue loaded so far is fetched beside the listing (sk-load's
# fetch_catalogue): its failure ends the load with its own message and
# status, before anything is written; a load with no log object to read
# stops it and still ends well.
W=$L/wrapped-bin
rm -rf "$W" && mkdir -p "$W" && cp "$SK_BIN"/sk-* "$W"/
cat >"$W/sk-copyin" <<EOS
#!/bin/sh
case " \$* " in *" --songs-loaded "*)
	sleep 0.3; echo "sk-copyin: the catalogue cannot be read (a test)" >&2; exit 5 ;;
esac
exec "$SK_BIN/sk-copyin" "\$@"
EOS
fresh sk_catalogue
PGDATABASE=sk_catalogue "$SK_BIN/sk-load" -q "$L/src-1-3" >/dev/null 2>"$L/catalogue.err" ||
	fail "the first three days" "$(cat "$L/catalogue.err")"
before=$(PGDATABASE=sk_catalogue psql -X -tAc "SELECT count(*) FROM songplays")
run_captured "PGDATABASE=sk_catalogue '$W/sk-load' -q '$L/src-1-6'"
assert_eq "the catalogue's failure ends the load: its message last, its status" \
	"sk-load: sk-copyin: the catalogue cannot be read (a test)
[exit 5]" "$(printf '%s\n' "$OUT" | tail -n 2)"
assert_eq "... and nothing of days 4 to 6 is loaded" "$before" \
	"$(PGDATABASE=sk_catalogue psql -X -tAc "SELECT count(*) FROM songplays")"
run_captured "PGDATABASE=sk_catalogue '$W/sk-load' -q '$L/src-1-3'"
case $OUT in
*"catalogue cannot be read"*) fail "a load with no log object to read needs no catalogue: it is stopped, unheard" "$OUT" ;;
*"objects: 0 new, 0 changed, "*" unchanged"$'\n'"[exit 0]")
	pass "a load with no log object to read needs no catalogue: it is stopped, unheard" ;;
*) fail "a load with no log object to read needs no catalogue: it is stopped, unheard" "$OUT" ;;
esac

export PGDATABASE=sk
unset TMPDIR
