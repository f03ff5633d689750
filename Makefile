# sk — Sparkify's JSON to a star schema in PostgreSQL, as Unix filters.
# `make` builds bin/; `make check` runs the tests (plain and ASan+UBSan);
# `make demo` starts a throwaway PostgreSQL and loads examples/;
# `make load SRC=DIR` loads a song_data/ + log_data/ tree (see README.md).

PREFIX  ?= /usr/local
CC      ?= cc
CFLAGS  ?= -O2 -g
SK_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -I/usr/include/postgresql
# Debian's libjq ships no pkg-config file: linked by name.
LIBS    = -lpq -ljq -lzstd -lz -lcurl -lm

TOOLS   = sk-fetch sk-songs2tsv sk-events2tsv sk-time sk-copyin
MODULES = err cli tsv json value fields records input rejects progress \
	hashmap outputs catalog events songlookup utc lines db star
BUILD  ?= build/plain
BIN    ?= bin

OBJS = $(MODULES:%=$(BUILD)/%.o)

all: $(TOOLS:%=$(BIN)/%)

$(BUILD)/%.o: src/%.c src/*.h
	@mkdir -p $(BUILD)
	$(CC) $(SK_CFLAGS) $(CFLAGS) -c $< -o $@

$(BIN)/%: $(BUILD)/%.o $(OBJS)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

.SECONDARY:
.PHONY: all
