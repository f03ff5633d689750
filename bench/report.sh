#!/usr/bin/env bash
# report.sh — sk-report at scale (make bench-report [SCALE=2M|10M]
# [SERVERS=plain|citus]): the
# generated data of bench/data.sh loaded into an empty star (make -jN load)
# on plain PostgreSQL and, where Citus is installed, on a coordinator with
# two workers; after VACUUM ANALYZE, the whole report (sk-report -f tsv,
# two sessions) against one hourly count over songplays, which is what a
# report costs at the least without summaries.  Each timed 5 times; the
# median is kept.  Writes tmp/bench/report.md.  It measures; it asserts
# nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/tmp/bench
. "$ROOT/tests/pg.sh"
. "$ROOT/bench/data.sh"
JOBS=$(nproc)
# SERVERS=plain or citus: one of the two only.
SERVERS=${SERVERS:-both}
# The tools and questions as they are now, copied: a build during the run
# changes nothing measured.
T=$B/report-tools
rm -rf "$T" && mkdir -p "$T" && cp "$ROOT"/bin/sk-* "$T/" && cp -r "$ROOT/sql/report" "$T/questions"
export SK_REPORT_SQL=$T/questions
HOURLY="SELECT extract(hour FROM start_time) AS hour, count(*) FROM songplays GROUP BY 1"

# median_of CMD...: the median wall seconds of 5 runs, output discarded.
median_of() {
	local i s
	for i in 1 2 3 4 5; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		echo "$(date +%s.%N) - $s" | bc
	done | sort -n | sed -n 3p
}

# measure NAME: the load, then the report and the hourly count, as a row.
measure() {
	local s load report hourly slowest
	s=$(date +%s.%N)
	make -s -j"$JOBS" -C "$ROOT" load SRC="$DATA" SKBIN="$T" >"$B/report-load.out" 2>"$B/report-load.err" ||
		{ echo "bench: $1: the load failed:" >&2; tail -n 5 "$B/report-load.err" >&2; exit 1; }
	load=$(echo "$(date +%s.%N) - $s" | bc)
	psql -X -q -c "VACUUM ANALYZE"
	report=$(median_of "$T/sk-report" -f tsv)
	hourly=$(median_of psql -X -q -c "$HOURLY")
	# The slowest question alone, one session.
	slowest=$(for q in $("$T/sk-report" --list | cut -f1); do
		printf '%s %s\n' "$(median_of "$T/sk-report" -f tsv -j 1 "$q")" "$q"; done |
		sort -n | tail -n 1)
	printf '| %s | %s | %.1f | %.2f | %.2f | %.1f× | %.2f s (%s) |\n' "$1" \
		"$(psql -X -tAc "SELECT count(*) FROM songplays")" "$load" "$report" "$hourly" \
		"$(echo "$report / $hourly" | bc -l)" "${slowest% *}" "${slowest#* }"
}

{
	echo "# sk-report at scale"
	echo
	echo "$SONGS songs, $EVENTS events, 30 days; make -j$JOBS load into an empty star, VACUUM ANALYZE,"
	echo "then \`sk-report -f tsv\` (all $(ls "$ROOT"/sql/report/*.sql | wc -l) questions, -j 2) against"
	echo "\`psql -c \"$HOURLY\"\`; medians of 5 runs, $(nproc) cores for everything."
	echo
	echo "| server | songplays | load s | report s | hourly count s | report / count | slowest question alone |"
	echo "|---|---|---|---|---|---|---|"
	if [ "$SERVERS" != citus ]; then
		pg_start "$B/pg" >/dev/null
		dropdb --if-exists sk_report_bench 2>/dev/null; createdb sk_report_bench
		export PGDATABASE=sk_report_bench
		measure "plain PostgreSQL"
		dropdb sk_report_bench
		pg_stop "$B/pg"
	fi
	if [ "$SERVERS" = plain ]; then
		:
	elif citus_available; then
		citus_start "$B/citus" >/dev/null
		citus_drop_star
		citus_distribute >/dev/null
		measure "Citus, 2 workers"
		citus_drop_star
		citus_stop "$B/citus"
	else
		echo
		echo "Citus is not installed here (../shared/citus/install.sh, as root): plain PostgreSQL only."
	fi
} | tee "$B/report.md"
