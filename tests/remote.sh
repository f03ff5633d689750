# remote.sh — sk-fetch and the load from a real S3-compatible server
# (s3rver on 127.0.0.1, tests/s3.sh), objects put there by the AWS CLI
# before the suites run (s3_fixture, started by tests/run).

R=$ROOT/tmp/remote
[ -n "${S3_READY:-}" ] || { fail "the S3 server and its objects are up (tests/run)"; return 0; }

assert_eq "a listing past 1,000 keys is followed to the end, then its end line" "1100 \\." \
	"$(sk-fetch --list s3://skb/many/ | grep -vcxF '\.') $(sk-fetch --list s3://skb/many/ | tail -n 1)"
sk-fetch -q s3://skb/many/ >"$R/many.s3" 2>"$R/many.err"
sk-fetch -q "$R/many" >"$R/many.local"
assert_file_eq "1,100 objects: the same records as from disk, in key order" "$R/many.local" "$R/many.s3"
sk-fetch -q -j 1 s3://skb/many/ >"$R/many.serial"
sk-fetch -q -j 64 s3://skb/many/ >"$R/many.parallel"
assert_file_eq "parallel output is byte for byte the serial output" "$R/many.serial" "$R/many.parallel"

assert_eq "keys needing URL-encoding: space, plus, unicode, nested" \
	"$(sk-fetch "$R/enc")" "$(sk-fetch s3://skb/enc/ 2>&1)"
run_captured "sk-fetch s3://skb/empty"
assert_eq "an empty object (0 bytes) is an error that names it" "[stderr]
sk-fetch: s3://skb/empty/a-zero.json: empty object (0 bytes) (--allow-empty takes it as empty)
[exit 1]" "$OUT"
assert_eq "--allow-empty: an empty object is no record and ends nothing" '{"k":"after empty"}' \
	"$(sk-fetch --allow-empty s3://skb/empty 2>&1)"
assert_eq "a folder marker (the key empty/, as the S3 console makes) is no object" \
	"s3://skb/empty/a-zero.json s3://skb/empty/b-one.json" \
	"$(sk-fetch --list s3://skb/empty/ 2>&1 | cut -f 1 | grep -vxF '\.' | paste -sd ' ')"
assert_eq "gzip and zstd objects are decompressed by content" \
	"$(sk-fetch "$TESTS/data/fetch/gzipped.bin" "$TESTS/data/fetch/zstded.bin" "$TESTS/data/fetch/two-members.gz")" \
	"$(sk-fetch s3://skb/z/ 2>&1)"
assert_eq "a key names that object alone" '{"k":"plus"}' "$(sk-fetch 's3://skb/enc/c+d.json' 2>&1)"

if command -v /usr/bin/time >/dev/null; then
	/usr/bin/time -f %M -o "$R/big.rss" sk-fetch -q s3://skb/big/ | cksum >"$R/big.s3"
	sk-fetch -q "$R/big" | cksum >"$R/big.local"
	assert_file_eq "a 100 MB object arrives whole" "$R/big.local" "$R/big.s3"
	rss=$(cat "$R/big.rss")
	if [ "$SK_BIN" != "$ROOT/bin" ]; then
		echo "# peak RSS under the sanitizers (${rss} kB) says nothing: checked on the plain build"
	elif [ "$rss" -lt 60000 ]; then pass "a 100 MB object streams (peak RSS ${rss} kB)"
	else fail "a 100 MB object streams (peak RSS ${rss} kB, over 60000)"; fi
else
	fail "GNU time is installed (tests/deps.sh)"
fi

assert_eq "an http(s) URL is one object" "$(sk-fetch "$R/enc/c+d.json")" \
	"$(sk-fetch "$AWS_ENDPOINT_URL/skb/enc/c%2Bd.json" 2>&1)"
run_captured "sk-fetch '$AWS_ENDPOINT_URL/skb/ex/none.json'"
assert_eq "a missing object is a clear error" "[stderr]
sk-fetch: $AWS_ENDPOINT_URL/skb/ex/none.json: HTTP 404 NoSuchKey: The specified key does not exist.
[exit 4]" "$OUT"
run_captured "sk-fetch s3://nobucket/x"
assert_eq "a missing bucket is a clear error" "[stderr]
sk-fetch: s3://nobucket/x: HTTP 404 NoSuchBucket: The specified bucket does not exist
[exit 4]" "$OUT"
run_captured "sk-fetch s3://skb/nothing/here/"
assert_eq "an empty prefix is an error that names it" "[stderr]
sk-fetch: s3://skb/nothing/here/: no objects (--allow-empty takes it as empty)
[exit 3]" "$OUT"
run_captured "sk-fetch --allow-empty s3://skb/nothing/here/"
assert_eq "--allow-empty takes an empty prefix as empty" "[exit 0]" "$OUT"
run_captured "sk-fetch --list s3://skb/nothing/"
assert_eq "--list: an empty prefix is an error too" "[stderr]
sk-fetch: s3://skb/nothing/: no objects (--allow-empty takes it as empty)
[exit 3]" "$OUT"
for form in s3://sparkify s3://sparkify/; do
	assert_eq "the bucket as $form: every object" "$(sk-fetch "$ROOT/examples")" "$(sk-fetch -q "$form" 2>&1)"
