# differential.sh — sk's JSON reader against libjq, the independent
# reference, on every record of the examples, the test data and the real
# data when present, bench/gen's generated data, and on 20 mutants of each
# (tests/tools/jqdiff.c).

case $SK_BIN in
"$ROOT/bin") JQDIFF=$ROOT/build/plain/jqdiff ;;
*) JQDIFF=$(dirname "$SK_BIN")/jqdiff ;;
esac
GEN=$ROOT/tmp/differential-gen
rm -rf "$GEN" && "$ROOT/build/gen" --songs 500 --events 5000 --days 2 --seed 11 -o "$GEN" ||
	fail "bench/gen writes data for the differential test"
sources=("$ROOT/examples" "$TESTS/data/events" "$TESTS/data/songs" "$GEN")
REAL=${SK_REALDATA:-$ROOT/../shared/data/sparkify}
[ -d "$REAL" ] && sources+=("$REAL")
# Strings full of escapes, for the vector scan of strings (jsonstr.c):
# runs of 1 to 9 backslashes (before a quote, a letter, a slash), every
# escape JSON has, raw UTF-8, each record shifted by one more byte, so
# that every run and every quote falls on each side of a 64-byte block's
# edge; long strings span several blocks.
ESC=$ROOT/tmp/differential-escapes.json
python3 - "$ESC" <<'PY'
import random, sys
r = random.Random(5)
pieces = ['a', 'bc', ' ', '\\"', '\\/', '\\\\', '\\n', '\\t', '\\b', '\\f', '\\r',
          '\\u00e9', '\\ud83c\\udfb5', '\u00e9', 'x' * 40]
with open(sys.argv[1], 'w') as out:
    for shift in range(130):
        for run in range(1, 10):
            run_text = '\\' * (run - run % 2) + ('\\"' if run % 2 else 'q')
            # Half without \u nor UTF-8: the strings the vector scan takes whole.
            some = pieces if shift % 2 else pieces[:-4] + pieces[-1:]
            body = [''.join(r.choice(some) for _ in range(r.randrange(1, 40)))
                    for _ in range(2)]
            out.write('{"page":"%s","userAgent":"%s%s%s","song":"%s"}\n'
                      % ('p' * shift, body[0], run_text, body[1], run_text))
PY
[ -s "$ESC" ] && sources+=("$ESC") || fail "the escapes' records are written"
levels="none scalar sse2"
grep -qw avx2 /proc/cpuinfo && levels+=" avx2"
grep -qw avx2 /proc/cpuinfo || echo "# no AVX2 on this CPU: its level is not tested here"
if [ ! -x "$JQDIFF" ]; then
	fail "jqdiff is built" "no $JQDIFF (make test-tools)"
else
	# Every vector level the reader can take, forced in turn: each must
	# agree with libjq; the summary names the level it really ran.
	for level in $levels; do
		run_captured "SK_JSON_SIMD=$level '$JQDIFF' -m 20 ${sources[*]}"
		case $OUT in
		*", 0 differ, strings read at level $level"$'\n'"[exit 0]")
			pass "the reader agrees with libjq, strings at level $level: ${OUT%%,*}" ;;
		*) fail "the reader agrees with libjq, strings at level $level" "$OUT" ;;
		esac
	done
fi

