# hostile.sh — hostile names and secrets (SPEC §4): a schema named with a
# quote, a space and a semicolon takes the whole load like any other; so
# does a table so named, and one that does not exist is refused, named;
# the credentials of S3 and of the database never show in the arguments
# of any process of a load, nor in its output or errors; https is
# verified; the rejects file and the load's scratch directory are their
# owner's alone.  Runs after remote.sh, on its S3 server.

H=$ROOT/tmp/hostile
rm -rf "$H" && mkdir -p "$H/tmp"
dropdb --if-exists sk_hostile 2>/dev/null; createdb sk_hostile
export PGDATABASE=sk_hostile
# Every session of this database works in the odd schema.
psql -X -q -c 'CREATE SCHEMA "we""ird; sch ema"' \
	-c 'ALTER DATABASE sk_hostile SET search_path = "we""ird; sch ema"'
if make -s -C "$ROOT" load SRC=examples SKBIN="$SK_BIN" >"$H/odd.out" 2>"$H/odd.err"; then
	dump "$H/odd"
	expect_tables "a schema named 'we\"ird; sch ema'" "$TESTS/expected/examples" "$H/odd"
	assert_eq "a schema named 'we\"ird; sch ema': its own summaries, nothing in public" "0|0 0 0 0 0" \
		"$(psql -X -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")|$(
			summary_mismatches sk_hostile)"
else
	fail "make load into a schema named 'we\"ird; sch ema'" "$(cat "$H/odd.err")"
fi

psql -X -q -c 'CREATE TABLE "x""; DROP TABLE songs; --" (n integer, t text)'
printf '1\tone\n2\ttwo\n\\.\n' >"$H/odd.tsv"
run_captured "sk-copyin -q 'x\"; DROP TABLE songs; --=$H/odd.tsv'"
assert_eq "a table named 'x\"; DROP TABLE songs; --' takes its rows, and songs stays" \
	'x"; DROP TABLE songs; --: 2 rows read, 2 inserted, 0 updated (copied)
[exit 0]|2|7' "$OUT|$(psql -X -tAc 'SELECT count(*) FROM "x""; DROP TABLE songs; --"')|$(
		psql -X -tAc 'SELECT count(*) FROM songs')"
run_captured "sk-copyin -q 'no\"such; table=$H/odd.tsv'"
case $OUT in
"[stderr]"$'\n''sk-copyin: no"such; table: '*'does not exist'*$'\n''[exit 5]')
	pass "a table that does not exist, named with a quote: refused in one line, naming it" ;;
*) fail "a table that does not exist, named with a quote: refused in one line, naming it" "$OUT" ;;
esac

# The load from S3 with the database's password in DATABASE_URL: every
# process's arguments sampled while it runs.
if [ -n "${S3_READY:-}" ]; then
	DB_SECRET=db-secret-$$
	dropdb --if-exists sk_secret 2>/dev/null; createdb sk_secret
	DATABASE_URL="postgresql://sk:$DB_SECRET@/sk_secret?host=$PGHOST&port=$PGPORT" \
		TMPDIR=$H/tmp make -s -C "$ROOT" load SRC=s3://skb/ex SKBIN="$SK_BIN" \
		>"$H/secret.out" 2>"$H/secret.err" &
	loader=$!
	seen=0 samples=0 modes=""
	while kill -0 "$loader" 2>/dev/null; do
		# The arguments of the load's processes: the loader's descendants.
		ps -eo pid=,ppid=,args= | awk -v root="$loader" '{ parent[$1] = $2; p = $1;
			$1 = $2 = ""; args[p] = $0 } END { for (p in args) { q = p
			while ((q in parent) && q != root && q > 1) q = parent[q]
			if (q == root) print args[p] } }' >"$H/argv"
		samples=$((samples + 1))
		grep -q -e "$AWS_SECRET_ACCESS_KEY" -e "$DB_SECRET" "$H/argv" && seen=$((seen + 1))
		cat "$H/argv" >>"$H/argv.seen"
		for d in "$H"/tmp/sk-load.*; do [ -d "$d" ] && modes="$modes $(stat -c %a "$d")"; done
	done
	wait "$loader" || fail "make load from S3 with a password in DATABASE_URL" "$(cat "$H/secret.err")"
	assert_eq "no process of the load had a secret in its arguments ($samples samples of them all)" \
		"0" "$seen"
	assert_eq "the sampling saw the load's processes" "yes" \
		"$(grep -q 'sk-' "$H/argv.seen" && echo yes || echo no)"
	assert_eq "no secret in the load's output or errors, nor in its record of objects" "0" \
		"$({ cat "$H/secret.out" "$H/secret.err"; psql -X -d sk_secret -tAc 'TABLE sk_objects'; } |
			grep -c -e "$AWS_SECRET_ACCESS_KEY" -e "$DB_SECRET")"
	assert_eq "the load's scratch directory, seen while it ran, is its owner's alone (mode 700)" "700" \
		"$(echo "$modes" | tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd ' ')"
