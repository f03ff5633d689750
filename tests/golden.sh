# golden.sh — each filter's output and errors against hand-checked files,
# in the style of tsv-utils' tests: tests/golden/TOOL/CASE.{cmd,out}.
for dir in "$TESTS"/golden/*/; do
	golden "${dir%/}"
done

# sk-time -u past its set's first growths (1,024 slots): 30,000 distinct
# timestamps, each seen three times in scattered order, keep their first
# occurrence, as awk's seen-array does.
awk 'BEGIN { for (i = 0; i < 90000; i++) printf "%.0f\n", 1541030400000 + ((i * 7919) % 30000) * 1000 }' \
	>"$ROOT/tmp/ts-many.tsv"
assert_eq "sk-time -u: 30,000 distinct of 90,000, first occurrences in order" \
	"$(awk '!seen[$1]++' "$ROOT/tmp/ts-many.tsv" | sk-time | cksum)" \
	"$(sk-time -u "$ROOT/tmp/ts-many.tsv" | cksum)"
# ... and in the order of a log, which the set keeps in a sorted run: rising
# with repeats, then back into the run (every one a repeat), between its
# keys (new, then repeated), below it (falling), and rising past it again.
awk 'BEGIN { t = 1541030400000
	for (i = 0; i < 20000; i++) { printf "%.0f\n", t + i * 1000; if (i % 5 == 0) printf "%.0f\n", t + i * 1000 }
	for (r = 0; r < 2; r++) for (i = 0; i < 6000; i++) {
		printf "%.0f\n", t + ((i * 7919) % 20000) * 1000
		printf "%.0f\n", t + ((i * 104729) % 20000) * 1000 + 500 }
	for (i = 1; i <= 3000; i++) printf "%.0f\n", t - i * 1000
	for (i = 20000; i < 23000; i++) printf "%.0f\n", t + i * 1000 }' >"$ROOT/tmp/ts-log.tsv"
assert_eq "sk-time -u: a log's order, back into it and below it, first occurrences in order" \
	"$(awk '!seen[$1]++' "$ROOT/tmp/ts-log.tsv" | sk-time | cksum)" \
	"$(sk-time -u "$ROOT/tmp/ts-log.tsv" | cksum)"
