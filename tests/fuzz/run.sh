#!/usr/bin/env bash
# run.sh SECONDS [HARNESS...] — runs each libFuzzer harness of build/fuzz
# (make fuzz-build) for SECONDS, on a corpus kept under tmp/fuzz/ and
# seeded from tests/fuzz/seeds/ and the project's own data, and replays
# every input of tests/fuzz/crashes/HARNESS/ (the crashes found so far,
# kept as tests).  Prints each harness's executions and what it found;
# exits 1 when a harness crashed.  A crash's input is left in
# tmp/fuzz/crash-HARNESS-*: fix the bug, then move it into
# tests/fuzz/crashes/HARNESS/.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
F=$ROOT/tmp/fuzz
SECONDS_EACH=${1:-10}
shift
HARNESSES=${*:-json fields records time copy xml aws}
mkdir -p "$F"

# seed NAME: the seed directory of a harness, made from tracked files.
seed() {
	local dir=$F/seeds/$1 ex=$ROOT/examples
	rm -rf "$dir" && mkdir -p "$dir"
	[ -d "$ROOT/tests/fuzz/seeds/$1" ] && cp "$ROOT/tests/fuzz/seeds/$1"/* "$dir/"
	case $1 in
	json | fields)
		find "$ex/log_data" -name '*.json' -exec cat {} + | head -n 20 | split -l 1 - "$dir/event-"
		find "$ex/song_data" -name '*.json' | head -n 5 | xargs -I{} cp {} "$dir/"
		split -l 1 "$ROOT/tests/data/events/bad.json" "$dir/bad-" ;;
	records)
		find "$ex/log_data" -name '*.json' | head -n 2 | xargs -I{} cp {} "$dir/"
		find "$ex/song_data" -name '*.json' | head -n 2 | xargs -I{} cp {} "$dir/"
		cp "$ROOT/tests/data/events/bad.json" "$ROOT/tests/data/events/framing.json" "$dir/"
		cp "$ROOT/tests/data/songs/pretty-bad.json" "$dir/"
		head -c 2000 "$(find "$ex/log_data" -name '*.json' | head -n 1)" | gzip >"$dir/events.gz"
		command -v zstd >/dev/null && head -c 2000 "$(find "$ex/log_data" -name "*.json" | head -n 1)" | zstd -q >"$dir/events.zst" ;;
	time)
		"$ROOT/bin/sk-events2tsv" -q -t ts -l /dev/null "$ex/log_data" >"$dir/ts.tsv" 2>/dev/null
		printf '1541105830796\tx\n\\N\n-62135596800000\n253402300799999\n\\.\n' >"$dir/edges.tsv" ;;
	copy)
		local e=$ROOT/tests/expected/examples
		{ printf '\0'; cut -f2- "$e/songplays.tsv"; printf '\\.\n'; } >"$dir/songplays"
		{ printf '\1'; cat "$e/songs.tsv"; printf '\\.\n'; } >"$dir/songs"
		{ printf '\2'; cat "$e/artists.tsv"; printf '\\.\n'; } >"$dir/artists"
		{ printf '\3'; "$ROOT/bin/sk-events2tsv" -q -t unresolved -l /dev/null "$ex/log_data"; } \
			>"$dir/unresolved" 2>/dev/null
		{ printf '\4'; cut -f2- "$e/songplays.tsv"; printf '\\.\n'; } >"$dir/songplays-capped" ;;
	esac
}

crashed=0
for h in $HARNESSES; do
	bin=$ROOT/build/fuzz/fuzz-$h
	[ -x "$bin" ] || { echo "fuzz: $bin is missing (make fuzz-build)" >&2; exit 2; }
	seed "$h"
	mkdir -p "$F/corpus/$h"
	known=$ROOT/tests/fuzz/crashes/$h
	if [ -d "$known" ] && [ -n "$(ls -A "$known")" ]; then
		if ! "$bin" "$known"/* >"$F/$h.replay" 2>&1; then
			echo "fuzz: $h: a crash kept in tests/fuzz/crashes/$h crashes again:"
			tail -n 20 "$F/$h.replay"
			crashed=1
		fi
	fi
	"$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$F/crash-$h-" "$F/corpus/$h" "$F/seeds/$h" >"$F/$h.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$F/$h.log")
	inputs=$(ls "$F/corpus/$h" | wc -l)
	if [ "$rc" = 0 ]; then
		echo "fuzz: $h: ${execs:-0} executions in ${SECONDS_EACH} s, corpus of $inputs inputs, no crash"
	else
		echo "fuzz: $h: CRASH after ${execs:-?} executions (input: $(ls "$F"/crash-"$h"-* 2>/dev/null | head -n 1)):"
		grep -E 'ERROR|SUMMARY|#[0-9] ' "$F/$h.log" | head -n 12
		crashed=1
	fi
done
exit "$crashed"
