# data.sh — the benchmarks' data, sourced with ROOT and B set: SCALE=small
# (default: 20k songs, 400k events), 2M (100k songs, 2M events) or 10M (1M
# songs, 10M events) of bench/gen's Sparkify-shaped data, 30 days, seed 7,
# generated once into $B/data-SONGS-EVENTS; sets SONGS, EVENTS and DATA.
case ${SCALE:-small} in
small) SONGS=20000 EVENTS=400000 ;;
2M) SONGS=100000 EVENTS=2000000 ;;
10M) SONGS=1000000 EVENTS=10000000 ;;
*) echo "bench: SCALE is small, 2M or 10M" >&2; exit 2 ;;
esac
mkdir -p "$B"
DATA=$B/data-$SONGS-$EVENTS
if [ ! -d "$DATA/log_data" ]; then
	echo "# generating $SONGS songs and $EVENTS events" >&2
	"$ROOT/build/gen" --songs "$SONGS" --events "$EVENTS" --days 30 --seed 7 -o "$DATA.tmp"
	mv "$DATA.tmp" "$DATA"
fi
