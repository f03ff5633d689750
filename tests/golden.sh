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
