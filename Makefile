# sk — Sparkify's JSON to a star schema in PostgreSQL, as Unix filters.
#
#   make                 build the tools into bin/
#   make check           install what is missing, run every test, plain and
#                        under ASan+UBSan, against a throwaway PostgreSQL,
#                        and each fuzz harness for a few seconds
#   make fuzz            the libFuzzer harnesses, FUZZ_SECONDS (120) each
#   make faults          the fault suites at full length
#   make demo            start a throwaway PostgreSQL, load examples/
#   make load SRC=DIR    load DIR/song_data and DIR/log_data into the database
#                        named by DATABASE_URL or the PG* variables
#   make install PREFIX=/usr/local

PREFIX  ?= /usr/local
CC      ?= cc
CFLAGS  ?= -O2 -g
SK_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -Isrc -I/usr/include/postgresql
# Debian's libjq ships no pkg-config file: it is linked by name.  Each tool
# keeps only the libraries its objects call (--as-needed): sk-time links
# none of libcurl, libpq or libjq.
LIBS    = -Wl,--as-needed -lpq -ljq -lzstd -lz -lcurl -lm -pthread

TOOLS   = sk-fetch sk-songs2tsv sk-events2tsv sk-time sk-copyin sk-report
# The stages of the load, each a static library under src/STAGE/, listed
# so that a stage calls only those after it: the link takes them in this
# order, pulling only the objects a tool calls, and fails on a call back up.
STAGES  = report load transform extract common
MODULES_report    = report render html
MODULES_load      = db statements aside star summary tally rowqueue feed objects binary songs_loaded
MODULES_transform = records lines json value fields tables catalog events songlookup \
	utc tsv rejects jqfilter outputs
MODULES_extract   = input remote_input remote s3 http aws stream
MODULES_common    = err cli progress hashmap files
BUILD  ?= build/plain
BIN    ?= bin
ARCHIVES = $(STAGES:%=$(BUILD)/libsk-%.a)
HEADERS  = $(wildcard src/*/*.h)

all: $(TOOLS:%=$(BIN)/%)

$(BUILD)/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(SK_CFLAGS) $(CFLAGS) -c $< -o $@

.SECONDEXPANSION:
$(BUILD)/libsk-%.a: $$(addprefix $(BUILD)/$$*/,$$(addsuffix .o,$$(MODULES_$$*)))
	rm -f $@
	$(AR) rcs $@ $^

