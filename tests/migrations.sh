# migrations.sh — schema versions (SPEC §2): stars made by earlier landed
# versions of sk, as their loads left them, are brought to today's schema
# by the next load and then equal a fresh star of the same data; a star
# newer than the tools is refused, nothing changed; two loads of an old
# star migrate it once.  The old stars are in tests/data/stars/REV.sql.gz:
# days 1-2 of `build/gen --songs 300 --events 20000 --days 4 --seed 11`
# loaded by version REV's make load, dumped by pg_dump, the source's path
# written @SRC@.

G=$ROOT/tmp/migrations
rm -rf "$G" && mkdir -p "$G/src/log_data"
"$ROOT/build/gen" --songs 300 --events 20000 --days 4 --seed 11 -o "$G/gen" >/dev/null
cp -r "$G/gen/song_data" "$G/src/"
mapfile -t days < <(ls "$G"/gen/log_data/*/*/*.json)
cp "${days[0]}" "${days[1]}" "$G/src/log_data/"
# Today's copies of the files the old loads read, as a listing: their
# record takes these versions (the files' mtimes here), not the old ones.
sk-fetch --list "$G/src" | grep -vxF '\.' >"$G/versions"
cp "${days[2]}" "${days[3]}" "$G/src/log_data/"

mq() { local db=$1; shift; PGDATABASE=$db psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }
mload() { PGDATABASE=$1 "$SK_BIN/sk-load" -q "$G/src" >"$G/$1.out" 2>"$G/$1.err"; }
# The star, its summaries and the record, each table's rows sorted.
state() {
	local t
	star "$1"
	for t in sk_plays_hourly sk_plays_sessions sk_plays_users sk_plays_songs \
		sk_plays_songs_total sk_plays_unresolved sk_plays_unresolved_total sk_user_state \
		sk_song_lookup; do
		echo "$t $(mq "$1" -c "SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), ''))
			FROM $t x")"
	done
	mq "$1" -c "SELECT source, size, version FROM sk_objects ORDER BY 1"
}
reports() { # reports DB: sk-report in every format
	local f
	for f in text tsv json html; do
		echo "== $f"
		PGDATABASE=$1 "$SK_BIN/sk-report" -f "$f" 2>&1 | report_body "$f"
	done
}

dropdb --if-exists sk_mig_fresh 2>/dev/null; createdb sk_mig_fresh
mload sk_mig_fresh || fail "a fresh star of the four days" "$(cat "$G/sk_mig_fresh.err")"
state sk_mig_fresh >"$G/fresh.state"
reports sk_mig_fresh >"$G/fresh.reports"
assert_eq "a fresh star is at the version of the last migration" \
	"$(ls "$ROOT/sql/migrations" | sed -n 's/^0*\([0-9]*\)-.*/\1/p' | sort -n | tail -n 1)" \
	"$(mq sk_mig_fresh -c "SELECT version FROM sk_schema")"

for rev in 9aa3d02 00249ce 107e95a; do
	db=sk_mig_$rev
	dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
	gzip -dc "$TESTS/data/stars/$rev.sql.gz" | sed "s|@SRC@|$G/src|g" | mq "$db" >/dev/null 2>&1 ||
		fail "the star of $rev restored"
	mq "$db" -c "CREATE TEMPORARY TABLE v (source text, size bigint, version text)" \
		-c "\\copy v FROM '$G/versions'" \
		-c "UPDATE sk_objects o SET version = v.version FROM v WHERE o.source = v.source" >/dev/null
	mload "$db" || fail "$rev's star: today's load" "$(cat "$G/$db.err")"
	assert_eq "$rev's star: brought to today's schema by the next load, once" \
		"sk-copyin: sk_schema: the star's schema brought from version 1 to $(mq sk_mig_fresh -c "SELECT version FROM sk_schema")" \
		"$(grep 'sk_schema' "$G/$db.err")"
	assert_eq "$rev's star, upgraded and loaded on: the fresh star's tables, summaries and record" \
		"$(cat "$G/fresh.state")" "$(state "$db")"
	assert_eq "$rev's star, upgraded and loaded on: sk-report as of the fresh star, in every format" \
		"$(cat "$G/fresh.reports")" "$(reports "$db")"
done

# Two loads at once of an old star: one migrates it, the other finds it
# current.
for db in sk_mig_two; do
	dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
	gzip -dc "$TESTS/data/stars/107e95a.sql.gz" | sed "s|@SRC@|$G/src|g" | mq "$db" >/dev/null 2>&1
done
PGDATABASE=sk_mig_two "$SK_BIN/sk-load" -q "$G/src" >"$G/two-a.out" 2>"$G/two-a.err" & a=$!
PGDATABASE=sk_mig_two "$SK_BIN/sk-load" -q "$G/src" >"$G/two-b.out" 2>"$G/two-b.err" & b=$!
wait "$a"; ra=$?; wait "$b"; rb=$?
assert_eq "two loads at once of an old star: both succeed, one migrates it" "0 0 1" \
	"$ra $rb $(cat "$G/two-a.err" "$G/two-b.err" | grep -c 'sk_schema: the star')"

# A star newer than the tools: refused, naming both versions; nothing
# changed, the history neither.
mq sk_mig_fresh -c "UPDATE sk_schema SET version = 99" >/dev/null
before=$(state sk_mig_fresh; mq sk_mig_fresh -c "SELECT count(*) FROM sk_loads")
cp "${days[3]}" "$G/src/log_data/zz-again.json"
mload sk_mig_fresh
rc=$?
assert_eq "a newer star is refused: exit 5, both versions named" \
	"5|sk-load: sk-copyin: sk_schema: the star is at schema version 99, newer than these tools' $(mq sk_mig_two -c "SELECT version FROM sk_schema"): load it with the sk that made it, or install a newer sk" \
	"$rc|$(tail -n 1 "$G/sk_mig_fresh.err")"
assert_eq "a newer star: nothing changed, the history neither" "$before" \
	"$(state sk_mig_fresh; mq sk_mig_fresh -c "SELECT count(*) FROM sk_loads")"
rm "$G/src/log_data/zz-again.json"
