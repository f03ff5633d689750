# shellcheck shell=bash
# floor.sh — the first load's floor, sourced by run.sh and statements.sh
# with ROOT and B set and PGDATABASE=sk_bench: what a careful DBA gets from
# the load's final rows, every table the load writes, COPYed in one
# transaction into tables without keys, then every primary, unique and
# foreign key built and checked (PostgreSQL's manual, "Populating a
# Database").  The rows are the ones sk's load left, songplay_id included.
STAR="songplays users songs artists time sk_user_state sk_song_lookup sk_objects"
F=$B/final

fresh_db() { # an empty star, sk_bench
	dropdb --if-exists sk_bench 2>/dev/null; createdb sk_bench
	export PGDATABASE=sk_bench
	psql -X -q -f "$ROOT/sql/schema.sql"
}

# floor_prepare: from the star sk's load left in sk_bench, the final rows
# ($F/TABLE.tsv), the keys ($F/keys.sql) and the floor's script
# ($F/floor.sql) that COPYs the rows and then builds the keys.
floor_prepare() {
	mkdir -p "$F"
	for t in $STAR; do psql -X -qc "\\copy $t TO '$F/$t.tsv'"; done
	{ floor_constraints "'p', 'u'"; floor_constraints "'f'"; } >"$F/keys.sql"
	{
		echo "BEGIN;"
		for t in $STAR; do echo "\\copy $t FROM '$F/$t.tsv'"; done
		cat "$F/keys.sql"
		echo "COMMIT;"
	} >"$F/floor.sql"
}
# floor_constraints TYPES: ADD CONSTRAINT statements of the star's keys.
# Tables matched by name, not by regclass's text, which quotes "time".
floor_constraints() {
	psql -X -qtA -c "SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s;', conrelid::regclass,
		conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE contype IN ($1)
		AND conrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace
			AND relname IN ('${STAR// /\', \'}'))
		ORDER BY contype DESC, conrelid::regclass::text, conname"
}
keyless_db() { # an empty star without its keys, for the floor
	fresh_db
	tac "$F/keys.sql" | sed 's/ADD CONSTRAINT \([^ ]*\) .*/DROP CONSTRAINT \1;/' |
		psql -X -q -v ON_ERROR_STOP=1
}
