#!/usr/bin/env bash
# year.sh — whether a day costs the same after a year as after a month
# (make bench-year): bench/gen's year (100,000 songs, 10,000,000 events
# over 365 days, seed 5), its first 29 days loaded by sk-load and then day
# 30 added, and its first 364 days loaded and then day 365 added; each
# day against its own floor (bench/dayfloor.sh), so that what the server
# pays for a larger star shows apart from what sk adds.  Each step the
# median of BENCH_RUNS (3), on a fresh copy of the star of the days
# before, after a CHECKPOINT.  Prints both days' seconds, plays and
# floors, and their ratios; writes year.tsv and year.md under tmp/bench/.
# It measures; it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/tmp/bench
D=$B/year
. "$ROOT/tests/pg.sh"
. "$ROOT/bench/seconds.sh"
. "$ROOT/bench/dayfloor.sh"
pg_start "$B/pg" >/dev/null
trap 'pg_stop "$B/pg"' EXIT
rm -rf "$D" && mkdir -p "$D"
DATA=$B/data-year
if [ ! -d "$DATA/log_data" ]; then
	echo "# generating a year: 100000 songs, 10000000 events" >&2
	"$ROOT/build/gen" --songs 100000 --events 10000000 --days 365 --seed 5 -o "$DATA.tmp"
	mv "$DATA.tmp" "$DATA"
fi
mapfile -t FILES < <(find "$DATA/log_data" -name '*.json' | sort)

# source N: the songs and the first N days' log files, linked.
source_of() {
	local dir=$D/src-$1 f
	mkdir -p "$dir/log_data"
	ln -sfn "$DATA/song_data" "$dir/song_data"
	for f in "${FILES[@]:0:$1}"; do ln -f "$f" "$dir/log_data/"; done
}
load() { PGDATABASE=$1 "$ROOT/bin/sk-load" -q -j "$(nproc)" "$2"; }

# day_after N: the star of the first N days, then day N+1 added, timed;
# prints "seconds plays floor" of the day.
day_after() {
	local n=$1 day=${FILES[$1]} runs=() i
	source_of "$n"
	dropdb --if-exists sk_days 2>/dev/null; createdb sk_days
	load sk_days "$D/src-$n" >/dev/null 2>"$D/err" || { cat "$D/err" >&2; exit 1; }
	for ((i = 0; i < ${BENCH_RUNS:-3}; i++)); do
		dropdb --if-exists sk_day 2>/dev/null; createdb -T sk_days sk_day
		psql -X -qc CHECKPOINT -d sk_day
		ln -f "$day" "$D/src-$n/log_data/"
		runs+=("$(seconds load sk_day "$D/src-$n")")
		rm "$D/src-$n/log_data/$(basename "$day")"
	done
	echo "# day $((n + 1)) after $n days: ${runs[*]} s" >&2
	day_rows sk_days sk_day "$(basename "$day" | cut -c1-10)"
	echo "$(median "${runs[@]}") $(wc -l <"$D/songplays.tsv") $(day_floor sk_days)"
}

read -r month month_plays month_floor < <(day_after 29)
read -r year year_plays year_floor < <(day_after 364)
{
	printf 'way\tseconds\tplays\tfloor\n'
	printf 'day 30 added to days 1-29\t%s\t%s\t%s\n' "$month" "$month_plays" "$month_floor"
	printf 'day 365 added to days 1-364\t%s\t%s\t%s\n' "$year" "$year_plays" "$year_floor"
} >"$B/year.tsv"
{
	echo "A day after a month and after a year: bench/gen's year ($(du -sm "$DATA/log_data" | cut -f1) MB of events), medians of ${BENCH_RUNS:-3}"
	echo
	echo "| way | seconds | plays | plays/s | its floor (s) | the day / its floor |"
	echo "|---|---|---|---|---|---|"
	tail -n +2 "$B/year.tsv" | awk -F'\t' '{ printf "| %s | %.2f | %s | %.0f | %.2f | %.2f× |\n", $1, $2, $3, $3 / $2, $4, $2 / $4 }'
	echo
	awk -v y="$year" -v m="$month" -v yp="$year_plays" -v mp="$month_plays" \
		-v yf="$year_floor" -v mf="$month_floor" 'BEGIN {
		printf "the day after a year / the day after a month: %.2f× in seconds, %.2f× a play\n",
			y / m, (y / yp) / (m / mp)
		printf "their floors: %.2f× in seconds, %.2f× a play\n", yf / mf, (yf / yp) / (mf / mp) }'
} | tee "$B/year.md"