done
for form in s3://sparkify/log_data s3://sparkify/log_data/; do
	assert_eq "a prefix as $form" "$(sk-fetch "$ROOT/examples/log_data")" "$(sk-fetch -q "$form" 2>&1)"
done

# Credentials as the AWS CLI finds them: a profile in the credentials file.
printf '[other]\naws_access_key_id = NOPE\naws_secret_access_key = SECRET-NOT-SHOWN\n[sk]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n' >"$R/credentials"
run_captured "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE='$R/credentials' AWS_PROFILE=sk sk-fetch s3://skb/enc/c+d.json"
assert_eq "keys from AWS_PROFILE's section of the credentials file" '{"k":"plus"}
[exit 0]' "$OUT"
run_captured "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE='$R/credentials' AWS_PROFILE=other sk-fetch s3://skb/enc/"
case $OUT in
*"HTTP 403 InvalidAccessKeyId"*"[exit 4]") pass "another profile's keys are the ones sent" ;;
*) fail "another profile's keys are the ones sent" "$OUT" ;;
esac
case $OUT in
*SECRET-NOT-SHOWN*) fail "the secret appears in no output" "$OUT" ;;
*) pass "the secret appears in no output" ;;
esac

printf '[profile sk]\nregion = eu-west-1\nendpoint_url = %s\n' "$AWS_ENDPOINT_URL" >"$R/config"
run_captured "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_ENDPOINT_URL -u AWS_REGION AWS_SHARED_CREDENTIALS_FILE='$R/credentials' AWS_CONFIG_FILE='$R/config' AWS_PROFILE=sk sk-fetch s3://skb/enc/c+d.json"
assert_eq "endpoint and region from the profile in the config file" '{"k":"plus"}
[exit 0]' "$OUT"

# The whole load from S3 gives the star the local load gives.
dropdb --if-exists sk_s3 2>/dev/null; createdb sk_s3
export PGDATABASE=sk_s3
if make -s -C "$ROOT" load SRC=s3://skb/ex SKBIN="$SK_BIN" >"$R/load.out" 2>"$R/load.err"
then pass "make load SRC=s3://..."; else fail "make load SRC=s3://..." "$(cat "$R/load.err")"; fi
dump "$R/star"
expect_tables "the star from S3" "$TESTS/expected/examples" "$R/star"
# The bucket itself, as users type it, with or without its slash.
for form in s3://sparkify/ s3://sparkify; do
	dropdb --if-exists sk_s3 2>/dev/null; createdb sk_s3
	make -s -C "$ROOT" load SRC="$form" SKBIN="$SK_BIN" >"$R/load.out" 2>"$R/load.err" ||
		fail "make load SRC=$form" "$(cat "$R/load.err")"
	dump "$R/star"
	expect_tables "make load SRC=$form" "$TESTS/expected/examples" "$R/star"
done
assert_eq "the record names the S3 objects" "s3://sparkify/log_data/2018/11/2018-11-01-events.json" \
	"$(psql -X -tAc "SELECT min(source) FROM sk_objects WHERE source LIKE '%log_data%'")"
make -s -C "$ROOT" load SRC=s3://sparkify/ SKBIN="$SK_BIN" >"$R/load.out" 2>"$R/load.err"
assert_eq "S3 objects recorded with their ETag are skipped the next time" \
	"objects: 0 new, 0 changed, 9 unchanged" "$(grep '^objects:' "$R/load.out")"
run_captured "make -s -C '$ROOT' load SRC=s3://skb/nothing SKBIN='$SK_BIN'"
case $OUT in
*"sk-fetch: s3://skb/nothing/song_data: no objects (--allow-empty takes it as empty)"*) pass "make load of an empty prefix fails, naming it" ;;
*) fail "make load of an empty prefix fails, naming it" "$OUT" ;;
esac

