#!/bin/sh
# deps.sh — installs what building and testing sk needs, from Debian's
# packages, when it is missing.  As root it runs apt-get; otherwise it says
# what to install.  deps.sh --build only checks what building needs, and
# says in one line what is missing (make runs it before compiling).
set -e
need=""
have_header() { [ -e "$1" ]; }
have_header /usr/include/postgresql/libpq-fe.h || need="$need libpq-dev"
have_header /usr/include/jq.h || need="$need libjq-dev"
have_header /usr/include/zstd.h || need="$need libzstd-dev"
have_header /usr/include/zlib.h || need="$need zlib1g-dev"
curl_h=""
for f in /usr/include/*/curl/curl.h /usr/include/curl/curl.h; do [ -e "$f" ] && curl_h=$f; done
[ -n "$curl_h" ] || need="$need libcurl4-openssl-dev"
if [ "${1:-}" = --build ]; then
	[ -z "$need" ] && exit 0
	echo "sk: cannot build: missing Debian packages:$need (make deps installs them, as root)" >&2
	exit 1
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$need postgresql"
command -v psql >/dev/null 2>&1 || need="$need postgresql-client"
command -v jq >/dev/null 2>&1 || need="$need jq"
command -v cc >/dev/null 2>&1 || need="$need gcc"
[ -x /usr/bin/aws ] || need="$need awscli"
[ -x /usr/bin/time ] || need="$need time"
[ -x /usr/bin/rclone ] || need="$need rclone"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v npm >/dev/null 2>&1 || need="$need nodejs npm"
command -v make >/dev/null 2>&1 || need="$need make"
command -v flock >/dev/null 2>&1 || need="$need util-linux"
command -v openssl >/dev/null 2>&1 || need="$need openssl"
# clang and its libFuzzer runtime, for the fuzz harnesses (make fuzz).
command -v clang >/dev/null 2>&1 || need="$need clang"
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
	need="$need libclang-rt-14-dev"
install_s3rver() {
	# The S3-compatible test server, into the project's own node_modules.
	[ -x node_modules/.bin/s3rver ] && return 0
	echo "deps.sh: installing s3rver from the npm registry into node_modules/"
	npm install --no-audit --no-fund --loglevel=error >/dev/null
}
install_citus() {
	# Citus, for the scale-out tests, from its source release beside the
	# project (not in Debian); without it (or root) those tests say so and
	# are skipped.
	citus=../shared/citus/install.sh
	[ -f "$citus" ] && [ "$(id -u)" = 0 ] || return 0
	sh "$citus" || echo "deps.sh: Citus did not install: its tests will be skipped" >&2
}
cd "$(dirname "$0")/.."
if [ -z "$need" ]; then install_s3rver; install_citus; exit; fi
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing Debian packages:$need (run as root, or apt-get install them)" >&2
	exit 1
fi
echo "deps.sh: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need >/dev/null
install_s3rver
install_citus
