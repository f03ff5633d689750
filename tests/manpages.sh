# manpages.sh — every example in the man pages runs, from examples/, and
# prints what the page shows after it where it shows it (each page shows
# at least one example's output); against
# a database that holds the examples' star (loads are idempotent, so the
# pages' load examples run on it as on an empty one; sk-load's, on an
# empty one), and the S3 server of
# remote.sh, whose bucket "sparkify" holds the examples.

# examples DIR PAGE: each example's command in DIR/N.cmd, and the output
# the page shows after it (a literal display that follows the command) in
# DIR/N.out, roff's escapes undone.
examples() {
	rm -rf "$1" && mkdir -p "$1"
	awk -v dir="$1" '
	/^\.Sh EXAMPLES/ { on = 1; next }
	on && /^\.Sh / { on = 0 }
	!on { next }
	/^\.Dl / { n++; print substr($0, 5) > (dir "/" n ".cmd"); close(dir "/" n ".cmd"); next }
	/^\.Bd -literal/ { shown = 1; next }
	/^\.Ed/ { shown = 0; next }
	shown { print > (dir "/" n ".out") }
	' "$2"
	sed -i -e 's/\\&//g' -e 's/\\e/\\/g' "$1"/* 2>/dev/null
}

for page in "$ROOT"/man/sk-*.1; do
	name=$(basename "$page" .1)
	dropdb --if-exists "sk_man_$name" 2>/dev/null; createdb "sk_man_$name"
	export PGDATABASE=sk_man_$name
	# sk-load's first example is the load, into the empty database.
	[ "$name" = sk-load ] || make -s -C "$ROOT" load SRC=examples SKBIN="$SK_BIN" >/dev/null ||
		fail "$name: database for the examples"
	E=$ROOT/tmp/manpages/$name
	examples "$E" "$page"
	n=0 shown=0
	while [ -f "$E/$((n + 1)).cmd" ]; do
		n=$((n + 1))
		example=$(cat "$E/$n.cmd")
		if [ -f "$E/$n.out" ]; then
			shown=$((shown + 1))
			out=$(set -o pipefail; cd "$ROOT/examples" && eval "$example" 2>&1; echo "[exit $?]")
			assert_eq "$name example $n prints what the page shows: $example" \
				"$(cat "$E/$n.out")
[exit 0]" "$out"
			continue
		fi
		run_captured "set -o pipefail; cd '$ROOT/examples' && $example"
		case $OUT in
		*"[exit 0]") pass "$name example $n: $example" ;;
		*) fail "$name example $n: $example" "$OUT" ;;
		esac
	done
	[ "$n" -gt 0 ] || fail "$name: the man page has no example"
	[ "$shown" -gt 0 ] || fail "$name: the man page shows no example's output"
done
export PGDATABASE=sk

# The exit codes are one table (src/common/err.h): every page's EXIT
# STATUS gives each, in order (sk-load's 130 after them).
codes=$(sed -n 's/^\tSK_EXIT_[A-Z]* = \([0-9]*\),.*/\1/p' "$ROOT/src/common/err.h" | paste -sd ' ')
for page in "$ROOT"/man/sk-*.1; do
	assert_eq "$(basename "$page" .1): EXIT STATUS gives every exit code of sk ($codes)" "$codes" \
		"$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /s/^\.It \([0-9]*\)$/\1/p' "$page" | grep -vx 130 | paste -sd ' ')"
done

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
