# lib.sh — the test suite's few helpers: counters, assertions, golden cases.
# Sourced by tests/run; every check adds to PASS or FAIL.

PASS=${PASS:-0}
FAIL=${FAIL:-0}
SKIP=${SKIP:-0}

pass() { PASS=$((PASS + 1)); echo "ok - $SUITE: $1"; }

# skip WHY: what could not run here, and why, counted once.
skip() { SKIP=$((SKIP + 1)); echo "ok - $SUITE: # SKIP $1"; }

fail() {
	FAIL=$((FAIL + 1))
	echo "not ok - $SUITE: $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | head -n 40 | sed 's/^/#   /'
	return 0
}

# assert_eq NAME EXPECTED ACTUAL
assert_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else
		fail "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"
	fi
}

# assert_file_eq NAME EXPECTED_FILE ACTUAL_FILE
assert_file_eq() {
	if [ ! -f "$2" ]; then fail "$1" "no expected file $2"; return; fi
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$2" "$3")"; fi
}

# run_captured CMD: runs CMD in bash, leaving what a golden file holds in $OUT:
# stdout, then "[stderr]" and stderr when there is any, then "[exit N]".
run_captured() {
	local o e rc
	o=$(mktemp) e=$(mktemp)
	bash -c "$1" >"$o" 2>"$e" </dev/null
	rc=$?
	OUT=$(cat "$o"; if [ -s "$e" ]; then echo "[stderr]"; cat "$e"; fi; echo "[exit $rc]")
	rm -f "$o" "$e"
}

