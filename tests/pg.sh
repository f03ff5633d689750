# pg.sh — a throwaway PostgreSQL cluster for the tests and the demo (SPEC §5).
# Source it, then:  pg_start DIR   starts (creating when needed) a cluster in
# DIR, reachable only through a unix socket in DIR, and exports PGHOST,
# PGPORT, PGUSER and PGDATABASE;  pg_stop DIR  stops it.  The system's own
# clusters are never touched.  PostgreSQL refuses to run as root, so as root
# the server runs as the unprivileged 'postgres' user.

pg_bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -x "$d/initdb" ] || { echo "pg.sh: no PostgreSQL server (apt-get install postgresql)" >&2; return 1; }
	echo "$d"
}

# Runs a server command as the user the cluster belongs to.
pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The directory that really holds the cluster asked for in $1: $1 itself,
# or, when root's 'postgres' user cannot reach it (a parent closed to it, as
# under /root), a directory of the same name's hash under /tmp.
pg_home() {
	local dir
	mkdir -p "$1" && dir=$(cd "$1" && pwd) || return 1
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir"
		if ! runuser -u postgres -- test -w "$dir"; then
			dir=/tmp/sk-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)
			mkdir -p "$dir" && chown postgres: "$dir" && chmod 755 "$dir"
		fi
	fi
	echo "$dir"
}

pg_start() {
	local dir bin port=${SK_PGPORT:-5439}
	bin=$(pg_bindir) || return 1
	dir=$(pg_home "$1") || return 1
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		pg_as_owner "$bin/initdb" -D "$dir/data" -U sk -A trust -E UTF8 --locale=C \
			--no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
	fi
	export PGHOST=$dir PGPORT=$port PGUSER=sk PGDATABASE=sk
	unset DATABASE_URL
	if ! pg_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		# No TCP at all: the socket in $dir is the only way in.
		pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c full_page_writes=off" \
			start >/dev/null || { tail -n 20 "$dir/server.log" >&2; return 1; }
	fi
	psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sk'" | grep -q 1 ||
		createdb sk
}

pg_stop() {
	local bin dir
	bin=$(pg_bindir) || return 1
	dir=$(pg_home "$1") || return 1
	[ -f "$dir/data/PG_VERSION" ] || return 0
	pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
