#!/usr/bin/env bash
# citus.sh — the load on Citus against plain PostgreSQL (make bench CITUS=1):
# the same generated data, `make -jN load` into an empty star on one server
# and on a coordinator with two workers (all on this machine, as the tests
# run them), then a day added to each.  Reports wall time, rows/s, and where
# the time goes: CPU seconds of each server (its backends, reaped by its
# postmaster) and of sk's tools, and the rows each worker holds.  Writes
# tmp/bench/citus.md.  It measures; it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/tmp/bench
. "$ROOT/tests/pg.sh"
citus_available || { echo "bench: Citus is not installed (../shared/citus/install.sh, as root)" >&2; exit 1; }
. "$ROOT/bench/data.sh"
# All days but the last, then the last added: a first load and a daily one.
GROW=$B/citus-grow
JOBS=$(nproc)

# CPU seconds (user + system) a postmaster and the backends it reaped used.
server_cpu() {
	local pid
	pid=$(head -n 1 "$1/data/postmaster.pid")
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15 + $16 + $17) / hz }' "/proc/$pid/stat"
}
# load NAME SERVERS...: make -jN load into GROW; prints seconds, tools' CPU,
# and each server's CPU during it.
load() {
	local name=$1 before=() after=() i=0 dir
	shift
	for dir in "$@"; do before+=("$(server_cpu "$dir")"); done
	/usr/bin/time -f "%e %U %S" -o "$B/citus.time" make -s -j"$JOBS" -C "$ROOT" load SRC="$GROW" \
		>"$B/citus.out" 2>"$B/citus.err" || { echo "bench: $name failed:" >&2; tail -n 5 "$B/citus.err" >&2; exit 1; }
	sleep 1 # the backends exit and are reaped
	for dir in "$@"; do after+=("$(server_cpu "$dir")"); done
	read -r secs user sys <"$B/citus.time"
	printf '| %s | %s | %s |' "$name" "$secs" "$(echo "$user + $sys" | bc)"
	for dir in "$@"; do
		printf ' %s |' "$(echo "${after[$i]} - ${before[$i]}" | bc)"
		i=$((i + 1))
	done
	echo
}
grow_first() {
	rm -rf "$GROW" && mkdir -p "$GROW/log_data/2018/11"
	ln -s "$DATA/song_data" "$GROW/song_data"
	ls "$DATA"/log_data/*/*/*.json | head -n -1 | xargs -I{} ln -s {} "$GROW/log_data/2018/11/"
}
grow_last() { ln -s "$(ls "$DATA"/log_data/*/*/*.json | tail -n 1)" "$GROW/log_data/2018/11/"; }

{
	echo "# sk load on Citus against plain PostgreSQL"
	echo
	echo "$SONGS songs, $EVENTS events ($(cat "$DATA"/log_data/*/*/*.json | wc -c) bytes of events), make -j$JOBS load, $(nproc) cores for all nodes."
	echo
	echo "| load | wall s | sk's tools CPU s | server CPU s | | |"
	echo "|---|---|---|---|---|---|"
	pg_start "$B/pg" >/dev/null
	dropdb --if-exists sk_citus_bench 2>/dev/null; createdb sk_citus_bench
	export PGDATABASE=sk_citus_bench
	PG_HOME=$(pg_home "$B/pg")
	grow_first; load "plain PostgreSQL: 29 days into an empty star" "$PG_HOME"
	grow_last; load "plain PostgreSQL: day 30 added" "$PG_HOME"
	PLAIN_PLAYS=$(psql -X -tAc "SELECT count(*) FROM songplays")
	pg_stop "$B/pg"

	citus_start "$B/citus" >/dev/null
	citus_drop_star
	citus_distribute >/dev/null
	NODES=("$(pg_home "$B/citus/coordinator")" "$(pg_home "$B/citus/worker1")" "$(pg_home "$B/citus/worker2")")
	echo "| (Citus: coordinator, worker 1, worker 2) | | | coordinator | worker 1 | worker 2 |"
	grow_first; load "Citus: 29 days into an empty star" "${NODES[@]}"
	grow_last; load "Citus: day 30 added" "${NODES[@]}"
	echo
	echo "songplays: $PLAIN_PLAYS on plain PostgreSQL, $(psql -X -tAc "SELECT count(*) FROM songplays") on Citus; per worker:"
	echo
	psql -X -tAF ' ' -c "SELECT nodeport, count(*) AS shards, pg_size_pretty(sum(shard_size))
		FROM citus_shards WHERE table_name = 'songplays'::regclass GROUP BY 1 ORDER BY 1" |
		sed 's/^/    port /'
	citus_stop "$B/citus"
} | tee "$B/citus.md"
