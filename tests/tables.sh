# tables.sh — each table is described once, in src/transform/tables.c (the
# columns of the TSV each filter writes, their types, where sk-copyin loads
# them); everything else that names those columns is held to it here:
# sql/schema.sql, the filters' output, their usage texts and man pages.

case $SK_BIN in
"$ROOT/bin") TABLES_TOOL=$ROOT/build/plain/tables ;;
*) TABLES_TOOL=$(dirname "$SK_BIN")/tables ;;
esac
T=$ROOT/tmp/tables
rm -rf "$T" && mkdir -p "$T"
if ! "$TABLES_TOOL" >"$T/described.tsv"; then
	fail "the tables' descriptions are printed" "no $TABLES_TOOL (make test-tools)"
else
	# The schema's columns of every table a description loads into, in
	# order (songplays' surrogate songplay_id aside), with their types.
	dropdb --if-exists sk_tables 2>/dev/null; createdb sk_tables
	PGDATABASE=sk_tables psql -X -q -v ON_ERROR_STOP=1 -f "$ROOT/sql/schema.sql" >/dev/null 2>&1 ||
		fail "sql/schema.sql runs"
	PGDATABASE=sk_tables psql -X -qAt -F "$(printf '\t')" -c "
		SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
		  AND NOT a.attisdropped AND a.attname <> 'songplay_id'
		ORDER BY c.relname, a.attnum" >"$T/schema.tsv"
	awk -F'\t' '$3 == 0 && $6 == 0 { print $2 "\t" $4 "\t" $5 }' "$T/described.tsv" |
		LC_ALL=C sort -s -t "$(printf '\t')" -k1,1 >"$T/expected.tsv"
	assert_eq "sql/schema.sql: each described table's columns, types and order, as described" \
		"$(cat "$T/expected.tsv")" \
		"$(awk -F'\t' 'NR == FNR { want[$1] = 1; next } ($1 in want)' "$T/expected.tsv" "$T/schema.tsv")"

	# Each filter's output, on the examples: every row of each table has
	# its described number of columns.
	columns_of() { awk -F'\t' -v o="$1" '$1 == o' "$T/described.tsv" | wc -l; }
	sk-songs2tsv -q -o songs="$T/songs" -o artists="$T/artists" -o lookup="$T/lookup" \
		"$ROOT/examples/song_data"
	sk-events2tsv -q -l "$T/lookup" -o songplays="$T/songplays" -o users="$T/users" \
		-o unresolved="$T/unresolved" -o ts="$T/ts" "$ROOT/examples/log_data"
	sk-time "$T/ts" >"$T/time"
	for out in songs artists lookup songplays users unresolved time; do
		assert_eq "the filters' $out rows have the described columns" "$(columns_of "$out")" \
			"$(awk -F'\t' '$0 != "\\." { print NF }' "$T/$out" | sort -u)"
	done

	# The usage texts and the man pages name each table's columns in the
	# described order: the names, comma-separated, after the table's name
	# in --help; as a run of .Sy names in the man page.
	listed() { awk -F'\t' -v o="$1" '$1 == o { printf "%s%s", sep, $4; sep = ", " }' "$T/described.tsv"; }
	usage_has() { tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"; }
	man_has() {
		{ echo; sed -n 's/^\.Sy //p' "$ROOT/man/$1.1"; } | tr -d ',.' | tr -s ' ' '\n' |
			grep -v '^$' | tr '\n' ' ' | sed 's/^/ /' | grep -qF -- " $(tr -d ',' <<<"$2") "
	}
	for pair in sk-songs2tsv:songs sk-songs2tsv:artists sk-songs2tsv:lookup \
		sk-events2tsv:songplays sk-events2tsv:users sk-events2tsv:unresolved sk-time:time; do
		tool=${pair%%:*} out=${pair#*:}
		prefix=$out; [ "$out" = time ] && prefix="with:"
		if "$SK_BIN/$tool" --help | usage_has "$prefix $(listed "$out")"; then
			pass "$tool --help: $out's columns as described"
		else
			fail "$tool --help: $out's columns as described" "$(listed "$out")"
		fi
		if man_has "$tool" "$(listed "$out")"; then
			pass "$tool(1): $out's columns as described"
		else
			fail "$tool(1): $out's columns as described" "$(listed "$out")"
		fi
	done
fi
