# golden.sh — each filter's output and errors against hand-checked files,
# in the style of tsv-utils' tests: tests/golden/TOOL/CASE.{cmd,out}.
for dir in "$TESTS"/golden/*/; do
	golden "${dir%/}"
done
