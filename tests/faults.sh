# faults.sh — sk-fetch through the tests' own proxy (tests/tools/s3proxy.py)
# in front of s3rver: every request's SigV4 signature checked against
# botocore's, and faults injected on purpose (throttling, 5xx, a connection
# cut mid-body, a stalled answer) to show the retries recover, and that
# running out of them fails loudly.  Runs after remote.sh, on its server.

[ -n "${S3_READY:-}" ] || { fail "the S3 server and its objects are up (tests/run)"; return 0; }
F=$ROOT/tmp/faults
R=$S3_FILES
mkdir -p "$F"
S3_DIRECT=$AWS_ENDPOINT_URL

# proxy PLAN_JSON: (re)starts the proxy with that plan; sk then talks to it.
proxy() {
	local port
	[ -f "$F/pid" ] && kill "$(cat "$F/pid")" 2>/dev/null
	printf '%s\n' "$1" >"$F/plan.json"
	: >"$F/log"
	port=$(s3_free_port)
	/usr/bin/python3 "$TESTS/tools/s3proxy.py" "$port" "$S3_DIRECT" S3RVER S3RVER \
		"$F/plan.json" "$F/log" 2>"$F/proxy.err" &
	echo $! >"$F/pid"
	export AWS_ENDPOINT_URL=http://127.0.0.1:$port
	for _ in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	fail "the proxy starts" "$(cat "$F/proxy.err")"
}
log_count() { grep -c -- "$1" "$F/log"; }

proxy '[]'
sk-fetch -q s3://skb/many/ >"$F/many"
sk-fetch -q "$R/many" >"$F/many.local"
assert_file_eq "through the checking proxy: 1,100 objects and their listing pages" \
	"$F/many.local" "$F/many"
sk-fetch -q s3://skb/enc/ >"$F/enc"
assert_eq "signatures of keys with space, plus, unicode" "$(sk-fetch "$R/enc")" "$(cat "$F/enc")"
assert_eq "every request carried the signature botocore computes" "0 $(wc -l <"$F/log")" \
	"$(log_count 'sig bad') $(log_count 'sig ok')"
AWS_SESSION_TOKEN=token-of-the-session sk-fetch -q 's3://skb/enc/c+d.json' >/dev/null
assert_eq "a session token is sent and signed" "0" "$(log_count 'sig bad')"

sk-fetch -q --no-sign-request 's3://skb/enc/c+d.json' >/dev/null
assert_eq "--no-sign-request sends its listing and GET unsigned" "2" "$(log_count 'sig unsigned')"

run_captured "AWS_SECRET_ACCESS_KEY=not-the-secret sk-fetch s3://skb/enc/"
assert_eq "a wrong secret is refused where signatures are checked" "[stderr]
sk-fetch: s3://skb/enc/: HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match
[exit 4]" "$OUT"
case $OUT in *not-the-secret*) fail "the secret is not printed" ;; *) pass "the secret is not printed" ;; esac

# No credentials anywhere: the requests go unsigned (said once), and a
# refusal says that none were found, and where sk looked.
proxy '[{"match": "/skb", "faults": ["403"]}]'
run_captured "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE='$F/none' AWS_CONFIG_FILE='$F/none.config' sk-fetch s3://skb/enc/"
assert_eq "no credentials: a 403 says none were found, and where sk looked" "[stderr]
sk-fetch: no AWS credentials found: S3 requests go unsigned, as to a public bucket (--no-sign-request says so)
sk-fetch: s3://skb/enc/: HTTP 403 AccessDenied: Access Denied (no AWS credentials found in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, nor in profile 'default' of $F/none or $F/none.config: the request went unsigned)
[exit 4]" "$OUT"
proxy '[{"match": "/skb", "faults": ["403"]}]'
run_captured "sk-fetch --no-sign-request s3://skb/enc/"
assert_eq "--no-sign-request: the refusal is S3's alone" "[stderr]
sk-fetch: s3://skb/enc/: HTTP 403 AccessDenied: Access Denied
[exit 4]" "$OUT"

