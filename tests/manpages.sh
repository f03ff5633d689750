# manpages.sh — every example in the man pages runs, from examples/, against
# a database that holds the examples' star (loads are idempotent, so the
# pages' load examples run on it as on an empty one), and the S3 server of
# remote.sh, whose bucket "sparkify" holds the examples.

for page in "$ROOT"/man/sk-*.1; do
	name=$(basename "$page" .1)
	dropdb --if-exists "sk_man_$name" 2>/dev/null; createdb "sk_man_$name"
	export PGDATABASE=sk_man_$name
	make -s -C "$ROOT" load SRC=examples SKBIN="$SK_BIN" >/dev/null ||
		fail "$name: database for the examples"
	n=0
	while IFS= read -r example; do
		n=$((n + 1))
		run_captured "set -o pipefail; cd '$ROOT/examples' && $example"
		case $OUT in
		*"[exit 0]") pass "$name example $n: $example" ;;
		*) fail "$name example $n: $example" "$OUT" ;;
		esac
	done < <(sed -n '/^\.Sh EXAMPLES/,/^\.Sh /s/^\.Dl //p' "$page" | sed 's/\\e/\\/g')
	[ "$n" -gt 0 ] || fail "$name: the man page has no example"
done
export PGDATABASE=sk
