# pipelines.sh — a hand-made `producer | sk-copyin TABLE` commits only a
# complete stream (SPEC §4): one ended by the end-of-data line \. that sk's
# filters write when, and only when, they succeed.  A bad record at the end
# of a large input, a producer killed mid-stream and a cut stream commit
# nothing and exit non-zero; the same pipeline on good input commits every
# row.  The input is large enough that the filters have sent many rows
# (several of their 1 MiB output blocks) before the failure.

P=$ROOT/tmp/pipelines
rm -rf "$P" && mkdir -p "$P"
dropdb --if-exists sk_pipes 2>/dev/null; createdb sk_pipes
export PGDATABASE=sk_pipes
"$ROOT/build/gen" --songs 2000 --events 60000 --days 2 --seed 11 -o "$P/src" >/dev/null
sk-fetch -q "$P/src/log_data" >"$P/good.json"
{ cat "$P/good.json"; printf '{"ts": 1541030400000, "page": "NextSong", "userId"'; } >"$P/bad-at-end.json"
sk-songs2tsv -q -t lookup "$P/src/song_data" >"$P/lookup.tsv"
sk-events2tsv -q -l "$P/lookup.tsv" -t songplays "$P/good.json" >"$P/songplays.tsv"
# The star without songplays' foreign keys, so that only songplays is at stake.
psql -X -q -f "$ROOT/sql/schema.sql" -c "ALTER TABLE songplays DROP CONSTRAINT IF EXISTS songplays_user_id_fkey" \
	-c "ALTER TABLE songplays DROP CONSTRAINT IF EXISTS songplays_start_time_fkey" \
	-c "ALTER TABLE songplays DROP CONSTRAINT IF EXISTS songplays_song_id_fkey" \
	-c "ALTER TABLE songplays DROP CONSTRAINT IF EXISTS songplays_artist_id_fkey"
# The catalogue read from a pipe, whose rows cannot be counted first (its
# slots grow as it is read), resolves every play as the file does.
sk-events2tsv -q -l <(cat "$P/lookup.tsv") -t songplays "$P/good.json" >"$P/songplays-piped.tsv"
[ "$(wc -l <"$P/lookup.tsv")" -gt 1024 ] && cmp -s "$P/songplays.tsv" "$P/songplays-piped.tsv" &&
	pass "a catalogue of over 1024 songs from a pipe resolves the plays as from its file" ||
	fail "a catalogue of over 1024 songs from a pipe resolves the plays as from its file" \
		"$(cmp "$P/songplays.tsv" "$P/songplays-piped.tsv" 2>&1)"
plays() { psql -X -tAc "SELECT count(*) FROM songplays"; }
rows=$(($(wc -l <"$P/songplays.tsv") - 1))
assert_eq "the filter ends its stream with the end-of-data line" '\.' "$(tail -n 1 "$P/songplays.tsv")"
[ "$(wc -c <"$P/songplays.tsv")" -gt 4000000 ] && pass "the filter's output spans several blocks" ||
	fail "the filter's output spans several blocks" "$(wc -c <"$P/songplays.tsv")"

run_captured "sk-events2tsv -q -l '$P/lookup.tsv' '$P/bad-at-end.json' | sk-copyin -q songplays"
assert_eq "a bad record at the end: both say why, sk-copyin exits 1" "[stderr]
sk-events2tsv: $P/bad-at-end.json:60001: truncated JSON
sk-copyin: stdin: no end-of-data line \\.: the stream is incomplete (its producer failed, was killed or cut off, or writes none: see --no-end-line)
[exit 1]" "$OUT"
assert_eq "a bad record at the end commits nothing" "0" "$(plays)"

# SIGKILL: the filter reads a pipe that gives it half the events, then
# waits; it is killed while it waits, its first blocks already sent.
mkfifo "$P/events.fifo"
head -n 40000 "$P/good.json" >"$P/first.json"
(sh -c 'echo $$ >"$1/filter.pid"; exec sk-events2tsv -q -l "$1/lookup.tsv" "$1/events.fifo"' sh "$P" |
	sk-copyin -q songplays >"$P/kill.out" 2>"$P/kill.err"; echo $? >"$P/kill.rc") &
pipeline=$!
{ cat "$P/first.json"; sleep 30; } >"$P/events.fifo" &
writer=$!
for _ in $(seq 1 100); do [ -s "$P/filter.pid" ] && break; sleep 0.05; done
sleep 1
kill -9 "$(cat "$P/filter.pid")"
wait "$pipeline"
pkill -P "$writer" sleep 2>/dev/null; kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
assert_eq "a producer killed mid-stream: sk-copyin exits 1, saying why" "1 stdin: no end-of-data line" \
	"$(cat "$P/kill.rc") $(sed -n 's/^sk-copyin: \(stdin: no end-of-data line\).*/\1/p' "$P/kill.err")"
assert_eq "a producer killed mid-stream commits nothing" "0" "$(plays)"

