# sk — Sparkify's JSON to a star schema in PostgreSQL, as Unix filters.
#
#   make                 build the tools into bin/
#   make check           install what is missing, run every test, plain and
#                        under ASan+UBSan, against a throwaway PostgreSQL
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
LIBS    = -Wl,--as-needed -lpq -ljq -lzstd -lz -lcurl -lm

TOOLS   = sk-fetch sk-songs2tsv sk-events2tsv sk-time sk-copyin sk-report
# The stages of the load, each a static library under src/STAGE/, listed
# so that a stage calls only those after it: the link takes them in this
# order, pulling only the objects a tool calls, and fails on a call back up.
STAGES  = report load transform extract common
MODULES_report    = report render html
MODULES_load      = db star feed
MODULES_transform = records lines json value fields catalog events songlookup \
	utc tsv rejects jqfilter outputs
MODULES_extract   = input remote_input remote s3 http aws stream
MODULES_common    = err cli progress hashmap
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

test-tools: $(BUILD)/jqdiff build/gen

# The same tools with AddressSanitizer and UBSan, for the second test run.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
asan:
	$(MAKE) BUILD=build/asan BIN=build/asan/bin CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" all test-tools

# ---- tests ------------------------------------------------------------------

deps:
	@tests/deps.sh

check: deps
	$(MAKE) all test-tools
	$(MAKE) asan
	tests/run $(BIN) build/asan/bin

# ---- benchmarks (not tests: they measure, they assert nothing) -------------

build/gen: bench/gen.c
	@mkdir -p build
	$(CC) $(SK_CFLAGS) -O2 -o $@ $<

bench: all deps build/gen
	bench/run.sh

bench-fetch: all deps
	bench/fetch.sh

# ---- the load ---------------------------------------------------------------
# Two phases, so that bad input commits nothing: the filters write the
# tables' TSV under $(WORK) (each file appears only when its filter
# succeeded), then one sk-copyin loads them all in one transaction, creating
# the schema first when it is missing.

SRC   ?= examples
WORK  ?= work
SKFLAGS ?=
COPYFLAGS ?=
# The tools the load runs: bin/ (built first), or SKBIN=DIR for another
# build of them, as the tests do with the sanitizer build.
SKBIN ?= $(BIN)
LOAD_NEEDS = $(if $(filter $(BIN),$(SKBIN)),all)

$(WORK)/songs.tsv: FORCE | $(LOAD_NEEDS)
	@mkdir -p $(WORK)
	$(SKBIN)/sk-songs2tsv -q $(SKFLAGS) -o songs=$@.tmp -o artists=$(WORK)/artists.tsv.tmp \
		-o lookup=$(WORK)/lookup.tsv.tmp $(SRC)/song_data
	mv $(WORK)/artists.tsv.tmp $(WORK)/artists.tsv
	mv $(WORK)/lookup.tsv.tmp $(WORK)/lookup.tsv
	mv $@.tmp $@

# The events filter runs as PARTS processes (make -jN: N, else 1), side by
# side under make's -j, each on a contiguous share of log_data's objects by
# size; their TSVs are joined in input order, so songplays and the
# timestamps are the rows one process writes.  users gets a row per user
# from each part, which sk-copyin's merge reduces to the newest as it
# would have; time, a row per distinct start_time of each part, which the
# merge reduces to one when parts share one (log files by day share none).
# --max-errors in SKFLAGS counts per part.
PARTS ?=
JOBS_OF_MAKE = $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))
PART_FILES = $(foreach p,$(shell seq 1 $(PARTS)),$(WORK)/part-$(p).$(1))

$(WORK)/log_data.parts: FORCE | $(LOAD_NEEDS)
	@mkdir -p $(WORK)
	rm -f $(WORK)/part-*
ifeq ($(PARTS),1)
	echo '$(SRC)/log_data' > $(WORK)/part-1.list
else
	$(SKBIN)/sk-fetch -q --list $(SRC)/log_data | awk -F'\t' -v parts=$(PARTS) -v dir=$(WORK) \
		'{ name[NR] = $$1; size[NR] = $$2; total += $$2 } \
		END { for (p = 1; p <= parts; p++) printf "" > (dir "/part-" p ".list"); \
		for (i = 1; i <= NR; i++) { p = 1 + int((seen + size[i] / 2) * parts / (total + 1)); \
		seen += size[i]; print name[i] > (dir "/part-" p ".list") } }'
endif
	touch $@

$(WORK)/part-%.done: $(WORK)/log_data.parts $(WORK)/songs.tsv
	tr '\n' '\0' < $(WORK)/part-$*.list | xargs -0 -r -x \
		$(SKBIN)/sk-events2tsv -q $(SKFLAGS) -l $(WORK)/lookup.tsv -o songplays=$(WORK)/part-$*.songplays \
		-o users=$(WORK)/part-$*.users -o ts=$(WORK)/part-$*.ts
	touch $(WORK)/part-$*.songplays $(WORK)/part-$*.users $(WORK)/part-$*.ts
	$(SKBIN)/sk-time -q -u $(WORK)/part-$*.ts > $(WORK)/part-$*.time
	touch $@

# The parts' files joined in order; one part's songplays, the largest
# file, is renamed rather than copied.
$(WORK)/songplays.tsv: $(call PART_FILES,done)
	cat $(call PART_FILES,users) > $(WORK)/users.tsv.tmp
	cat $(call PART_FILES,time) > $(WORK)/time.tsv.tmp
	$(if $(filter 1,$(PARTS)),mv $(WORK)/part-1.songplays,cat $(call PART_FILES,songplays) >) $@.tmp
	rm -f $(WORK)/part-*
	mv $(WORK)/users.tsv.tmp $(WORK)/users.tsv
	mv $(WORK)/time.tsv.tmp $(WORK)/time.tsv
	mv $@.tmp $@

load:
	@$(MAKE) --no-print-directory load-tables PARTS=$(or $(PARTS),$(JOBS_OF_MAKE),1)

load-tables: $(WORK)/songplays.tsv
	$(SKBIN)/sk-copyin -q $(COPYFLAGS) --init sql/schema.sql users=$(WORK)/users.tsv \
		artists=$(WORK)/artists.tsv songs=$(WORK)/songs.tsv time=$(WORK)/time.tsv \
		songplays=$(WORK)/songplays.tsv

# ---- the demo ---------------------------------------------------------------

DEMO_PG = $(CURDIR)/tmp/demo-pg

demo: deps all
	@. tests/pg.sh && pg_start $(DEMO_PG) && \
	$(MAKE) --no-print-directory load SRC=examples WORK=tmp/demo-work && \
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
	install -m 644 sql/schema.sql sql/citus.sql $(DESTDIR)$(PREFIX)/share/sk
	install -d $(DESTDIR)$(PREFIX)/share/sk/report
	install -m 644 sql/report/*.sql $(DESTDIR)$(PREFIX)/share/sk/report

clean:
	rm -rf build bin work tmp/demo-work

FORCE:
.SECONDARY:
.PHONY: all asan test-tools deps bench bench-fetch check load load-tables demo demo-stop report-shot install clean FORCE
