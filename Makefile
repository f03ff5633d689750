# sk — Sparkify's JSON to a star schema in PostgreSQL, as Unix filters.
#
#   make                 build the tools into bin/
#   make check           install what is missing, run every test, plain and
#                        under ASan+UBSan, against a throwaway PostgreSQL,
#                        and each fuzz harness for a few seconds
#   make fuzz            the libFuzzer harnesses, FUZZ_SECONDS (120) each
#   make faults          the fault suites at full length
#   make demo            start a throwaway PostgreSQL, load examples/
#   make report-shot     a screenshot of the whole report page of the star
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
# The full load, a script over the tools, installed beside them.
SCRIPTS = sk-load
# The stages of the load, each a static library under src/STAGE/, listed
# so that a stage calls only those after it: the link takes them in this
# order, pulling only the objects a tool calls, and fails on a call back up.
STAGES  = report load transform extract common
MODULES_report    = report text about render html
MODULES_load      = db statements aside star summary tally rowqueue feed objects history migrate \
	binary songs_loaded
MODULES_transform = records lines json jsonstr value fields tables catalog events users songlookup \
	utc tsv rejects jqfilter outputs
MODULES_extract   = input remote_input remote s3 http aws stream
MODULES_common    = err cli progress hashmap files pages
BUILD  ?= build/plain
BIN    ?= bin
ARCHIVES = $(STAGES:%=$(BUILD)/libsk-%.a)
HEADERS  = $(wildcard src/*/*.h)

all: $(TOOLS:%=$(BIN)/%) $(SCRIPTS:%=$(BIN)/%)

$(BIN)/sk-load: src/sk-load.sh
	@mkdir -p $(BIN)
	install -m 755 $< $@

$(BUILD)/%.o: src/%.c $(HEADERS) | build-deps
	@mkdir -p $(dir $@)
	$(CC) $(SK_CFLAGS) $(CFLAGS) -c $< -o $@

# Before the compiler's first "No such file": the missing packages, in one
# line, and make deps to install them.
build-deps:
	@tests/deps.sh --build

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

# common/pages.c's growing tables, checked by tests/large.sh.
$(BUILD)/pages: tests/tools/pages.c $(ARCHIVES)
	$(CC) $(SK_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

test-tools: $(BUILD)/jqdiff $(BUILD)/tables $(BUILD)/pages build/gen

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
	$(if $(CITUS),bench/citus.sh,bench/run.sh && bench/daily.sh)

# The daily load alone: the last day added to the days before, against
# its floor (bench/daily.sh).
bench-daily: all deps build/gen
	bench/daily.sh

# A day added to a year of plays against a day added to a month
# (bench/year.sh: 10M events over 365 days, about 10 minutes).
bench-year: all deps build/gen
	bench/year.sh

# Where the first load's time goes, statement by statement, against its
# floor's (bench/statements.sh: one of each, from the server's log).
bench-statements: all deps build/gen
	bench/statements.sh

bench-fetch: all deps
	bench/fetch.sh

# sk-report against one hourly count over songplays, plain and on Citus.
bench-report: all deps build/gen
	bench/report.sh

# ---- the load ---------------------------------------------------------------
# make load SRC=DIR|s3://bucket/prefix: SRC/song_data and SRC/log_data into
# the database that DATABASE_URL or the PG* variables name, by sk-load
# (src/sk-load.sh, sk-load(1)), the load that make install installs:
#   ALL=1      read every object again (sk-load --all)
#   PARTS=N    the events filter as N processes (make -jN: N)
#   SKFLAGS    the filters' options: --max-errors N --rejects FILE,
#              --allow-empty
#   COPYFLAGS  sk-copyin's: --merge, --text, --bulk-rows N, --tally-groups N
#   SKBIN=DIR  another build of the tools, as the tests do with the
#              sanitizer build

SRC   ?= examples
SKFLAGS ?=
COPYFLAGS ?=
ALL ?=
PARTS ?=
SKBIN ?= $(BIN)
LOAD_NEEDS = $(if $(filter $(BIN),$(SKBIN)),all)
JOBS_OF_MAKE = $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))

load: | $(LOAD_NEEDS)
	@$(SKBIN)/sk-load -j $(or $(PARTS),$(JOBS_OF_MAKE),1) $(if $(ALL),--all) $(SKFLAGS) \
		$(COPYFLAGS) $(SRC)

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

# A screenshot of the whole report page, every section at its full height,
# by headless Chromium, from the star loaded now: the one DATABASE_URL or
# the PG* variables name, else the demo's while it runs.  REPORTFLAGS:
# sk-report's options (--from, --to, questions).
report-shot: all
	@mkdir -p tmp
	@if [ -z "$${PGHOST-}$${DATABASE_URL-}" ] && [ -S $(DEMO_PG)/.s.PGSQL.5439 ]; then \
		export PGHOST=$(DEMO_PG) PGPORT=5439 PGUSER=sk PGDATABASE=sk; fi; \
	$(BIN)/sk-report -o $(CURDIR)/tmp/report.html $(REPORTFLAGS) && \
	tests/tools/page-shot.sh $(CURDIR)/tmp/report.html $(CURDIR)/tmp/report.png

demo-stop:
	@. tests/pg.sh && pg_stop $(DEMO_PG)

# ---- install ----------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/sk
	install -m 755 $(TOOLS:%=$(BIN)/%) $(SCRIPTS:%=$(BIN)/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(TOOLS:%=man/%.1) $(SCRIPTS:%=man/%.1) $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 sql/schema.sql sql/citus.sql doc/RULES.md $(DESTDIR)$(PREFIX)/share/sk
	install -d $(DESTDIR)$(PREFIX)/share/sk/report $(DESTDIR)$(PREFIX)/share/sk/load \
		$(DESTDIR)$(PREFIX)/share/sk/migrations
	install -m 644 sql/report/*.sql $(DESTDIR)$(PREFIX)/share/sk/report
	install -m 644 sql/load/*.sql $(DESTDIR)$(PREFIX)/share/sk/load
	install -m 644 sql/migrations/*.sql $(DESTDIR)$(PREFIX)/share/sk/migrations

clean:
	rm -rf build bin tmp/demo-work


.SECONDARY:
.PHONY: all asan test-tools build-deps deps faults fuzz fuzz-build bench bench-daily bench-year bench-statements bench-fetch bench-report check load demo demo-stop report-shot install clean