run_captured "head -c 3000000 '$P/songplays.tsv' | sk-copyin -q songplays"
assert_eq "a stream cut mid-row: exit 1" "[exit 1]" "$(tail -n 1 <<<"$OUT")"
log_lines=$(wc -l <"$PGHOST/server.log")
run_captured "head -n 20000 '$P/songplays.tsv' | sk-copyin -q songplays"
assert_eq "a stream cut between rows: exit 1, saying why" "[stderr]
sk-copyin: stdin: no end-of-data line \\.: the stream is incomplete (its producer failed, was killed or cut off, or writes none: see --no-end-line)
[exit 1]" "$OUT"
# The COPY is ended with the reason (PQputCopyEnd's message, as psql
# does), not by a dropped connection: the server's log says why.
assert_eq "a stream cut between rows: the server is told why the COPY ended" \
	"COPY from stdin failed: stdin: no end-of-data line \\.: the stream is incomplete (its producer failed, was killed or cut off, or writes none: see --no-end-line)" \
	"$(tail -n +$((log_lines + 1)) "$PGHOST/server.log" | grep -o 'COPY from stdin failed: .*' | head -n 1)"
assert_eq "a cut stream commits nothing" "0" "$(plays)"

run_captured "cat '$P/songplays.tsv' '$P/songplays.tsv' | sk-copyin -q songplays"
assert_eq "two streams joined: refused at the line after the first one's end" "[stderr]
sk-copyin: stdin:$((rows + 2)): data after the end-of-data line \\. (two streams joined, or one reordered?)
[exit 1]" "$OUT"
# The second stream comes after a pause, so that a read ends exactly at
# the first one's end line: the line named is the same.
run_captured "{ cat '$P/songplays.tsv'; sleep 0.5; cat '$P/songplays.tsv'; } | sk-copyin -q songplays"
assert_eq "two streams joined, the second after a pause: refused at the same line" "[stderr]
sk-copyin: stdin:$((rows + 2)): data after the end-of-data line \\. (two streams joined, or one reordered?)
[exit 1]" "$OUT"

run_captured "sk-events2tsv -q -l '$P/lookup.tsv' '$P/good.json' | sk-copyin -q songplays"
assert_eq "the same pipeline on good input commits every row" "songplays: $rows rows read, $rows inserted, 0 updated (copied)
[exit 0]|$rows" "$OUT|$(plays)"

# Other tools between: awk keeps the end line; sort is given a stream
# without it, and the end line is written after sort succeeded.
cat >"$P/awk.sh" <<'SH'
set -o pipefail
sk-events2tsv -q -l "$1/lookup.tsv" "$1/good.json" | awk -F'\t' '$3 == "paid" || $0 == "\\."' |
	sk-copyin -q songplays
SH
cat >"$P/sort.sh" <<'SH'
{ set -o pipefail; sk-events2tsv -q --no-end-line -l "$1/lookup.tsv" "$1/$2" |
	sort -t "$(printf '\t')" -k 2,2n -s && printf '\\.\n'; } | sk-copyin -q songplays
SH
psql -X -qc "TRUNCATE songplays"
run_captured "bash '$P/awk.sh' '$P'"
paid=$(awk -F'\t' '$3 == "paid"' "$P/songplays.tsv" | wc -l)
assert_eq "awk between keeps the end line: the paid plays" "songplays: $paid rows read, $paid inserted, 0 updated (copied)
[exit 0]" "$OUT"
psql -X -qc "TRUNCATE songplays"
run_captured "bash '$P/sort.sh' '$P' good.json"
assert_eq "sort between, the end line written after it: every row" "songplays: $rows rows read, $rows inserted, 0 updated (copied)
[exit 0]" "$OUT"
run_captured "bash '$P/sort.sh' '$P' bad-at-end.json"
assert_eq "sort between, its producer failed: nothing more committed" "[exit 1]|$rows" \
	"$(tail -n 1 <<<"$OUT")|$(plays)"
# A file its writer holds under an exclusive flock(2) is read when the
# writer is done (make load starts sk-copyin beside its later filters): the
# lock is taken before sk-copyin starts, the rows come after.
psql -X -qc "TRUNCATE songplays"
exec 9>"$P/locked.tsv"; flock 9
( sleep 1; cat "$P/songplays.tsv" >&9 ) &
exec 9>&-
run_captured "sk-copyin -q songplays='$P/locked.tsv'"
assert_eq "a locked file is read when its writer is done: every row" \
	"songplays: $rows rows read, $rows inserted, 0 updated (copied)
[exit 0]" "$OUT"
# Its writer killed halfway: the lock goes with it, the file lacks its end.
psql -X -qc "TRUNCATE songplays"
exec 9>"$P/locked.tsv"; flock 9
( ( head -c 2000000 "$P/songplays.tsv" >&9; sleep 1; kill -9 $BASHPID ) & )
exec 9>&-
run_captured "sk-copyin -q songplays='$P/locked.tsv'"
assert_eq "a locked file whose writer was killed: refused, nothing committed" \
	"sk-copyin: $P/locked.tsv: no end-of-data line|[exit 1]|0" \
	"$(grep -o '^sk-copyin: .*: no end-of-data line' <<<"$OUT")|$(tail -n 1 <<<"$OUT")|$(plays)"

run_captured "printf '1\\t2\\n' | sk-copyin -q --no-end-line plain_rows"
assert_eq "--no-end-line takes a stream without one" "[stderr]
sk-copyin: plain_rows: relation \"plain_rows\" does not exist
[exit 5]" "$OUT"
export PGDATABASE=sk
