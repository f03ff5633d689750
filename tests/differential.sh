# differential.sh — sk's JSON reader against libjq, the independent
# reference, on every record of the examples, the test data and the real
# data when present, and on 20 mutants of each (tests/tools/jqdiff.c).

case $SK_BIN in
"$ROOT/bin") JQDIFF=$ROOT/build/plain/jqdiff ;;
*) JQDIFF=$(dirname "$SK_BIN")/jqdiff ;;
esac
sources=("$ROOT/examples" "$TESTS/data/events" "$TESTS/data/songs")
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
