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
