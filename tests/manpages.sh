# manpages.sh — every example in the man pages runs, from examples/, against
# a database that holds the schema and the examples' songs and artists (the
# dimensions the pages' fact examples reference), and the S3 server of
# remote.sh, whose bucket "sparkify" holds the examples.

for page in "$ROOT"/man/sk-*.1; do
	name=$(basename "$page" .1)
	dropdb --if-exists "sk_man_$name" 2>/dev/null; createdb "sk_man_$name"
	export PGDATABASE=sk_man_$name
	(cd "$ROOT/examples" && sk-songs2tsv -q -t songs song_data |
		sk-copyin -q --init ../sql/schema.sql songs >/dev/null &&
		sk-songs2tsv -q -t artists song_data | sk-copyin -q artists >/dev/null) ||
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