# An object replaced or deleted between its listing and its GET.  The GET
# asks for the listed ETag (If-Match; faults.sh shows S3's 412 refusal
# through the proxy), and the answer's ETag is compared too, for servers
# such as s3rver that ignore If-Match: the read fails, naming the object.
mkdir -p "$R/chg"
printf '{"v":1}\n' >"$R/chg/a.json"; printf '{"v":1}\n' >"$R/chg/b.json"
s3_put "$R/chg" chg/
sk-fetch --list s3://skb/chg/ >"$R/chg.list"
printf '{"v":2}\n' >"$R/chg/b.json"; s3_put "$R/chg" chg/
listed=$(awk -F '\t' '$1 ~ /b.json$/ { print $3 }' "$R/chg.list")
now=$(sk-fetch --list s3://skb/chg/ | awk -F '\t' '$1 ~ /b.json$/ { print $3 }')
run_captured "sk-fetch --files-from '$R/chg.list' >/dev/null"
assert_eq "an S3 object replaced since its listing is refused, naming both ETags" "[stderr]
sk-fetch: s3://skb/chg/b.json: changed since it was listed (ETag $listed; now $now): nothing of it is loaded, load again
[exit 4]" "$OUT"
aws_cli s3 rm --only-show-errors s3://skb/chg/a.json
run_captured "sk-fetch --files-from '$R/chg.list'"
assert_eq "an S3 object deleted since its listing is refused, naming it" "[stderr]
sk-fetch: s3://skb/chg/a.json: HTTP 404 NoSuchKey: The specified key does not exist.
[exit 4]" "$OUT"

# The same in a whole load: a log object replaced right after sk-load
# listed it fails the load, naming it, and nothing is committed; the next
# load reads the new version and records its ETag.
W=$R/wrapped-bin
rm -rf "$W" && mkdir -p "$W" && cp "$SK_BIN"/sk-* "$W"/
cat >"$W/sk-fetch" <<EOS
#!/bin/sh
"$SK_BIN/sk-fetch" "\$@" || exit
case " \$* " in *" --list "*log_data*)
	printf '%s\n' "\$(sed -n 2p '$ROOT/examples/log_data/2018/11/2018-11-02-events.json')" >'$R/day2.json'
	/usr/bin/aws --endpoint-url "\$AWS_ENDPOINT_URL" s3 cp --only-show-errors '$R/day2.json' \
		s3://skb/ex2/log_data/2018/11/2018-11-02-events.json ;;
esac
EOS
s3_put "$ROOT/examples" ex2/
dropdb --if-exists sk_s3_chg 2>/dev/null; createdb sk_s3_chg
run_captured "PGDATABASE=sk_s3_chg '$W/sk-load' -q s3://skb/ex2"
case $OUT in
*": s3://skb/ex2/log_data/2018/11/2018-11-02-events.json: changed since it was listed (ETag "*"[exit 4]")
	pass "a load whose object is replaced after its listing fails, naming it" ;;
*) fail "a load whose object is replaced after its listing fails, naming it" "$OUT" ;;
esac
assert_eq "... and commits nothing" "0" \
	"$(PGDATABASE=sk_s3_chg psql -X -tAc "SELECT count(*) FROM pg_tables WHERE tablename = 'songplays'")"
PGDATABASE=sk_s3_chg sk-load -q s3://skb/ex2 >/dev/null 2>"$R/chg.err" || fail "the load after it" "$(cat "$R/chg.err")"
assert_eq "the next load records the version it read: the new ETag, the new object's one event" \
	"$(sk-fetch --list s3://skb/ex2/log_data/2018/11/2018-11-02-events.json | cut -f 3 | head -n 1)|1" \
	"$(PGDATABASE=sk_s3_chg psql -X -tAc "SELECT version FROM sk_objects WHERE source LIKE '%2018-11-02-events.json'")|$(
	   PGDATABASE=sk_s3_chg psql -X -tAc "SELECT count(*) FROM songplays WHERE start_time::date = '2018-11-02'")"

# The real sample data, put on the server once, loads to the star that
# realdata.sh loaded from disk into sk_real.
REAL=${SK_REALDATA:-$ROOT/../shared/data/sparkify}
if [ -d "$REAL/song_data" ]; then
	if [ -z "${S3_REAL_READY:-}" ]; then
		s3_put "$REAL" real/ || fail "the real data is put on the server"
		S3_REAL_READY=1
	fi
	dropdb --if-exists sk_s3_real 2>/dev/null; createdb sk_s3_real
	export PGDATABASE=sk_s3_real
	make -s -C "$ROOT" load SRC=s3://skb/real SKBIN="$SK_BIN" >"$R/real.out" 2>"$R/real.err" ||
		fail "make load of the real data from S3" "$(cat "$R/real.err")"
	dump "$R/star-real-s3"
	export PGDATABASE=sk_real
	dump "$R/star-real-disk"
	expect_tables "real data: the star from S3 equals the star from disk" "$R/star-real-disk" "$R/star-real-s3"
fi
export PGDATABASE=sk
