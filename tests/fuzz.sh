# fuzz.sh — the libFuzzer harnesses (tests/fuzz/, make fuzz-build), a few
# seconds each (SK_FUZZ_SECONDS, default 4), once per run of the suites
# (they are their own ASan+UBSan build: tests/run runs this suite for its
# first tools only): no crash, and every crash found
# before (tests/fuzz/crashes/) replayed.  make fuzz runs them longer.

if [ ! -x "$ROOT/build/fuzz/fuzz-json" ]; then
	fail "the fuzz harnesses are built (make fuzz-build)"
else
	"$ROOT/tests/fuzz/run.sh" "${SK_FUZZ_SECONDS:-4}" >"$ROOT/tmp/fuzz.out" 2>&1
	while read -r line; do
		case $line in
		"fuzz: "*", no crash") pass "${line#fuzz: }" ;;
		"fuzz: "*) fail "${line#fuzz: }" "$(cat "$ROOT/tmp/fuzz.out")" ;;
		esac
	done <"$ROOT/tmp/fuzz.out"
	[ "$(grep -c '^fuzz: .*no crash$' "$ROOT/tmp/fuzz.out")" = 7 ] ||
		fail "every harness ran" "$(cat "$ROOT/tmp/fuzz.out")"
fi
