#!/usr/bin/env bash
# fetch.sh — the extract step's benchmark (make bench-fetch): the same small
# objects fetched from a local S3-compatible server (s3rver on 127.0.0.1)
# by sk-fetch, by `aws s3 cp --recursive` (Debian's awscli) and by
# `rclone copy` (Debian's rclone), in one run.  Reports objects/s, MB/s and
# peak RSS of each, and each peer's time as a multiple of sk-fetch's.
# N=15000 objects by default.  Not a test: it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTS=$ROOT/tests
N=${N:-15000}
B=$ROOT/tmp/bench-fetch
. "$TESTS/s3.sh"
for t in /usr/bin/aws /usr/bin/rclone /usr/bin/time; do
	[ -x "$t" ] || { echo "bench: $t is missing (apt-get install awscli rclone time)" >&2; exit 1; }
done

rm -rf "$B" && mkdir -p "$B/objects"
s3_start "$B/s3"
trap 's3_stop "$B/s3"' EXIT

# Song-sized objects (about 250 bytes), in a song_data-like tree.
echo "# making and putting $N objects (once per run; this takes a while)" >&2
for ((i = 0; i < N; i++)); do
	d=$B/objects/$((i % 26))/$((i / 26 % 26))
	[ -d "$d" ] || mkdir -p "$d"
	printf '{"artist_id":"AR%016d","artist_latitude":null,"artist_location":"","artist_longitude":null,"artist_name":"Artist %d","duration":%d.%05d,"num_songs":1,"song_id":"SO%016d","title":"Song number %d","year":%d}\n' \
		"$i" "$i" $((100 + i % 300)) $((i % 99999)) "$i" "$i" $((1950 + i % 70)) >"$d/TR$i.json"
done
s3_put "$B/objects" bench/
bytes=$(find "$B/objects" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

# measure NAME COMMAND: wall seconds and peak RSS (kB) of one run.
measure() {
	local name=$1
	shift
	rm -rf "$B/out" && mkdir -p "$B/out"
	/usr/bin/time -f "%e %M" -o "$B/time" "$@" >"$B/stdout" 2>"$B/err" || {
		echo "bench: $name failed:" >&2; cat "$B/err" >&2; exit 1; }
	# Each must really have fetched every object.
	got=$( [ "$name" = sk-fetch ] && wc -l <"$B/stdout" || find "$B/out" -type f | wc -l)
	[ "$got" -eq "$N" ] || { echo "bench: $name brought $got of $N objects" >&2; exit 1; }
	read -r secs rss <"$B/time"
	printf '%s\t%s\t%s\n' "$name" "$secs" "$rss" >>"$B/raw.tsv"
}

: >"$B/raw.tsv"
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other
export RCLONE_CONFIG_BENCH_ENDPOINT=$AWS_ENDPOINT_URL RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=S3RVER
export RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=S3RVER RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
measure sk-fetch "$ROOT/bin/sk-fetch" -q s3://skb/bench/
measure "aws s3 cp" /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" s3 cp --recursive --only-show-errors s3://skb/bench/ "$B/out"
# --fast-list: rclone's folder-by-folder listing finds nothing on s3rver.
measure "rclone copy" /usr/bin/rclone copy --fast-list --transfers 16 --checkers 16 bench:skb/bench "$B/out"

sk_secs=$(awk -F'\t' '$1 == "sk-fetch" { print $2 }' "$B/raw.tsv")
{
	printf 'tool\tseconds\tobjects_per_s\tMB_per_s\tpeak_rss_MB\ttime_vs_sk_fetch\n'
	awk -F'\t' -v n="$N" -v bytes="$bytes" -v sk="$sk_secs" '{
		printf "%s\t%.2f\t%.0f\t%.2f\t%.1f\t%.2f\n", $1, $2, n / $2, bytes / 1e6 / $2, $3 / 1024, $2 / sk }' "$B/raw.tsv"
} >"$B/results.tsv"
{
	echo "Fetching $N objects ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB) from s3rver on 127.0.0.1, $(nproc) cores"
	echo
	echo "| tool | seconds | objects/s | MB/s | peak RSS (MB) | time vs sk-fetch |"
	echo "|---|---|---|---|---|---|"
	tail -n +2 "$B/results.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s× |\n", $1, $2, $3, $4, $5, $6 }'
} | tee "$B/results.md"
echo "(results in $B/results.tsv and results.md)"