fi

# An https endpoint with a self-signed certificate: refused, unless
# AWS_CA_BUNDLE names its CA.  (The same files as the plain server's.)
if [ -n "${S3_READY:-}" ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$H/key.pem" -out "$H/cert.pem" -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >"$H/openssl.log" 2>&1
	tls_port=$(s3_free_port)
	NODE_OPTIONS=--openssl-legacy-provider "$ROOT/node_modules/.bin/s3rver" -d "$S3_FILES/s3/data" \
		-a 127.0.0.1 -p "$tls_port" --key "$H/key.pem" --cert "$H/cert.pem" --silent \
		>"$H/tls.log" 2>&1 &
	tls_pid=$!
	for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null && break; sleep 0.1; done
	run_captured "AWS_ENDPOINT_URL=https://127.0.0.1:$tls_port sk-fetch -q 's3://skb/enc/c+d.json'"
	case $OUT in
	"[stderr]"$'\n''sk-fetch: s3://skb/enc/c+d.json'*'certificate'*$'\n''[exit 4]')
		pass "https with a self-signed certificate: refused, one line" ;;
	*) fail "https with a self-signed certificate: refused, one line" "$OUT" ;;
	esac
	assert_eq "https with AWS_CA_BUNDLE naming its CA: the object" '{"k":"plus"}' \
		"$(AWS_ENDPOINT_URL=https://127.0.0.1:$tls_port AWS_CA_BUNDLE=$H/cert.pem \
			sk-fetch -q 's3://skb/enc/c+d.json' 2>&1)"
	kill "$tls_pid" 2>/dev/null
fi

# S3 keys no file could be named: a newline, a tab, a backslash and a
# quote, and one of 1,024 bytes (S3's longest; in parts of 200 bytes, as
# s3rver keeps keys as paths).  Listed escaped, read back, loaded like any
# other, recorded byte for byte, not loaded again.
if [ -n "${S3_READY:-}" ]; then
	part=$(printf 'x%.0s' $(seq 1 200))
	long="hk/song_data/$part/$part/$part/$part/$(printf 'y%.0s' $(seq 1 203)).json"
	nl_key=$'hk/log_data/new\nline.json' tab_key=$'hk/log_data/tab\tback\\slash "q".json'
	ex=$ROOT/examples
	{ aws_cli s3 cp --recursive --only-show-errors "$ex/song_data/A/A" s3://skb/hk/song_data/A/ &&
		aws_cli s3api put-object --bucket skb --key "$long" \
			--body "$ex/song_data/A/B/A/TRABAAA128F2222222.json" >/dev/null &&
		for d in B C D; do aws_cli s3 cp --recursive --only-show-errors "$ex/song_data/A/B/$d" \
			"s3://skb/hk/song_data/B$d/" || exit 1; done &&
		aws_cli s3api put-object --bucket skb --key "$nl_key" \
			--body "$ex/log_data/2018/11/2018-11-01-events.json" >/dev/null &&
		aws_cli s3api put-object --bucket skb --key "$tab_key" \
			--body "$ex/log_data/2018/11/2018-11-02-events.json" >/dev/null; } ||
		fail "hostile keys are put on the server"
	assert_eq "a listing writes a key's newline, tab and backslash escaped, a line each" \
		's3://skb/hk/log_data/new\nline.json|s3://skb/hk/log_data/tab\tback\\slash "q".json' \
		"$(sk-fetch -q --list s3://skb/hk/log_data/ | cut -f1 | grep -vxF '\.' | paste -sd '|')"
	assert_eq "a listing of hostile keys read back by --files-from: their records" \
		"$(sk-fetch -q "$ex"/log_data/2018/11/2018-11-0[12]-events.json | cksum)" \
		"$(sk-fetch -q --list s3://skb/hk/log_data/ | sk-fetch -q --files-from - | cksum)"
	dropdb --if-exists sk_hkeys 2>/dev/null; createdb sk_hkeys
	if PGDATABASE=sk_hkeys make -s -C "$ROOT" load SRC=s3://skb/hk SKBIN="$SK_BIN" \
		>"$H/hkeys.out" 2>"$H/hkeys.err"; then
		PGDATABASE=sk_hkeys dump "$H/hkeys"
		expect_tables "objects at hostile keys, loaded" "$TESTS/expected/examples" "$H/hkeys"
		query="SELECT count(*) FROM sk_objects WHERE source IN (:'nl', :'tab', :'long')"
		assert_eq "the record names each hostile key byte for byte" "3" \
			"$(PGDATABASE=sk_hkeys psql -X -tA -v nl="s3://skb/$nl_key" -v tab="s3://skb/$tab_key" \
				-v long="s3://skb/$long" <<<"$query")"
		before="$(star sk_hkeys) $(PGDATABASE=sk_hkeys psql -X -tAc 'SELECT count(*) FROM sk_objects')"
		PGDATABASE=sk_hkeys make -s -C "$ROOT" load SRC=s3://skb/hk SKBIN="$SK_BIN" \
			>"$H/hkeys2.out" 2>&1 || fail "make load again over hostile keys" "$(cat "$H/hkeys2.out")"
		assert_eq "a rerun over hostile keys: the same star and record" "$before" \
			"$(star sk_hkeys) $(PGDATABASE=sk_hkeys psql -X -tAc 'SELECT count(*) FROM sk_objects')"
	else
		fail "make load from hostile keys" "$(cat "$H/hkeys.err")"
	fi
