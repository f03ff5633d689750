# differential.sh — sk's JSON reader against libjq, the independent
# reference, on every record of the examples, the test data and the real
# data when present, bench/gen's generated data, and on 20 mutants of each
# (tests/tools/jqdiff.c).

case $SK_BIN in
"$ROOT/bin") JQDIFF=$ROOT/build/plain/jqdiff ;;
*) JQDIFF=$(dirname "$SK_BIN")/jqdiff ;;
esac
GEN=$ROOT/tmp/differential-gen
rm -rf "$GEN" && "$ROOT/build/gen" --songs 500 --events 5000 --days 2 --seed 11 -o "$GEN" ||
	fail "bench/gen writes data for the differential test"
sources=("$ROOT/examples" "$TESTS/data/events" "$TESTS/data/songs" "$GEN")
REAL=${SK_REALDATA:-$ROOT/../shared/data/sparkify}
[ -d "$REAL" ] && sources+=("$REAL")
if [ ! -x "$JQDIFF" ]; then
	fail "jqdiff is built" "no $JQDIFF (make test-tools)"
else
	run_captured "'$JQDIFF' -m 20 ${sources[*]}"
	case $OUT in
	*", 0 differ"$'\n'"[exit 0]") pass "the reader agrees with libjq: ${OUT%%$'\n'*}" ;;
	*) fail "the reader agrees with libjq" "$OUT" ;;
	esac
fi
