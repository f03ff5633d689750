#!/usr/bin/env bash
# statements.sh — where the first load's time goes, against its floor's
# (make bench-statements): one sk load into an empty database (make -jN
# load, as make bench times it) and one run of the floor (bench/floor.sh)
# on bench/data.sh's data, each with every statement logged by the server
# (log_min_duration_statement = 0).  Prints, per table and kind of
# statement (COPY, keys and indexes, foreign keys), the seconds each spent
# in its transaction's statements, and the time around them: before the
# transaction's first statement, between statements (the client's own
# work, or waiting for its input), after the last.  Writes statements.md
# and the two logs under tmp/bench/statements/.  It measures; it asserts
# nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTS=$ROOT/tests
B=$ROOT/tmp/bench
. "$TESTS/pg.sh"
. "$ROOT/bench/data.sh"
. "$ROOT/bench/floor.sh"
pg_start "$B/pg"
PG=$PGHOST  # the cluster's directory: its socket and server.log
trap 'pg_stop "$B/pg"' EXIT
S=$B/statements
rm -rf "$S" && mkdir -p "$S"

now() { date -u +%s.%N; }
# logged NAME CMD...: CMD run with every statement of sk_bench logged; its
# part of the server's log in $S/NAME.log, its start and end in
# $S/NAME.wall (seconds since the epoch).
logged() {
	local name=$1 from t0
	shift
	psql -X -qc "ALTER DATABASE sk_bench SET log_min_duration_statement = 0"
	from=$(stat -c %s "$PG/server.log")
	t0=$(now)
	"$@" >/dev/null 2>"$S/err" || { echo "bench: $* failed:" >&2; tail -n 5 "$S/err" >&2; exit 1; }
	echo "$t0 $(now)" >"$S/$name.wall"
	tail -c +"$((from + 1))" "$PG/server.log" >"$S/$name.log"
	psql -X -qc "ALTER DATABASE sk_bench RESET log_min_duration_statement"
}

fresh_db
logged load make -s -j"$(nproc)" -C "$ROOT" load SRC="$DATA"
floor_prepare
keyless_db
logged floor psql -X -q -v ON_ERROR_STOP=1 -f "$F/floor.sql"

# seconds NAME: "N CLASS<TAB>SECONDS" lines (N orders the table) for the
# transaction that COPYed into songplays: its statements by class
# (statements.awk), and the time before, between and after them.
seconds() {
	local wall0 wall1 first first_took last spent
	read -r wall0 wall1 <"$S/$1.wall"
	awk -f "$ROOT/bench/statements.awk" "$S/$1.log" "$S/$1.log" >"$S/$1.raw"
	first=$(date -d "$(awk -F'\t' '$1 == "first" { print $2 }' "$S/$1.raw")" +%s.%N)
	first_took=$(awk -F'\t' '$1 == "first" { print $3 }' "$S/$1.raw")
	last=$(date -d "$(awk -F'\t' '$1 == "last" { print $2 }' "$S/$1.raw")" +%s.%N)
	grep -v -e '^first' -e '^last' "$S/$1.raw" | sed 's/^/1 /'
	spent=$(grep -v -e '^first' -e '^last' "$S/$1.raw" | awk -F'\t' '{ s += $2 } END { print s }')
	awk -v w0="$wall0" -v w1="$wall1" -v f="$first" -v ft="$first_took" -v l="$last" \
		-v spent="$spent" 'BEGIN {
		printf "0 before its first statement\t%.3f\n", f - ft - w0
		printf "2 between its statements (the client at work, or waiting for input)\t%.3f\n",
			l - (f - ft) - spent
		printf "3 after its last statement\t%.3f\n", w1 - l
		printf "4 the whole run\t%.3f\n", w1 - w0 }'
}
TAB=$(printf '\t')
seconds load | sort -t "$TAB" -k1,1 >"$S/load.tsv"
seconds floor | sort -t "$TAB" -k1,1 >"$S/floor.tsv"
{
	echo "| the transaction that COPYs songplays | sk's load (s) | the floor (s) |"
	echo "|---|---|---|"
	join -t "$TAB" -a 1 -a 2 -e 0 -o 0,1.2,2.2 "$S/load.tsv" "$S/floor.tsv" |
		sort -t "$TAB" -k1.1,1.1n -k2,2gr |
		awk -F'\t' '$2 >= 0.005 || $3 >= 0.005 {
			printf "| %s | %.2f | %.2f |\n", substr($1, 3), $2, $3 }'
} | tee "$S/statements.md"
