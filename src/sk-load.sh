#!/bin/bash
# sk-load — the full load: SOURCE/song_data and SOURCE/log_data into the
# star, each object once, in one transaction (sk-load(1)).  The pipeline
# of sk's tools that make load ran, as a command of its own, installed
# beside them: it runs them from its own directory, whatever PATH says.
#
# The steps, in a scratch directory of the run's own under TMPDIR (removed
# when it ends; one a killed load left is removed by the next):
#   1. the objects listed (sk-fetch --list) and sifted against the record
#      of loaded objects (sk-copyin --unloaded; --all: not);
#   2. the new songs' tables (sk-songs2tsv), and with plays to resolve the
#      catalogue loaded so far (sk-copyin --songs-loaded, started beside
#      step 1: it reads the star, which nothing writes before step 4);
#   3. the events filter as --parts processes, each on a contiguous share
#      of the objects by size: part 1's songplays stream into sk-copyin
#      through a pipe, the others write files, each holding an exclusive
#      flock(1) on them until it ends, which sk-copyin waits for;
#   4. one sk-copyin: every table and the record, in one transaction.
# A step that fails ends the load: its own exit status is the load's, and
# the last line on stderr says which step failed and why.
set -u
prog=sk-load
version=0.1.0

usage() {
	cat <<-'EOF'
	usage: sk-load [-q] [-j PARTS] [--all] [-d CONNINFO] [--max-errors N]
	               [--rejects FILE] [--dry-run] [--summary-json FILE]
	               [--allow-empty] [--no-sign-request] [--merge] [--text]
	               [--bulk-rows N] [--tally-groups N] SOURCE

	Loads SOURCE/song_data and SOURCE/log_data (a directory or
	s3://bucket/prefix) into the star in the database, each object once:
	those recorded as loaded unchanged (sk_objects) are skipped, the others
	read and recorded in the transaction that commits their rows.

	  -j, --parts N        run the events filter as N processes (1)
	  --all                read every object again, loaded before or not
	  -d, --dbname C       key=value or postgresql:// URI (default:
	                       DATABASE_URL, else the PG* variables)
	  --max-errors N       let up to N bad records through, in each filter:
	                       kept in sk_rejects with the run
	  --rejects FILE       append them to FILE too
	  --dry-run            load, say what the load did, and roll it back
	  --summary-json FILE  the run's row of the history (sk_loads) as JSON,
	                       into FILE (- for stdout)
	  --allow-empty        a prefix or directory with no object is empty, and so
	                       is an object of 0 bytes
	  --no-sign-request    anonymous S3 requests (public buckets)
	  --merge, --text, --bulk-rows N, --tally-groups N
	                       sk-copyin's options (see sk-copyin(1))
	  -q, --quiet          no progress report
	  -h, --help           this text;  --version  the version

	Example: sk-load -j 2 s3://sparkify-data
	EOF
}

die_usage() {
	echo "$prog: $1 (try --help)" >&2
	exit 2
}

# The options: the filters', sk-copyin's, and the load's own.
parts=1 all= quiet= source= conninfo=() max_errors= rejects= dry_run= summary=()
filter_opts=() copy_opts=() list_opts=()
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--version) echo "$prog (sk) $version"; exit 0 ;;
	-q | --quiet) quiet=-q ;;
	-j | --parts)
		[ $# -ge 2 ] || die_usage "$1 needs a value"
		case $2 in '' | *[!0-9]* | 0*) die_usage "$1: '$2' is not a number from 1 to 64" ;; esac
		[ "$2" -le 64 ] || die_usage "$1: '$2' is not a number from 1 to 64"
		parts=$2; shift ;;
	-j*) set -- -j "${1#-j}" "${@:2}"; continue ;;
	--parts=*) set -- --parts "${1#--parts=}" "${@:2}"; continue ;;
	--all) all=1 ;;
	-d | --dbname)
		[ $# -ge 2 ] || die_usage "$1 needs a value"
		conninfo=(-d "$2"); shift ;;
	--max-errors)
		[ $# -ge 2 ] || die_usage "$1 needs a value"
		filter_opts+=("$1" "$2"); max_errors=$2; shift ;;
	--rejects)
		[ $# -ge 2 ] || die_usage "$1 needs a value"
		rejects=$2; shift ;;
	--dry-run) copy_opts+=("$1"); dry_run=1 ;;
	--summary-json)
		[ $# -ge 2 ] || die_usage "$1 needs a value"
		summary=(--summary-json "$2"); shift ;;
	--allow-empty | --no-sign-request) filter_opts+=("$1"); list_opts+=("$1") ;;
	--merge | --text) copy_opts+=("$1") ;;
	--bulk-rows | --tally-groups)
		[ $# -ge 2 ] || die_usage "$1 needs a value"
		copy_opts+=("$1" "$2"); shift ;;
	--) shift; break ;;
	-*) die_usage "unknown option $1" ;;
	*) [ -z "$source" ] || die_usage "one SOURCE only"; source=$1 ;;
	esac
	shift
