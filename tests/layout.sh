# layout.sh — the tools link only the libraries they call, and src/'s
# stages include only the stages after them (report, load, transform,
# extract, common: the order the link takes them in).

# The libraries each tool names (readelf's NEEDED), the sanitizers' own
# runtime aside.
needed() {
	readelf -d "$SK_BIN/$1" | sed -n 's/.*Shared library: \[\(lib[^.]*\)\..*/\1/p' |
		grep -v '^lib\(asan\|ubsan\|stdc++\|gcc_s\|dl\|pthread\|rt\)$' | sort | tr '\n' ' '
}
assert_eq "sk-fetch links libcurl, zstd, zlib" "libc libcurl libz libzstd " "$(needed sk-fetch)"
assert_eq "sk-songs2tsv links libjq, libcurl, zstd, zlib" "libc libcurl libjq libz libzstd " \
	"$(needed sk-songs2tsv)"
assert_eq "sk-events2tsv links libjq, libcurl, zstd, zlib" "libc libcurl libjq libz libzstd " \
	"$(needed sk-events2tsv)"
assert_eq "sk-time links no libcurl, libpq or libjq" "libc libz libzstd " "$(needed sk-time)"
assert_eq "sk-copyin links libpq, libcurl, zstd, zlib" "libc libcurl libpq libz libzstd " \
	"$(needed sk-copyin)"
assert_eq "sk-report links libpq and libm" "libc libm libpq " "$(needed sk-report)"

# Every quoted include names a stage at or after the including file's own.
stage_rank() { case $1 in report) echo 1 ;; load) echo 2 ;; transform) echo 3 ;;
	extract) echo 4 ;; common) echo 5 ;; *) echo 0 ;; esac; }
upward=$(cd "$ROOT/src" && for f in */*.[ch]; do
	from=$(stage_rank "${f%%/*}")
	sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f" | while read -r to; do
		[ "$(stage_rank "$to")" -ge "$from" ] || echo "$f includes $to/"
	done
done)
assert_eq "src/: each stage includes only itself and the stages after it" "" "$upward"
assert_eq "src/: six tools, the load over them, and five stages" \
	"common extract load report sk-copyin.c sk-events2tsv.c sk-fetch.c sk-load.sh sk-report.c sk-songs2tsv.c sk-time.c transform" \
	"$(ls "$ROOT/src" | tr '\n' ' ' | sed 's/ $//')"