proxy '[{"match": "2018-11-01-events.json", "faults": ["503", "slowdown"]},
	{"match": "TRAABAA", "faults": ["500"]}, {"match": "/skb/", "faults": []}]'
assert_eq "503, SlowDown and 500 are retried until the object comes" \
	"$(sk-fetch "$ROOT/examples")" "$(sk-fetch -q s3://skb/ex/ 2>&1)"
assert_eq "three tries for the object throttled twice" "3" "$(log_count '2018-11-01-events.json')"

proxy '[{"match": "2018-11-02-events.json", "faults": ["cut"]}]'
assert_eq "a connection cut mid-body is resumed" \
	"$(sk-fetch "$ROOT/examples/log_data")" "$(sk-fetch -q s3://skb/ex/log_data/ 2>&1)"
assert_eq "the resumed request asks only for the missing bytes" "1" \
	"$(grep '2018-11-02-events.json' "$F/log" | grep -c 'bytes=[1-9]')"
etag=$(sk-fetch --list s3://skb/ex/log_data/2018/11/2018-11-02-events.json | head -n 1 | cut -f 3)
assert_eq "every request for it asks for the listed version (If-Match), the resumed one too" "2 2" \
	"$(grep -c '	/skb/ex/log_data/2018/11/2018-11-02-events.json	' "$F/log") $(grep -cF "	$etag	" "$F/log")"
proxy '[{"match": "2018-11-02-events.json", "faults": ["cut"]}]'
assert_eq "an http(s) object cut mid-body is resumed" \
	"$(sk-fetch "$ROOT/examples/log_data/2018/11/2018-11-02-events.json")" \
	"$(sk-fetch -q "$AWS_ENDPOINT_URL/skb/ex/log_data/2018/11/2018-11-02-events.json" 2>&1)"
assert_eq "... asking for the version its first answer named (If-Match), so that its halves are one version" \
	"-|$etag" "$(cut -f 4 "$F/log" | paste -sd '|')"

# S3 refuses a GET whose If-Match is not the object's ETag (412): an
# object replaced since its listing fails, naming it.
printf '{"v":1}\n' >"$F/c.json"
/usr/bin/aws --endpoint-url "$S3_DIRECT" s3 cp --only-show-errors "$F/c.json" s3://skb/chg3/c.json
proxy '[]'
sk-fetch --list s3://skb/chg3/ >"$F/chg3.list"
printf '{"v":2}\n' >"$F/c.json"
/usr/bin/aws --endpoint-url "$S3_DIRECT" s3 cp --only-show-errors "$F/c.json" s3://skb/chg3/c.json
run_captured "sk-fetch --files-from '$F/chg3.list'"
assert_eq "S3's 412 to the listed ETag: the object changed since its listing, named" "[stderr]
sk-fetch: s3://skb/chg3/c.json: changed since it was listed (ETag $(cut -f 3 "$F/chg3.list" | head -n 1); the server holds another: HTTP 412): nothing of it is loaded, load again
[exit 4]" "$OUT"

proxy '[{"match": "x.json", "faults": ["stall"]}]'
assert_eq "a stalled answer is dropped and retried" '{"k":"nested"}' \
	"$(sk-fetch -q --timeout 2 's3://skb/enc/sub dir/x.json' 2>&1)"

proxy '[{"match": "c%2Bd", "faults": ["503", "503", "503", "503"]}]'
run_captured "AWS_MAX_ATTEMPTS=3 sk-fetch -q s3://skb/enc/"
assert_eq "out of tries: a loud failure naming the key, nothing after it" \
	'[stderr]
sk-fetch: s3://skb/enc/c+d.json (after 3 attempts): HTTP 503 ServiceUnavailable: Please reduce your request rate.
[exit 4]' "$OUT"

proxy '[{"match": "TRAABAA", "faults": ["403"]}]'
run_captured "sk-fetch -q s3://skb/ex/song_data/"
case $OUT in
*"sk-fetch: s3://skb/ex/song_data/A/A/B/TRAABAA128F1234567.json: HTTP 403 AccessDenied"*"[exit 4]")
	pass "403 is not retried and names the key" ;;
