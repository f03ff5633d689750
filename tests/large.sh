# large.sh — tables past 2 MB, which common/pages.c puts in huge pages
# (a new one aligned and zeroed, a growing one mapped on a huge page's edge
# and moved by mremap, both advised): the growth itself
# (tests/tools/pages.c), then each table against an independent count or
# against the same work done in small tables: sk-songs2tsv's maps of song
# and artist ids, sk-events2tsv's song lookup, sk-copyin's tally of the
# plays' summaries.  Each input is sized to take its tables past 2 MB; the
# sizes are in the comments.

G=$ROOT/tmp/large
rm -rf "$G" && mkdir -p "$G"

# A block grown from 1 KB to 64 MB keeps its bytes, sits on a huge page's
# edge from 2 MB up, and grows there with fewer than 8 page faults (a
# copy of 4 MB or more faults at least 1,024 small pages): moved, not
# copied (glibc's realloc copied it, its block split in two mappings by
# the advice, which mremap cannot move).
case $SK_BIN in
"$ROOT/bin") PAGES=$ROOT/build/plain/pages ;;
*) PAGES=$(dirname "$SK_BIN")/pages ;;
esac
"$PAGES" >"$G/pages.out" 2>&1 && pass "a growing table keeps its bytes and is moved, not copied, from 2 MB up" ||
	fail "a growing table keeps its bytes and is moved, not copied, from 2 MB up" "$(cat "$G/pages.out")"
"$ROOT/build/gen" --songs 50000 --events 60000 --days 2 --seed 17 -o "$G/src" >/dev/null ||
	fail "bench/gen writes the large suite's data"

# sk-songs2tsv: 50,000 song ids in a map of 131,072 slots of 32 bytes
# (4 MB), grown from 1,024 through 2 MB; the artists' map passes 2 MB
# too.  Each id once, every id of the input, as python reads them.
sk-songs2tsv -q -o songs="$G/songs.tsv" -o artists="$G/artists.tsv" -o lookup="$G/lookup.tsv" \
	"$G/src/song_data" || fail "sk-songs2tsv reads 50,000 songs"
python3 - "$G/src/song_data" "$G" <<'PY'
import json, os, sys
songs, artists = set(), set()
for top, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(top, name), encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    songs.add(r['song_id'])
                    artists.add(r['artist_id'])
for what, ids in (('songs', songs), ('artists', artists)):
    with open(os.path.join(sys.argv[2], what + '.expected'), 'w') as out:
        out.write(''.join(i + '\n' for i in sorted(ids)))
PY
for t in songs artists; do
	grep -vxF '\.' "$G/$t.tsv" | cut -f1 | LC_ALL=C sort >"$G/$t.ids"
	LC_ALL=C sort -o "$G/$t.expected" "$G/$t.expected"
done
assert_eq "50,000 songs: each song id once, every one the input holds" \
	"$(wc -l <"$G/songs.expected") $(cksum <"$G/songs.expected")" \
	"$(wc -l <"$G/songs.ids") $(LC_ALL=C sort -u "$G/songs.ids" | cksum)"
assert_eq "50,000 songs: each artist id once, every one the input holds" \
	"$(wc -l <"$G/artists.expected") $(cksum <"$G/artists.expected")" \
	"$(wc -l <"$G/artists.ids") $(LC_ALL=C sort -u "$G/artists.ids" | cksum)"
[ "$(wc -l <"$G/songs.expected")" -ge 40000 ] && pass "the songs' map holds over 40,000 ids" ||
	fail "the songs' map holds over 40,000 ids" "$(wc -l <"$G/songs.expected")"

# sk-events2tsv: the lookup of 50,000 songs, and again with 150,000 songs
# no play names around them (its slots 4 MB, its songs 12 MB, both grown
# past 2 MB).  The plays resolve the same either way.
awk -F'\t' 'BEGIN { OFS = "\t" }
	NR == FNR && $0 != "\\." { mid[++n] = $0; next }
	function filler(from, to) { for (i = from; i < to; i++)
		print "SOFILLER" i, "Filler title " i, "Filler artist " i % 977, 100 + i % 300 ".5", "ARFILLER" i % 977 }
	END { filler(0, 100000); for (i = 1; i <= n; i++) print mid[i]; filler(100000, 150000); print "\\." }' \
	"$G/lookup.tsv" >"$G/big-lookup.tsv"
for way in small big; do
	lookup=$G/lookup.tsv
	[ $way = big ] && lookup=$G/big-lookup.tsv
	sk-events2tsv -q -l "$lookup" -o songplays="$G/$way.songplays" -o unresolved="$G/$way.unresolved" \
		"$G/src/log_data" || fail "sk-events2tsv with the $way lookup"
done
assert_file_eq "a lookup of 200,000 songs resolves the plays as the 50,000 they name: songplays" \
	"$G/small.songplays" "$G/big.songplays"
assert_file_eq "a lookup of 200,000 songs resolves the plays as the 50,000 they name: unresolved" \
	"$G/small.unresolved" "$G/big.unresolved"
resolved=$(awk -F'\t' '$4 != "\\N" && $0 != "\\." { n++ } END { print n + 0 }' "$G/big.songplays")
[ "$resolved" -gt 10000 ] && pass "the large lookup resolves over 10,000 plays" ||
	fail "the large lookup resolves over 10,000 plays" "$resolved"

# sk-copyin's tally: 100,000 plays on 100,000 songs over two days (the
# songs' groups: 262,144 slots of 8 bytes, 2 MB, and rows of 16 bytes
# grown to 2 MB) in 33,334 sessions (rows of 64 bytes, 4 MB).  What it
# counts equals what the server counts from songplays (summary_mismatches).
awk 'BEGIN { for (i = 0; i < 100000; i++)
		printf "2018-11-%02d %02d:%02d:%02d\t%d\tpaid\tS%d\tA%d\t%d\t%d\tL%d\tUA%d\n",
			1 + int(i / 50001), int(i % 50001 / 3600), int(i / 60) % 60, i % 60, int(i / 3) % 700,
			i, i % 977, int(i / 3), i % 3, int(i / 3) % 13, int(i / 3) % 5
	print "\\." }' >"$G/tally-songplays.tsv"
dropdb --if-exists sk_large 2>/dev/null; createdb sk_large
PGDATABASE=sk_large psql -X -q -f "$ROOT/sql/schema.sql" \
	-c "ALTER TABLE songplays DROP CONSTRAINT songplays_user_id_fkey,
	DROP CONSTRAINT songplays_start_time_fkey, DROP CONSTRAINT songplays_song_id_fkey,
	DROP CONSTRAINT songplays_artist_id_fkey"
PGDATABASE=sk_large sk-copyin -q songplays="$G/tally-songplays.tsv" >"$G/tally.out" 2>&1 ||
	fail "100,000 plays: loads" "$(cat "$G/tally.out")"
assert_eq "100,000 plays: sk-copyin counted them itself (copied)" \
	"songplays: 100000 rows read, 100000 inserted, 0 updated (copied)" "$(cat "$G/tally.out")"
assert_eq "100,000 plays on 100,000 songs: the summaries count what songplays holds" \
	"0 0 0 0 0" "$(summary_mismatches sk_large)"
assert_eq "100,000 plays on 100,000 songs: every one counted, in 33,334 sessions" \
	"100000 100000 33334" \
	"$(PGDATABASE=sk_large psql -X -tAc "SELECT sum(plays) FROM sk_plays_hourly" \
		-c "SELECT count(*) FROM sk_plays_songs" -c "SELECT count(*) FROM sk_plays_sessions" |
		paste -sd ' ')"