done
[ $# -eq 0 ] || { [ -z "$source" ] && [ $# -eq 1 ] && source=$1; } || die_usage "one SOURCE only"
[ -n "$source" ] || die_usage "no SOURCE given"
[ -z "$rejects" ] || [ -n "$max_errors" ] || die_usage "--rejects needs --max-errors"

bin=$(dirname "$(readlink -f "$0")")
for tool in sk-fetch sk-songs2tsv sk-events2tsv sk-time sk-copyin; do
	[ -x "$bin/$tool" ] || { echo "$prog: $bin/$tool: not found: sk's tools go beside sk-load" >&2; exit 3; }
done
# SOURCE as users type it: s3://bucket, s3://bucket/, a directory with or
# without its slash; a local one made absolute, the name the record keeps.
case $source in
*://*) source=${source%/} ;;
*) [ -d "$source" ] || { echo "$prog: $source: no such directory" >&2; exit 3; }
	source=$(cd "$source" && pwd) ;;
esac

# The scratch directory is named after this shell; one whose shell is gone
# (SIGKILL runs no cleanup) is removed by the next load.
tmp=${TMPDIR:-/tmp}
for d in "$tmp"/sk-load.*.*; do
	pid=${d#"$tmp"/sk-load.}
	[ -d "$d" ] && ! kill -0 "${pid%%.*}" 2>/dev/null && rm -rf "$d"
done
run=$(mktemp -d "$tmp/sk-load.$$.XXXXXX") || exit 3
catalogue_pid=
trap '[ -z "$catalogue_pid" ] || kill "$catalogue_pid" 2>/dev/null; rm -rf "$run"' EXIT
trap 'exit 130' INT TERM HUP

# step NAME CMD...: runs the tool NAME, its stderr passed on and kept; a
# failure ends the load with the tool's status and, last, its message again
# (make load's and a pipe's follow-on lines are not the cause).
failed() { # failed NAME STATUS [COPY]: COPY, the stderr copy's name if not NAME's
	local name=$1 status=$2 why
	why=$(grep '^sk-[a-z0-9]*: ' "$run/${3:-$name}.err" 2>/dev/null | tail -n 1)
	why=${why:-$name failed (exit $status)}
	keep_rejects
	record_failure "$why"
	echo "$prog: $why" >&2
	exit "$status"
}

# The filters' bad records: each filter appends to a file of its own here
# (--max-errors), which sk-copyin takes into sk_rejects with the run, and
# which go to the user's --rejects file too, in the filters' order.
rejects_files=()
rejects_of() { # rejects_of NAME: the filter's --rejects option, if any
	filter_rejects=()
	[ -z "$max_errors" ] && return
	filter_rejects=(--rejects "$run/$1.rejects")
	: >>"$run/$1.rejects"
	rejects_files+=("$run/$1.rejects")
}
copy_rejects() { # sk-copyin's options for them
	local f
	copy_rejects=()
	for f in "${rejects_files[@]}"; do copy_rejects+=(--rejects "$f"); done
}
keep_rejects() {
	[ -n "$rejects" ] && [ -z "$dry_run" ] && [ ${#rejects_files[@]} -gt 0 ] || return 0
	cat "${rejects_files[@]}" >>"$rejects" || echo "$prog: $rejects: the bad records are not appended" >&2
}

# A failed run's row in the history of loads (sk_loads), with its rejects;
# a database that cannot take it is said once, before the cause.
record_failure() {
	copy_rejects
	"$bin/sk-copyin" "${conninfo[@]}" --failed "$1" --source "$source" "${summary[@]}" \
		"${copy_rejects[@]}" 2>"$run/history.err" ||
		echo "$prog: the failure is not in sk_loads: $(grep '^sk-' "$run/history.err" | tail -n 1)" >&2
}

# tee_stderr VAR NAME: a new descriptor, in VAR, whose lines go to stderr
# and to NAME's copy in the scratch directory (failed reads its last line);
# tee_done FD...: closes them and waits until their copies are written,
# so that a failure's own message is there when it is read.  All are closed
# before any is waited for: a tee started after another holds a copy of
# the other's descriptor.
tee_pids=()
tee_stderr() {
	local fd
	exec {fd}> >(tee -a "$run/$2.err" >&2)
	tee_pids[fd]=$!
	printf -v "$1" '%s' "$fd"
}
tee_done() {
	local fd
	for fd in "$@"; do exec {fd}>&-; done
	for fd in "$@"; do wait "${tee_pids[fd]}" 2>/dev/null; done
}

step() {
	local name=$1 status err
	shift
	tee_stderr err "$name"
	"$@" 2>&"$err"
	status=$?
	tee_done "$err"
	[ "$status" -eq 0 ] || failed "$name" "$status"
}

end_line() { printf '\\.\n' >"$1"; }
# Whether a listing names an object: a line besides its end line.
has_rows() { grep -qvxF '\.' "$1"; }

# The catalogue loaded so far, for the events filter, fetched while the
# objects are listed (a daily load's listing and its catalogue take about
# as long); catalogue_done waits for it, passes its stderr on and fails as
# a step fails, or stops it, unheard, when no log object is to be read.
fetch_catalogue() {
	"$bin/sk-copyin" "${conninfo[@]}" --songs-loaded >"$run/catalogue.tsv" \
		2>"$run/catalogue.err" &
	catalogue_pid=$!
}
catalogue_done() { # catalogue_done wanted|unwanted
	local status=0
	[ "$1" = wanted ] || kill "$catalogue_pid" 2>/dev/null
	wait "$catalogue_pid" || status=$?
	catalogue_pid=
	if [ "$1" = unwanted ]; then
		end_line "$run/catalogue.tsv"
		return
	fi
	cat "$run/catalogue.err" >&2
	[ "$status" -eq 0 ] || failed sk-copyin "$status" catalogue
}

# 1. The objects to read: listed, then sifted against the record.
list_and_sift() {
	local part
	for part in song log; do
		step sk-fetch "$bin/sk-fetch" -q "${list_opts[@]}" --list "$source/${part}_data" \
			>"$run/$part.listed"
		if [ -n "$all" ]; then
			cp "$run/$part.listed" "$run/$part.pending"
		else
			step sk-copyin "$bin/sk-copyin" "${conninfo[@]}" --unloaded "$run/$part.listed" \
				>"$run/$part.pending"
		fi
	done
	# One listing of both, with one end line, the log's.
	{ grep -vxF '\.' "$run/song.listed"; cat "$run/log.listed"; } >"$run/listed"
}

# 2. The new songs' tables; with plays to resolve, the catalogue loaded so
# far too, as a lookup beside the new songs' own.
read_songs() {
	local t
	if has_rows "$run/song.pending"; then
		rejects_of songs
		step sk-songs2tsv "$bin/sk-songs2tsv" $quiet "${filter_opts[@]}" "${filter_rejects[@]}" \
			--files-from "$run/song.pending" -o songs="$run/songs.tsv" \
			-o artists="$run/artists.tsv" -o lookup="$run/lookup.tsv"
	else
		for t in songs artists lookup; do end_line "$run/$t.tsv"; done
	fi
	if has_rows "$run/log.pending"; then
		catalogue_done wanted
	else
		catalogue_done unwanted
	fi
}

# 3. The log objects in parts, a contiguous share each by size, each a
# listing with its end line.
split_parts() {
	awk -F'\t' -v parts="$parts" -v dir="$run" '
	$0 == "\\." { next }
	{ n++; line[n] = $0; size[n] = $2; total += $2 }
	END {
		for (p = 1; p <= parts; p++) printf "" > (dir "/part-" p ".list")
		for (i = 1; i <= n; i++) {
			p = 1 + int((seen + size[i] / 2) * parts / (total + 1))
			seen += size[i]
			print line[i] > (dir "/part-" p ".list")
		}
		for (p = 1; p <= parts; p++) print "\\." > (dir "/part-" p ".list")
	}' "$run/log.pending"
}

# Part $1's events filter, its songplays to $2, then its sk-time; a part
# with no object has tables of no rows: the end-of-data line alone.
# Quiet: sk-copyin shows the rows as they arrive.
events_part() {
	local p=$1 plays=$2 t
	if has_rows "$run/part-$p.list"; then
		rejects_of "part-$p"
		"$bin/sk-events2tsv" -q "${filter_opts[@]}" "${filter_rejects[@]}" \
			--files-from "$run/part-$p.list" \
			-l "$run/catalogue.tsv" -l "$run/lookup.tsv" -o songplays="$plays" \
			-o users="$run/part-$p.users" -o ts="$run/part-$p.ts" \
			-o unresolved="$run/part-$p.unresolved" &&
			"$bin/sk-time" -q -u "$run/part-$p.ts" >"$run/part-$p.time"
	else
		end_line "$plays"
		for t in users time unresolved; do end_line "$run/part-$p.$t"; done
	fi
}

# 4. One transaction: the tables, and the record of every object listed.
# Parts 2..N start first, in the background, each holding an exclusive
# flock(1) on its files until it ends: sk-copyin waits for a locked file's
# writer before reading it (a writer killed leaves it without its
# end-of-data line, and the load fails).  Part 1's files are complete when
# its pipe ends.  sk-copyin merges in the star's order whatever the order
# read.  The status: the first part's filter that failed, else sk-copyin's.
load_star() {
	local p pids=() tables=() status copy_status part_status events_err copy_err
	for p in $(seq 1 "$parts"); do rejects_of "part-$p"; done
	tee_stderr events_err sk-events2tsv
	tee_stderr copy_err sk-copyin
	for p in $(seq 2 "$parts"); do
		exec 5>"$run/part-$p.songplays" 6>"$run/part-$p.users" 7>"$run/part-$p.time" \
			8>"$run/part-$p.unresolved" 9>>"$run/part-$p.rejects"
		flock 5 && flock 6 && flock 7 && flock 8 && flock 9 || exit 3
		( events_part "$p" "$run/part-$p.songplays" ) 2>&"$events_err" &
		pids[p]=$!
		exec 5>&- 6>&- 7>&- 8>&- 9>&-
	done
	copy_rejects
	tables=(songplays=-)
	for p in $(seq 2 "$parts"); do tables+=(songplays="$run/part-$p.songplays"); done
	for p in $(seq 1 "$parts"); do tables+=(users="$run/part-$p.users"); done
	tables+=(artists="$run/artists.tsv" songs="$run/songs.tsv" sk_song_lookup="$run/lookup.tsv")
	for p in $(seq 1 "$parts"); do tables+=(time="$run/part-$p.time"); done
	for p in $(seq 1 "$parts"); do tables+=(sk_plays_unresolved="$run/part-$p.unresolved"); done
	# The group holds the pipe until part 1's sk-time is done (a shell may
	# exec a group's last command without it; hence the exit).
	{ events_part 1 /dev/stdout; status=$?; exit "$status"; } 2>&"$events_err" |
		"$bin/sk-copyin" $quiet "${conninfo[@]}" "${copy_opts[@]}" --create --no-failure-row \
			--source "$source" "${summary[@]}" "${copy_rejects[@]}" \
			--record "$run/listed" "${tables[@]}" 2>&"$copy_err"
	part_status=${PIPESTATUS[0]} copy_status=${PIPESTATUS[1]}
	for p in $(seq 2 "$parts"); do
		wait "${pids[p]}"
		status=$?
		[ "$part_status" -ne 0 ] || part_status=$status
	done
	tee_done "$events_err" "$copy_err"
	# A part killed by SIGPIPE (141) lost its reader: sk-copyin's failure
	# is the cause.
	[ "$part_status" -eq 0 ] || { [ "$part_status" -eq 141 ] && [ "$copy_status" -ne 0 ]; } ||
		failed sk-events2tsv "$part_status"
	[ "$copy_status" -eq 0 ] || failed sk-copyin "$copy_status"
	keep_rejects
}

fetch_catalogue
list_and_sift
read_songs
split_parts
load_star