fi

# A key's "../" is its own: the request asks for that key as it is (libcurl
# squashes dot segments of a path).  s3rver cannot keep such a key (it
# stores keys as paths), so a one-shot listener records the request line.
port_file=$H/dotdot.port
python3 - "$port_file" >"$H/dotdot.req" 2>/dev/null <<'PY' &
import http.server, sys
class Once(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        print(self.path, flush=True)
        self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Once)
open(sys.argv[1] + ".tmp", "w").write(str(server.server_address[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.handle_request()
PY
listener=$!
for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.05; done
AWS_ENDPOINT_URL=http://127.0.0.1:$(cat "$port_file") AWS_ACCESS_KEY_ID=k AWS_SECRET_ACCESS_KEY=s \
	AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
	sk-fetch -q --files-from - <<<'s3://skb/a/../b.json' >/dev/null 2>&1
wait "$listener"
assert_eq "a key's ../ is asked for as it is" "/skb/a/../b.json" "$(cat "$H/dotdot.req")"

sk-events2tsv -q --max-errors 100 --rejects "$H/bad.rejects" "$TESTS/data/events/bad.json" >/dev/null 2>&1
assert_eq "a rejects file is its owner's alone (mode 600)" "600" "$(stat -c %a "$H/bad.rejects")"
# Two filters appending to one rejects file at once, each bad record 600 KB
# (more than the writer's buffer): every row arrives whole, none cut into
# the other's.
for w in a b; do
	awk -v w=$w 'BEGIN { pad = w; while (length(pad) < 600000) pad = pad pad; pad = substr(pad, 1, 600000)
		for (i = 1; i <= 20; i++) printf "{\"page\":\"NextSong\",\"userId\":\"%d\",\"pad\":\"%s\",\"ts\":{}}\n", i, pad }' \
		>"$H/big-$w.json"
done
rm -f "$H/big.rejects"
sk-events2tsv -q --max-errors 100 --rejects "$H/big.rejects" -o songplays=/dev/null "$H/big-a.json" 2>/dev/null &
sk-events2tsv -q --max-errors 100 --rejects "$H/big.rejects" -o songplays=/dev/null "$H/big-b.json" 2>/dev/null
wait $!
assert_eq "two filters appending 600 KB rejects at once: 40 whole rows, 20 of each" "20 a
20 b" "$(awk -F'\t' 'NF == 4 && $4 ~ /^\{"page"/ { s = $1; sub(/.*big-/, "", s); sub(/\.json$/, "", s)
	bad = length($4) < 600000; for (i = 60; i < 600000; i += 997) if (substr($4, i, 1) != s) bad = 1
	if (!bad) print s }' "$H/big.rejects" | sort | uniq -c | awk '{ print $1, $2 }')"
export PGDATABASE=sk
