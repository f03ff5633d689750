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

# Every option a tool's --help lists is in its usage lines and in its man
# page's SYNOPSIS, by its long name or its letter.
options_missing() {
	local help
	help=$("$SK_BIN/$1" --help)
	awk -v synopsis="$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$ROOT/man/$1.1")" '
	function has_usage(short, long) {
		return (long != "" && index(usage, "--" long) > 0) ||
		       (short != "" && usage ~ ("(^|[[ |])-[a-zA-Z]*" short "[a-zA-Z]*([] =]|\n)"))
	}
	function has_man(short, long) {
		return (long != "" && index(synopsis, "Fl Fl " long) > 0) ||
		       (short != "" && synopsis ~ ("Fl [a-zA-Z]*" short "[a-zA-Z]*( |\n|$)"))
	}
	NF == 0 && !done { done = 1; next }
	!done { usage = usage $0 "\n"; next }
	/^  -[a-zA-Z](, --[a-z-]+)?( |$)/ || /^  --[a-z-]+/ {
		short = ""; long = ""
		if (match($0, /^  -[a-zA-Z]/)) short = substr($0, 4, 1)
		if (match($0, /--[a-z-]+/)) long = substr($0, RSTART + 2, RLENGTH - 2)
		if (long == "help" || long == "version") next
		name = long != "" ? "--" long : "-" short
		if (!has_usage(short, long)) print "usage: " name
		if (!has_man(short, long)) print "man: " name
	}' <<<"$help"
}
for tool in sk-fetch sk-songs2tsv sk-events2tsv sk-time sk-copyin sk-report sk-load; do
	assert_eq "$tool: every option of --help in its usage lines and its SYNOPSIS" "" \
		"$(options_missing "$tool")"
done