*) fail "403 is not retried and names the key" "$OUT" ;;
esac
assert_eq "one request for the forbidden object" "1" "$(log_count TRAABAA)"

proxy '[{"match": "/skb/", "faults": ["503"]}]'
assert_eq "a failed listing page is retried" "1100" "$(sk-fetch -q --list s3://skb/many/ | grep -vcxF '\.')"

# A whole make load from S3 (the examples under s3://skb/ex) through the
# faults: its listings, the songs and the events filters all retry, and
# the star is the one loaded from disk.  Out of tries, the load fails and
# commits nothing; the rerun loads everything.  SK_FAULTS=full adds a
# stalled object (30 s: the tools' default stall timeout).
s3_load() { # s3_load: make load SRC=s3://skb/ex into sk_s3f; output in $F/s3.{out,err}
	PGDATABASE=sk_s3f make -s -C "$ROOT" load SRC=s3://skb/ex SKBIN="$SK_BIN" \
		>"$F/s3.out" 2>"$F/s3.err"
}
dropdb --if-exists sk_s3_disk 2>/dev/null; createdb sk_s3_disk
PGDATABASE=sk_s3_disk make -s -C "$ROOT" load SRC=examples SKBIN="$SK_BIN" >/dev/null 2>"$F/disk.err" ||
	fail "the examples load from disk" "$(cat "$F/disk.err")"
stall=
[ "${SK_FAULTS:-}" = full ] && stall=', {"match": "TRAAAAA", "faults": ["stall"]}'
proxy '[{"match": "list-type", "faults": ["503"]},
	{"match": "2018-11-01-events.json", "faults": ["503", "slowdown"]},
	{"match": "2018-11-02-events.json", "faults": ["cut"]},
	{"match": "TRAABAA", "faults": ["500"]}'"$stall"']'
dropdb --if-exists sk_s3f 2>/dev/null; createdb sk_s3f
s3_load || fail "make load from S3 through 503, SlowDown, 500 and a cut object" "$(cat "$F/s3.err")"
assert_eq "make load from S3 through its faults: the star loaded from disk, every fault met" \
	"$(star sk_s3_disk)|4$([ -n "$stall" ] && echo +1)" \
	"$(star sk_s3f)|$(grep -c -E '	(503|slowdown|500|cut)$' "$F/log")$([ -n "$stall" ] &&
		echo "+$(grep -c '	stall$' "$F/log")")"
proxy '[{"match": "2018-11-02-events.json", "faults": ["503", "503", "503", "503"]}]'
dropdb sk_s3f; createdb sk_s3f
if s3_load; then fail "make load from S3, out of tries on one object: the load fails"; else
	assert_eq "make load from S3, out of tries on one object: the load fails, naming it, and commits nothing" \
		"1|1|0 0" "$(grep -c '^sk-events2tsv: s3://skb/ex/log_data/.*2018-11-02-events.json.*HTTP 503' "$F/s3.err")|$(
			grep '^sk-' "$F/s3.err" | tail -n 1 |
				grep -c '^sk-load: sk-events2tsv: s3://skb/ex/log_data/.*2018-11-02-events.json.*HTTP 503')|$(
			PGDATABASE=sk_s3f psql -X -tAc "SELECT (SELECT count(*) FROM songplays) || ' ' ||
				(SELECT count(*) FROM sk_objects)" 2>/dev/null || echo '0 0')"
fi
s3_load || fail "make load from S3 again, the faults over" "$(cat "$F/s3.err")"
assert_eq "the rerun, the faults over: the star loaded from disk" "$(star sk_s3_disk)" "$(star sk_s3f)"

kill "$(cat "$F/pid")" 2>/dev/null; rm -f "$F/pid"
export AWS_ENDPOINT_URL=$S3_DIRECT
