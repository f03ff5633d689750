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

# pg_cluster DIR PORT OPTIONS...: starts (creating when needed) the cluster
# in DIR on PORT with the server options given; prints the directory.
pg_cluster() {
	local dir bin port=$2 where=$1
	shift 2
	bin=$(pg_bindir) || return 1
	dir=$(pg_home "$where") || return 1
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		pg_as_owner "$bin/initdb" -D "$dir/data" -U sk -A trust -E UTF8 --locale=C \
			--no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
	fi
	if ! pg_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-k $dir -p $port -c fsync=off -c full_page_writes=off $*" \
			start >/dev/null || { tail -n 20 "$dir/server.log" >&2; return 1; }
	fi
	echo "$dir"
}

pg_start() {
	local dir port=${SK_PGPORT:-5439}
	# No TCP at all: the socket in the cluster's directory is the only way in.
	dir=$(pg_cluster "$1" "$port" "-c listen_addresses=''") || return 1
	export PGHOST=$dir PGPORT=$port PGUSER=sk PGDATABASE=sk
	unset DATABASE_URL
	psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sk'" | grep -q 1 ||
		createdb sk
}

# Citus (SPEC §2, README "Scaling out"): citus_available says whether the
# extension is installed, or installs it (../shared/citus/install.sh, as
# root); citus_start DIR starts a coordinator and two workers, throwaway
# clusters in DIR/coordinator, DIR/worker1 and DIR/worker2 on 127.0.0.1
# ports SK_CITUS_PORT (5451) to +2, each with database sk and the
# extension, the workers added to the coordinator, whose address it
# exports as PGHOST, PGPORT, PGUSER and PGDATABASE.
citus_available() {
	local bin
	bin=$(pg_bindir) || return 1
	[ -f "$(dirname "$bin")/lib/citus.so" ] && return 0
	[ -f "$ROOT/../shared/citus/install.sh" ] && [ "$(id -u)" = 0 ] &&
		sh "$ROOT/../shared/citus/install.sh" >&2
}

citus_start() {
	local port=${SK_CITUS_PORT:-5451} node n=0 p
	for node in coordinator worker1 worker2; do
		p=$((port + n)) n=$((n + 1))
		pg_cluster "$1/$node" "$p" "-c listen_addresses=127.0.0.1" \
			"-c shared_preload_libraries=citus" "-c max_prepared_transactions=100" >/dev/null ||
			return 1
		psql -X -q -h 127.0.0.1 -p "$p" -U sk -d postgres -tAc \
			"SELECT 1 FROM pg_database WHERE datname = 'sk'" | grep -q 1 ||
			createdb -h 127.0.0.1 -p "$p" -U sk sk || return 1
		psql -X -q -h 127.0.0.1 -p "$p" -U sk -d sk -c "SET client_min_messages = warning" \
			-c "CREATE EXTENSION IF NOT EXISTS citus" || return 1
	done
	export PGHOST=127.0.0.1 PGPORT=$port PGUSER=sk PGDATABASE=sk
	unset DATABASE_URL
	psql -X -q -tAc "SELECT citus_set_coordinator_host('127.0.0.1', $port)" \
		-c "SELECT citus_add_node('127.0.0.1', $((port + 1)))" \
		-c "SELECT citus_add_node('127.0.0.1', $((port + 2)))" >/dev/null
}

# The star on the coordinator: citus_drop_star drops its tables (the
# shards go with them); citus_distribute creates what is missing
# (sql/schema.sql) and distributes it (sql/citus.sql).
citus_drop_star() {
	psql -X -q -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS songplays,
		sk_user_state, users, artists, songs, time, sk_song_lookup, sk_objects,
		sk_plays_hourly, sk_plays_sessions, sk_plays_users, sk_plays_songs, sk_plays_unresolved,
		sk_plays_songs_total, sk_plays_unresolved_total, sk_loads, sk_rejects, sk_schema CASCADE"
}

citus_distribute() {
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
		-f "$ROOT/sql/schema.sql" -f "$ROOT/sql/citus.sql"
}

citus_stop() {
	local node
	for node in coordinator worker1 worker2; do pg_stop "$1/$node"; done
}

pg_stop() {
	local bin dir
	bin=$(pg_bindir) || return 1
	dir=$(pg_home "$1") || return 1
	[ -f "$dir/data/PG_VERSION" ] || return 0
	pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
