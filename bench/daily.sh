#!/usr/bin/env bash
# daily.sh — the daily load's benchmark (make bench-daily; make bench runs
# it after run.sh): the last day of bench/data.sh's data added by sk-load
# to a star of the days before it, as a nightly job adds it, against that
# day's floor (bench/dayfloor.sh: the rows the day added COPYed into a
# copy of the same star, its keys and foreign keys in place).  Each step
# the median of BENCH_RUNS (3), on a fresh copy of the star of the days
# before, after a CHECKPOINT.  Prints the day's seconds, the first load's,
# the day over its floor and over the first load, and the floor over the
# first load; writes daily.tsv and daily.md under tmp/bench/.  It
# measures; it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTS=$ROOT/tests
B=$ROOT/tmp/bench
. "$TESTS/pg.sh"
. "$ROOT/bench/data.sh"
pg_start "$B/pg" >/dev/null
trap 'pg_stop "$B/pg"' EXIT
D=$B/daily
rm -rf "$D" && mkdir -p "$D"

# The source of the days before: the data's files, linked, but the last
# day's; the last day is linked in for the daily load, as it would arrive.
LAST=$(find "$DATA/log_data" -name '*.json' | sort | tail -n 1)
DAY=$(basename "$LAST" | cut -c1-10)
SRC=$D/src
mkdir -p "$SRC" && cp -al "$DATA/song_data" "$DATA/log_data" "$SRC/"
SRC_LAST=$SRC/log_data/${LAST#"$DATA"/log_data/}
rm "$SRC_LAST"

. "$ROOT/bench/seconds.sh"
. "$ROOT/bench/dayfloor.sh"
copy_of_before() { # the star of the days before, afresh, as sk_daily
	dropdb --if-exists sk_daily 2>/dev/null; createdb -T sk_before sk_daily
	psql -X -qc CHECKPOINT -d sk_daily
}
load() { PGDATABASE=$1 "$ROOT/bin/sk-load" -q -j "$(nproc)" "$SRC"; }

# The star of the days before, timed as the first load.
firsts=()
for ((i = 0; i < ${BENCH_RUNS:-3}; i++)); do
	dropdb --if-exists sk_before 2>/dev/null; createdb sk_before
	firsts+=("$(seconds load sk_before)")
done
echo "# first load of the days before $DAY: ${firsts[*]} s" >&2

# The day, added by sk-load.
days=()
for ((i = 0; i < ${BENCH_RUNS:-3}; i++)); do
	copy_of_before
	ln "$LAST" "$SRC_LAST"
	days+=("$(seconds load sk_daily)")
	rm "$SRC_LAST"
done
echo "# sk-load of $DAY onto the days before: ${days[*]} s" >&2

# The day's floor: the rows the day added, from the star sk's daily load
# left, COPYed into a copy of the star of the days before.
day_rows sk_before sk_daily "$DAY"
floor=$(day_floor sk_before)

first=$(median "${firsts[@]}") day=$(median "${days[@]}")
rows=$(wc -l <"$D/songplays.tsv")
{
	printf 'way\tseconds\tplays\n'
	printf 'sk-load of the days before %s (first load)\t%s\t-\n' "$DAY" "$first"
	printf 'sk-load of %s onto them (daily load)\t%s\t%s\n' "$DAY" "$day" "$rows"
	printf "the day's floor: its rows COPYed into the keyed star\t%s\t%s\n" "$floor" "$rows"
} >"$B/daily.tsv"
{
	echo "The daily load: $DAY ($(wc -c <"$LAST" | awk '{ printf "%.0f", $1 / 1e6 }') MB of events, $rows plays) added to the days before it; medians of ${BENCH_RUNS:-3}"
	echo
	echo "| way | seconds | plays/s |"
	echo "|---|---|---|"
	tail -n +2 "$B/daily.tsv" | awk -F'\t' '{ printf "| %s | %.2f | %s |\n", $1, $2, $3 == "-" ? "-" : sprintf("%.0f", $3 / $2) }'
	echo
	echo "the day / the first load: $(echo "scale=1; 100 * $day / $first" | bc)%; the day / its floor: $(echo "scale=2; $day / $floor" | bc)×"
	# What the first goal can be at this scale: no load of the day beats
	# its floor.
	echo "its floor / the first load: $(echo "scale=1; 100 * $floor / $first" | bc)%"
} | tee "$B/daily.md"
