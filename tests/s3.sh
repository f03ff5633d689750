# s3.sh — a throwaway S3-compatible server for the tests (SPEC §5): s3rver
# from the npm registry, installed into the project's node_modules, on
# 127.0.0.1.  Source it, then:  s3_start DIR  starts it with its files in DIR
# and buckets "skb" and "sparkify", and exports the AWS_* settings that point sk and the
# AWS CLI at it (nothing of the user's own AWS setup is read);  s3_stop DIR.
# s3_put SRC KEY_PREFIX uploads a directory with Debian's AWS CLI.

s3_free_port() {
	local p
	for p in $(seq 4570 4670); do
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	return 1
}

s3_start() {
	local dir port
	mkdir -p "$1/data" && dir=$(cd "$1" && pwd) || return 1
	[ -x "$ROOT/node_modules/.bin/s3rver" ] || { echo "s3.sh: s3rver is not installed (tests/deps.sh)" >&2; return 1; }
	port=$(s3_free_port) || { echo "s3.sh: no free port" >&2; return 1; }
	# Node 20's OpenSSL needs the legacy provider for s3rver's continuation
	# tokens, or listings past 1,000 keys fail.
	NODE_OPTIONS=--openssl-legacy-provider "$ROOT/node_modules/.bin/s3rver" \
		-d "$dir/data" -a 127.0.0.1 -p "$port" --configure-bucket skb --configure-bucket sparkify --silent \
		>"$dir/s3rver.log" 2>&1 &
	echo $! >"$dir/pid"
	export AWS_ENDPOINT_URL=http://127.0.0.1:$port
	export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
	export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
	# The server is local: no proxy of the environment's may stand between.
	export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
	unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_ENDPOINT_URL_S3 AWS_CA_BUNDLE
	for _ in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "s3.sh: s3rver did not start" >&2
	cat "$dir/s3rver.log" >&2
	return 1
}

s3_stop() {
	[ -f "$1/pid" ] && kill "$(cat "$1/pid")" 2>/dev/null
	rm -f "$1/pid"
	return 0
}

# The AWS CLI from Debian (not another one earlier on PATH).
aws_cli() {
	/usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"
}

s3_put() {
	aws_cli s3 cp --recursive --only-show-errors "$1" "s3://skb/$2"
}

# s3_fixture DIR: the server started with its files in DIR/s3, and the
# objects the suites read put there (remote.sh, faults.sh, hostile.sh and
# the man pages' examples): under skb/, many/ (1,100 keys), enc/ (keys
# needing URL-encoding), empty/ (a 0-byte object, and the folder marker
# "empty/"), big/ (100 MB), ex/ (the examples), z/
# (compressed); under sparkify/, the examples.  The local copies stay in
# DIR, which S3_FILES names.  Exports S3_READY=1 when all is up.
s3_fixture() {
	local R=$1
	rm -rf "$R" && mkdir -p "$R/many" "$R/enc/sub dir" "$R/empty" "$R/big" || return 1
	s3_start "$R/s3" || return 1
	for i in $(seq -w 1 1100); do printf '{"n":%d}\n' "$((10#$i))" >"$R/many/$i.json"; done
	printf '{"k":"space"}' >"$R/enc/a b.json"
	printf '{"k":"plus"}' >"$R/enc/c+d.json"
	printf '{"k":"unicode"}' >"$R/enc/é ü.json"
	printf '{"k":"nested"}' >"$R/enc/sub dir/x.json"
	: >"$R/empty/a-zero.json"
	printf '{"k":"after empty"}\n' >"$R/empty/b-one.json"
	for _ in $(seq 1 30); do cat "$ROOT"/examples/log_data/2018/11/*.json; echo; done >"$R/chunk.json"
	while [ "$(stat -c %s "$R/big/big.json" 2>/dev/null || echo 0)" -lt 100000000 ]; do
		cat "$R/chunk.json" "$R/chunk.json" "$R/chunk.json" "$R/chunk.json" >>"$R/big/big.json"
	done
	s3_put "$R/many" many/ && s3_put "$R/enc" enc/ && s3_put "$R/empty" empty/ &&
		aws_cli s3api put-object --bucket skb --key empty/ >/dev/null &&
		s3_put "$R/big" big/ && s3_put "$ROOT/examples" ex/ &&
		aws_cli s3 cp --recursive --only-show-errors "$ROOT/examples" s3://sparkify/ &&
		aws_cli s3 cp --only-show-errors "$TESTS/data/fetch/gzipped.bin" s3://skb/z/1.bin &&
		aws_cli s3 cp --only-show-errors "$TESTS/data/fetch/zstded.bin" s3://skb/z/2.bin &&
		aws_cli s3 cp --only-show-errors "$TESTS/data/fetch/two-members.gz" s3://skb/z/3.gz ||
		return 1
	export S3_READY=1 S3_FILES=$R
}