# The events filter's tables and its rejected records, byte for byte the
# same at every level: bench/gen's events, the test events (bad ones
# among them) and the escapes' records (rejected: no ts).
outputs_at() { # LEVEL: the md5 of every table and of the rejects
	local d=$ROOT/tmp/differential-$1
	rm -rf "$d" && mkdir -p "$d"
	SK_JSON_SIMD=$1 "$SK_BIN/sk-events2tsv" -q --max-errors 100000 --rejects "$d/rejects" \
		-o songplays="$d/songplays" -o users="$d/users" -o ts="$d/ts" -o unresolved="$d/unresolved" \
		"$GEN/log_data" "$TESTS/data/events" "$ESC" 2>"$d/stderr"
	(cd "$d" && md5sum songplays users ts unresolved rejects && wc -l <rejects)
}
want=$(outputs_at none)
for level in ${levels#none }; do
	got=$(outputs_at "$level")
	if [ "$got" = "$want" ] && [ "${want##*$'\n'}" -gt 1000 ]; then
		pass "sk-events2tsv writes the same tables and rejects at level $level (${want##*$'\n'} rejected)"
	else
		fail "sk-events2tsv writes the same tables and rejects at level $level" "$(diff <(echo "$want") <(echo "$got"))"
	fi
done
run_captured "SK_JSON_SIMD=avx512 '$SK_BIN/sk-events2tsv' -q </dev/null"
case $OUT in
*"sk-events2tsv: SK_JSON_SIMD=avx512: not avx2, sse2, scalar or none"*"[exit 2]")
	pass "an unknown SK_JSON_SIMD is refused before any record: exit 2" ;;
*) fail "an unknown SK_JSON_SIMD is refused before any record: exit 2" "$OUT" ;;
esac

# users: each user's latest event (greatest ts, then itemInSession; one
# without itemInSession before any with), against jq, on events made to
# try the users table (src/transform/users.c): names that fit its line
# and names that spill out of it (over 34 bytes together, or one over
# 255), a user switching between the two, null columns, escapes and
# UTF-8, ties of ts, events out of order, and more users than its first
# 1024 slots hold, ids and items of every length.
USERS=$ROOT/tmp/differential-users.json
python3 - "$USERS" <<'PY'
import json, random, sys
r = random.Random(3)
# Ids and items on every side of each power of ten, for the digits' count
# (tsv.c's tsv_int writes them in place).
edges = [sign * (10 ** k + d) for k in range(10) for d in (-1, 0, 1) for sign in (1, -1)]
edges = [e for e in edges if -2 ** 31 <= e < 2 ** 31] + [-2 ** 31, 2 ** 31 - 1]
names = ['Ann', 'Chlo\u00eb', 'Jo\tJo', 'back\\slash', 'x' * 20, 'y' * 40, 'z' * 300,
         '\U0001f3b5 Sky', None]
with open(sys.argv[1], 'w') as out:
    for n in range(6000):
        user = r.choice(edges) if n % 4 == 0 else r.randrange(1500)
        event = {'userId': str(user), 'ts': 1541030400000 + r.randrange(40) * 1000,
                 'page': 'Home', 'sessionId': 1,
                 'firstName': r.choice(names), 'lastName': r.choice(names),
                 'gender': r.choice(['F', 'M', None]), 'level': r.choice(['free', 'paid'])}
        if r.random() < 0.9: # a play needs one
            event['itemInSession'] = r.choice(edges) if n % 8 == 1 else r.randrange(3) + n
            event['page'] = r.choice(['NextSong', 'Home'])
        out.write(json.dumps(event) + '\n')
PY
# Two events alike in ts and itemInSession: the first one read stays.
jq -r -s 'to_entries | map(.value + {order: .key}) | group_by(.userId)[]
	| max_by([.ts, (.itemInSession // -1e30), -.order])
	| [(.userId | tonumber), .firstName, .lastName, .gender, .level, .ts, .itemInSession]
	| map(. // "@NULL@") | @tsv' "$USERS" | sed 's/@NULL@/\\N/g' | sort -n >"$USERS.expected"
"$SK_BIN/sk-events2tsv" -q -t users "$USERS" | sed '$d' >"$USERS.actual"
if [ "$(wc -l <"$USERS.expected")" -gt 1024 ] && grep -q "$(printf 'z%.0s' $(seq 300))" "$USERS.expected"; then
	assert_file_eq "users: each user's latest event, as jq finds it, long names too" \
		"$USERS.expected" "$USERS.actual"
else
	fail "users: the test's events have over 1024 users and 300-byte names" "$(wc -l <"$USERS.expected")"
fi