$(BIN)/%: $(BUILD)/%.o $(ARCHIVES)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The differential test's reader against libjq (tests/tools/jqdiff.c).
$(BUILD)/jqdiff: tests/tools/jqdiff.c $(ARCHIVES)
	$(CC) $(SK_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The tables' descriptions, printed for tests/tables.sh.
$(BUILD)/tables: tests/tools/tables.c $(ARCHIVES)
	$(CC) $(SK_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

test-tools: $(BUILD)/jqdiff $(BUILD)/tables build/gen

# The same tools with AddressSanitizer and UBSan, for the second test run.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
asan:
	$(MAKE) BUILD=build/asan BIN=build/asan/bin CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" all test-tools

# The libFuzzer harnesses (tests/fuzz/), built by clang with ASan and UBSan
# over the same modules; in this build err.c's exit returns to the harness
# (tests/fuzz/fuzz.h).  make fuzz runs each FUZZ_SECONDS; make check, a few.
FUZZERS = json fields records time copy xml aws
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_SECONDS ?= 120
ERR_EXIT ?=
$(BUILD)/common/err.o: SK_CFLAGS += $(ERR_EXIT)

$(BUILD)/fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(ARCHIVES)
	$(CC) $(SK_CFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/$*.c tests/fuzz/fuzz.c \
		$(ARCHIVES) $(LIBS)

fuzz-build:
	$(MAKE) BUILD=build/fuzz CC=clang ERR_EXIT=-Dexit=fuzz_exit \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" $(FUZZERS:%=build/fuzz/fuzz-%)

fuzz: deps fuzz-build all
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# ---- tests ------------------------------------------------------------------

deps:
	@tests/deps.sh

check: deps
	$(MAKE) all test-tools
	$(MAKE) asan
	$(MAKE) fuzz-build
	tests/run $(BIN) build/asan/bin

# The fault suites at full length (SK_FAULTS=full): the SIGKILL matrix at
# every tenth of a second of a load, in one part and several, a stalled S3
# object during make load, besides what make check runs.
faults: deps all test-tools
	SK_FAULTS=full SK_SUITES="remote loads faults hostile" tests/run $(BIN)

# ---- benchmarks (not tests: they measure, they assert nothing) -------------

build/gen: bench/gen.c
	@mkdir -p build
	$(CC) $(SK_CFLAGS) -O2 -o $@ $<

# CITUS=1: the load on a Citus coordinator and two workers against plain
# PostgreSQL instead (bench/citus.sh).
bench: all deps build/gen
	$(if $(CITUS),bench/citus.sh,bench/run.sh)

bench-fetch: all deps
	bench/fetch.sh

# sk-report against one hourly count over songplays, plain and on Citus.
bench-report: all deps build/gen
	bench/report.sh

# ---- the load ---------------------------------------------------------------
# make load SRC=DIR|s3://bucket/prefix: SRC/song_data and SRC/log_data into
# the database that DATABASE_URL or the PG* variables name.
#
# Exactly once per object: the objects are listed (sk-fetch --list), those
# that the database's record (sk_objects) holds with the same size and
# version are skipped, and the rest are read and loaded with their record,
# in one transaction.  The filters' TSV, each ended by the end-of-data line
# only when its filter succeeded, go to one sk-copyin, which loads them
# all as they come (songplays streaming from the events filter), creating
# the schema first when it is missing, and commits only complete input.
# Each run works in a scratch directory of its own under TMPDIR, removed
# when it ends, so that loads can run side by side.

SRC   ?= examples
SKFLAGS ?=
COPYFLAGS ?=
# ALL=1: read every object again, loaded before or not.
ALL ?=
# The tools the load runs: bin/ (built first), or SKBIN=DIR for another
# build of them, as the tests do with the sanitizer build.
SKBIN ?= $(BIN)
LOAD_NEEDS = $(if $(filter $(BIN),$(SKBIN)),all)
# SRC as users type it: s3://bucket, s3://bucket/, a directory with or
# without its slash; a local one made absolute, the name the record keeps.
SRC_ROOT = $(if $(findstring ://,$(SRC)),$(patsubst %/,%,$(SRC)),$(abspath $(SRC)))
END_LINE = printf '\\.\n'

# The scratch directory is named after the shell that removes it; one whose
# shell is gone (SIGKILL runs no cleanup) is removed by the next load.
load: | $(LOAD_NEEDS)
	@tmp=$${TMPDIR:-/tmp}; for d in "$$tmp"/sk-load.*.*; do pid=$${d#"$$tmp"/sk-load.}; \
		[ -d "$$d" ] && ! kill -0 "$${pid%%.*}" 2>/dev/null && rm -rf "$$d"; done; \
	run=$$(mktemp -d "$$tmp/sk-load.$$$$.XXXXXX") || exit 1; \
	trap 'rm -rf "$$run"' EXIT; trap 'exit 130' INT TERM HUP; \
	$(MAKE) --no-print-directory load-run RUN="$$run" \
		PARTS=$(or $(PARTS),$(JOBS_OF_MAKE),1)

# The objects to read: listed, then sifted against the record (ALL=1: not).
$(RUN)/listed: | $(LOAD_NEEDS)
	@$(SKBIN)/sk-fetch -q --list $(SRC_ROOT)/song_data > $(RUN)/song.listed
	@$(SKBIN)/sk-fetch -q --list $(SRC_ROOT)/log_data > $(RUN)/log.listed
	@for part in song log; do \
		$(if $(ALL),cp $(RUN)/$$part.listed,$(SKBIN)/sk-copyin --unloaded $(RUN)/$$part.listed >) \
			$(RUN)/$$part.pending || exit 1; done
	@cat $(RUN)/song.listed $(RUN)/log.listed > $@

# The new songs' tables; with plays to resolve, the catalogue loaded so far
# too (sk-copyin --songs-loaded), as a lookup beside the new songs' own.
$(RUN)/songs.done: $(RUN)/listed
	@if [ -s $(RUN)/song.pending ]; then $(SKBIN)/sk-songs2tsv $(SKFLAGS) \
		--files-from $(RUN)/song.pending -o songs=$(RUN)/songs.tsv \
		-o artists=$(RUN)/artists.tsv -o lookup=$(RUN)/lookup.tsv; \
	else for t in songs artists lookup; do $(END_LINE) > $(RUN)/$$t.tsv; done; fi
	@if [ -s $(RUN)/log.pending ]; then \
		$(SKBIN)/sk-copyin --songs-loaded > $(RUN)/catalogue.tsv || exit 1; fi
	@touch $@

# The events filter runs as PARTS processes (make -jN: N, else 1), each on
# a contiguous share of the objects to read by size, while sk-copyin loads:
# part 1's songplays stream straight into the COPY through a pipe, the
# other parts write files that sk-copyin reads after it, in input order, so
# songplays and the timestamps are the rows one process writes.  users gets
# a row per user from each part, which sk-copyin's merge reduces to the
# newest as it would have; time, a row per distinct start_time of each
# part, which the merge reduces to one when parts share one (log files by
# day share none).  --max-errors in SKFLAGS counts per part.
PARTS ?=
JOBS_OF_MAKE = $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))
PART_NUMBERS = $(shell seq 1 $(PARTS))
PART_FILES = $(foreach p,$(PART_NUMBERS),$(RUN)/part-$(p).$(1))

$(RUN)/parts: $(RUN)/listed
	@awk -F'\t' -v parts=$(PARTS) -v dir=$(RUN) \
		'{ line[NR] = $$0; size[NR] = $$2; total += $$2 } \
		END { for (p = 1; p <= parts; p++) printf "" > (dir "/part-" p ".list"); \
		for (i = 1; i <= NR; i++) { p = 1 + int((seen + size[i] / 2) * parts / (total + 1)); \
		seen += size[i]; print line[i] > (dir "/part-" p ".list") } }' $(RUN)/log.pending
	@touch $@

# Part $(1)'s events filter, its songplays to $(2), then its sk-time; a
# part with no object has tables of no rows: the end-of-data line alone.
# Quiet: sk-copyin shows the rows as they arrive.
EVENTS_PART = if [ -s $(RUN)/part-$(1).list ]; then $(SKBIN)/sk-events2tsv -q $(SKFLAGS) \
	--files-from $(RUN)/part-$(1).list -l $(RUN)/catalogue.tsv -l $(RUN)/lookup.tsv \
	-o songplays=$(2) -o users=$(RUN)/part-$(1).users -o ts=$(RUN)/part-$(1).ts \
	-o unresolved=$(RUN)/part-$(1).unresolved && \
	$(SKBIN)/sk-time -q -u $(RUN)/part-$(1).ts > $(RUN)/part-$(1).time; \
	else $(END_LINE) > $(2); for t in users time unresolved; do $(END_LINE) > $(RUN)/part-$(1).$$t; done; fi

# One transaction: the tables, and the record of every object listed (the
# ones read are recorded new or changed, the others unchanged).  A table
# named again is read after its other files, as one stream.  Parts 2..N
# start first, in the background, each holding an exclusive flock(1) on
# its files until it ends: sk-copyin waits for a locked file's writer
# before reading it (a writer killed leaves it without its end-of-data
# line, and the load fails).  Part 1's files are complete when its pipe
# ends: the group holds the pipe until its sk-time is done (a shell may
# exec a group's last command, sk-time, without it; hence the exit).  sk-copyin merges in the star's order whatever the order read.
load-run: $(RUN)/parts $(RUN)/songs.done
	@for p in $(filter-out 1,$(PART_NUMBERS)); do \
		exec 5>$(RUN)/part-$$p.songplays 6>$(RUN)/part-$$p.users 7>$(RUN)/part-$$p.time \
			8>$(RUN)/part-$$p.unresolved; \
		flock 5 && flock 6 && flock 7 && flock 8 || exit 1; \
		( $(call EVENTS_PART,$$p,$(RUN)/part-$$p.songplays) ) & \
		exec 5>&- 6>&- 7>&- 8>&-; done; \
	{ $(call EVENTS_PART,1,/dev/stdout); status=$$?; exit $$status; } | \
	$(SKBIN)/sk-copyin $(COPYFLAGS) --init sql/schema.sql --record $(RUN)/listed \
		songplays=- $(foreach p,$(filter-out 1,$(PART_NUMBERS)),songplays=$(RUN)/part-$(p).songplays) \
		$(foreach p,$(call PART_FILES,users),users=$(p)) \
		artists=$(RUN)/artists.tsv songs=$(RUN)/songs.tsv sk_song_lookup=$(RUN)/lookup.tsv \
		$(foreach p,$(call PART_FILES,time),time=$(p)) \
		$(foreach p,$(call PART_FILES,unresolved),sk_plays_unresolved=$(p)); \
	status=$$?; wait; exit $$status

# ---- the demo ---------------------------------------------------------------

DEMO_PG = $(CURDIR)/tmp/demo-pg

demo: deps all
	@. tests/pg.sh && pg_start $(DEMO_PG) && \
	$(MAKE) --no-print-directory load SRC=examples && \
	echo && psql -X -P footer=off -f sql/counts.sql && \
	$(BIN)/sk-report -f text && \
	$(BIN)/sk-report -o $(CURDIR)/tmp/report.html && \
	echo "The report as a page: $(CURDIR)/tmp/report.html  (a screenshot: make report-shot)" && \
	echo "The server is still running.  Connect:  psql -h $$PGHOST -p $$PGPORT -U sk sk" && \
	echo "Stop it:  make demo-stop"

# A screenshot of the demo's report page, by headless Chromium.
report-shot: demo
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir=$(CURDIR)/tmp/chrome --hide-scrollbars --window-size=1280,3000 \
		--screenshot=$(CURDIR)/tmp/report.png file://$(CURDIR)/tmp/report.html 2>/dev/null
	@echo "Screenshot: $(CURDIR)/tmp/report.png"

demo-stop:
	@. tests/pg.sh && pg_stop $(DEMO_PG)

# ---- install ----------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/sk
	install -m 755 $(TOOLS:%=$(BIN)/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(TOOLS:%=man/%.1) $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 sql/schema.sql sql/citus.sql doc/RULES.md $(DESTDIR)$(PREFIX)/share/sk
	install -d $(DESTDIR)$(PREFIX)/share/sk/report $(DESTDIR)$(PREFIX)/share/sk/load
	install -m 644 sql/report/*.sql $(DESTDIR)$(PREFIX)/share/sk/report
	install -m 644 sql/load/*.sql $(DESTDIR)$(PREFIX)/share/sk/load

clean:
	rm -rf build bin tmp/demo-work


.SECONDARY:
.PHONY: all asan test-tools deps faults fuzz fuzz-build bench bench-fetch bench-report check load load-run demo demo-stop report-shot install clean
