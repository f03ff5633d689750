# realdata.sh — when ../shared/data/sparkify is there, the real sample data
# is loaded end to end and every table is checked against figures computed
# independently, with jq over the same files (SPEC §2's rules, restated).

REAL=${SK_REALDATA:-$ROOT/../shared/data/sparkify}
if [ ! -d "$REAL/song_data" ] || [ ! -d "$REAL/log_data" ]; then
	skip "no real data at $REAL"
	return 0
fi

RD=$ROOT/tmp/realdata
rm -rf "$RD" && mkdir -p "$RD"
dropdb --if-exists sk_real 2>/dev/null; createdb sk_real
export PGDATABASE=sk_real

if make -s -C "$ROOT" load SRC="$REAL" SKBIN="$SK_BIN" >"$RD/load.out" 2>"$RD/load.err"
then pass "real data loads"; else fail "real data loads" "$(cat "$RD/load.err")"; fi

# Every record of the sources, in input order (sorted paths, then file order).
find "$REAL/song_data" -type f | LC_ALL=C sort | xargs cat | jq -c . >"$RD/songs.ndjson"
find "$REAL/log_data" -type f | LC_ALL=C sort | xargs cat | jq -c . >"$RD/events.ndjson"

q() { psql -X -qAt -F $'\t' -c "$1"; }
# COPY text and jq's @tsv agree on escapes; jq's nulls are written as a
# token that becomes COPY's \N here.
sorted() { sed 's/@NULL@/\\N/g' | LC_ALL=C sort; }

# songplays: NextSong events with a userId, by the natural key.
jq -r 'select(.page == "NextSong" and .userId != "")
	| [.ts, (.userId | tonumber), .level, .sessionId, .itemInSession, .location, .userAgent]
	| map(. // "@NULL@") | @tsv' "$RD/events.ndjson" | sorted >"$RD/plays.expected"
q "SELECT (extract(epoch FROM start_time) * 1000)::bigint, user_id, level, session_id,
	item_in_session, location, user_agent FROM songplays" | sorted >"$RD/plays.actual"
assert_file_eq "real: songplays, every row" "$RD/plays.expected" "$RD/plays.actual"

# The song of each play: same title and artist name, duration within
# 0.001 s, the smallest song_id; the catalogue keeps each song_id's first record.
jq -n -r --slurpfile songs "$RD/songs.ndjson" '
	(reduce $songs[] as $s ({}; if has($s.song_id) then . else .[$s.song_id] = $s end)) as $first
	| (reduce $first[] as $s ({}; .[($s.title // "") + "\u0000" + ($s.artist_name | tostring)] += [$s])) as $byname
	| inputs | select(.page == "NextSong" and .userId != "") | . as $e
	| ([$byname[($e.song // "") + "\u0000" + ($e.artist // "")] // [] | .[]
	    | select($e.length != null and ((.duration - $e.length) | fabs) <= 0.001000001)]
	   | min_by(.song_id)) as $m
	| [($e.userId | tonumber), $e.sessionId, $e.itemInSession,
	   ($m.song_id // "@NULL@"), ($m.artist_id // "@NULL@")] | @tsv' "$RD/events.ndjson" \
	| sorted >"$RD/resolved.expected"
q "SELECT user_id, session_id, item_in_session, coalesce(song_id, '\\N'), coalesce(artist_id, '\\N')
	FROM songplays" | sorted >"$RD/resolved.actual"
assert_file_eq "real: songplays' song_id and artist_id" "$RD/resolved.expected" "$RD/resolved.actual"
assert_eq "real: some plays resolve" "yes" \
	"$(q "SELECT CASE WHEN count(song_id) > 0 THEN 'yes' ELSE 'no' END FROM songplays")"

# users: each user's latest event over all events, greatest (ts, itemInSession).
jq -n -r '[inputs | select(.userId != "")] | group_by(.userId)[]
	| max_by([.ts, .itemInSession])
	| [(.userId | tonumber), .firstName, .lastName, .gender, .level]
	| map(. // "@NULL@") | @tsv' "$RD/events.ndjson" | sorted >"$RD/users.expected"
q "COPY (SELECT * FROM users) TO STDOUT" | sorted >"$RD/users.actual"
assert_file_eq "real: users, every row" "$RD/users.expected" "$RD/users.actual"

# songs: first record per song_id; year 0 is NULL.
jq -n -r 'reduce inputs as $s ({}; if has($s.song_id) then . else .[$s.song_id] = $s end)
	| .[] | [.song_id, .title, .artist_id, (if .year == 0 then null else .year end), .duration]
	| map(. // "@NULL@") | @tsv' "$RD/songs.ndjson" | sorted >"$RD/songs.expected"
q "COPY (SELECT * FROM songs) TO STDOUT" | sorted >"$RD/songs.actual"
assert_file_eq "real: songs, every row" "$RD/songs.expected" "$RD/songs.actual"

# artists: per column, the first non-empty value across the artist's songs.
jq -n -r 'def value: if . == "" then null else . end;
	reduce inputs as $s ({}; .[$s.artist_id] |= (
		.name //= ($s.artist_name | if . == null then null else tostring end | value)
		| .location //= ($s.artist_location | value)
		| .latitude //= $s.artist_latitude
		| .longitude //= $s.artist_longitude))
	| to_entries[] | [.key, .value.name, .value.location, .value.latitude, .value.longitude]
	| map(. // "@NULL@") | @tsv' "$RD/songs.ndjson" | sorted >"$RD/artists.expected"
q "COPY (SELECT * FROM artists) TO STDOUT" | sorted >"$RD/artists.expected.actual"
assert_file_eq "real: artists, every row" "$RD/artists.expected" "$RD/artists.expected.actual"

# time: the distinct start_time of songplays, split by jq's strftime in UTC.
jq -r 'select(.page == "NextSong" and .userId != "") | .ts' "$RD/events.ndjson" | sort -u |
	jq -r '. as $ms | ($ms / 1000 | floor) | [$ms, (strftime("%H %d %V %m %Y %w") | split(" ")[] | tonumber)] | @tsv' |
	sorted >"$RD/time.expected"
q "SELECT (extract(epoch FROM start_time) * 1000)::bigint, hour, day, week, month, year, weekday FROM time" |
	sorted >"$RD/time.actual"
assert_file_eq "real: time, every row" "$RD/time.expected" "$RD/time.actual"

# A second load of the same data changes nothing.
q "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM songplays t" >"$RD/before"
make -s -C "$ROOT" load SRC="$REAL" SKBIN="$SK_BIN" >"$RD/load2.out" 2>&1
assert_eq "real: a second load reads nothing, inserts nothing" "0 0 0 0 0 0 0" \
	"$(awk '$1 != "objects:" { print $5 }' "$RD/load2.out" | paste -sd ' ')"
assert_eq "real: a second load leaves songplays as they were" "$(cat "$RD/before")" \
	"$(q "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM songplays t")"
export PGDATABASE=sk