# golden DIR: each DIR/NAME.cmd is a command line run from tests/ (with the
# tools under test first on PATH); its output must equal DIR/NAME.out.
# Golden files are written or checked by hand: SK_GOLDEN_WRITE=1 writes a
# missing .out for a person to review, and never overwrites one.
golden() {
	local cmd name
	for cmd in "$1"/*.cmd; do
		name=${cmd%.cmd}
		run_captured "cd '$TESTS' && $(cat "$cmd")"
		if [ ! -f "$name.out" ] && [ -n "$SK_GOLDEN_WRITE" ]; then
			printf '%s\n' "$OUT" >"$name.out"
			echo "# wrote $name.out: review it by hand"
		fi
		assert_eq "${name#"$TESTS"/}" "$(cat "$name.out" 2>/dev/null)" "$OUT"
	done
}

# The star's tables, and how the suites read them back.
TABLES="songplays users songs artists time"

# dump DIR: each star table in key order, as COPY text.
dump() {
	mkdir -p "$1"
	psql -X -qc "\\copy (SELECT * FROM songplays ORDER BY songplay_id) TO '$1/songplays.tsv'" \
		-c "\\copy (SELECT * FROM users ORDER BY user_id) TO '$1/users.tsv'" \
		-c "\\copy (SELECT * FROM songs ORDER BY song_id) TO '$1/songs.tsv'" \
		-c "\\copy (SELECT * FROM artists ORDER BY artist_id) TO '$1/artists.tsv'" \
		-c "\\copy (SELECT * FROM time ORDER BY start_time) TO '$1/time.tsv'"
}

expect_tables() { # expect_tables WHAT EXPECTED_DIR DUMP_DIR
	for t in $TABLES; do assert_file_eq "$1: $t" "$2/$t.tsv" "$3/$t.tsv"; done
}

# star DB: a checksum of the star without songplay_id (which follows
# commit order), sorted: equal stars, equal sums.
star() {
	PGDATABASE=$1 psql -X -qAt -c "SELECT start_time, user_id, level, song_id, artist_id,
			session_id, item_in_session, location, user_agent FROM songplays ORDER BY 2, 6, 7" \
		-c "TABLE users ORDER BY 1" -c "TABLE songs ORDER BY 1" -c "TABLE artists ORDER BY 1" \
		-c "TABLE time ORDER BY 1" 2>&1 | cksum
}
# The rows in which each of the plays' summaries (sk_plays_*: hourly,
# sessions, users, songs, and the songs' totals) and the same figures
# computed from songplays itself differ, both ways: "0 0 0 0 0" when they
# count exactly what songplays holds.  $1: the database.
summary_mismatches() {
	PGDATABASE=$1 psql -X -qAt -F ' ' -c "
	WITH h AS (SELECT day, hour, sum(plays) AS plays, sum(resolved) AS resolved
		FROM sk_plays_hourly GROUP BY 1, 2),
	hr AS (SELECT start_time::date, extract(hour FROM start_time)::integer,
		count(*)::numeric, count(song_id)::numeric FROM songplays GROUP BY 1, 2),
	s AS (SELECT user_id, day, session_id, level, location, user_agent, sum(plays),
		sum(resolved), min(first_at), min(first_item), max(last_at), max(last_item)
		FROM sk_plays_sessions GROUP BY 1, 2, 3, 4, 5, 6),
	sr AS (SELECT user_id, start_time::date, session_id, level, location, user_agent,
		count(*)::numeric, count(song_id)::numeric, min(start_time), min(item_in_session),
		max(start_time), max(item_in_session) FROM songplays GROUP BY 1, 2, 3, 4, 5, 6),
	u AS (SELECT day, user_id, level, location, user_agent, sum(plays), sum(resolved),
		min(first_at), max(last_at) FROM sk_plays_users GROUP BY 1, 2, 3, 4, 5),
	ur AS (SELECT start_time::date, user_id, level, location, user_agent, count(*)::numeric,
		count(song_id)::numeric, min(start_time), max(start_time) FROM songplays
		GROUP BY 1, 2, 3, 4, 5),
	g AS (SELECT day, song_id, artist_id, sum(plays) FROM sk_plays_songs GROUP BY 1, 2, 3),
	gr AS (SELECT start_time::date, song_id, artist_id, count(*)::numeric FROM songplays
		WHERE song_id IS NOT NULL GROUP BY 1, 2, 3),
	t AS (SELECT song_id, artist_id, plays::numeric FROM sk_plays_songs_total),
	tr AS (SELECT song_id, artist_id, count(*)::numeric FROM songplays
		WHERE song_id IS NOT NULL GROUP BY 1, 2)
	SELECT (SELECT count(*) FROM ((TABLE h EXCEPT TABLE hr) UNION ALL (TABLE hr EXCEPT TABLE h)) x),
	       (SELECT count(*) FROM ((TABLE s EXCEPT TABLE sr) UNION ALL (TABLE sr EXCEPT TABLE s)) x),
	       (SELECT count(*) FROM ((TABLE u EXCEPT TABLE ur) UNION ALL (TABLE ur EXCEPT TABLE u)) x),
	       (SELECT count(*) FROM ((TABLE g EXCEPT TABLE gr) UNION ALL (TABLE gr EXCEPT TABLE g)) x),
	       (SELECT count(*) FROM ((TABLE t EXCEPT ALL TABLE tr) UNION ALL (TABLE tr EXCEPT ALL TABLE t)) x)" 2>&1
}
# events_titles DIR > FILE: "user session item title artist" of every play
# (NextSong event with a userId) of the events under DIR, by jq: the
# titles unresolved_mismatches joins to the plays songplays left unresolved.
events_titles() {
	find "$1" -name '*.json' -exec cat {} + |
		jq -r 'select(.page == "NextSong" and .userId != "" and .userId != null)
			| [.userId, .sessionId, .itemInSession, .song, .artist] | @tsv'
}
# unresolved_mismatches DB TITLES: the rows in which sk_plays_unresolved
# and its whole-history totals, sk_plays_unresolved_total, differ from the
# unresolved plays of songplays, titled from TITLES.
unresolved_mismatches() {
	PGDATABASE=$1 psql -X -qAt -v ON_ERROR_STOP=1 2>&1 <<-EOF
	CREATE TEMP TABLE ev (user_id int, session_id int, item_in_session int, title text, artist text);
	\copy ev FROM '$2'
	WITH u AS (SELECT day, title, artist, sum(plays) FROM sk_plays_unresolved GROUP BY 1, 2, 3),
	ur AS (SELECT p.start_time::date, e.title, e.artist, count(*)::numeric FROM songplays p
		JOIN ev e USING (user_id, session_id, item_in_session) WHERE p.song_id IS NULL
		GROUP BY 1, 2, 3),
	t AS (SELECT title, artist, plays::numeric FROM sk_plays_unresolved_total),
	tr AS (SELECT title, artist, sum(count) FROM ur GROUP BY 1, 2)
	SELECT (SELECT count(*) FROM ((TABLE u EXCEPT TABLE ur) UNION ALL (TABLE ur EXCEPT TABLE u)) x)
	     + (SELECT count(*) FROM ((TABLE t EXCEPT ALL TABLE tr) UNION ALL (TABLE tr EXCEPT ALL TABLE t)) y);
	EOF
}
# report_body FORMAT < REPORT: sk-report's output without its account of
# itself (the period, last load, database and time it names), so that the
# reports of two stars of the same plays compare equal.
report_body() {
	case $1 in
	json) jq -c .questions ;;
	html) sed '/^<dl class="about">/d' ;;
	*) sed '1,/^$/d' ;;
	esac
}
