/* copy.c — sk-copyin's reading of TSV: the feed (end-of-data line, held
 * back and checked) under the binary COPY encoder (binary.c), for the
 * column types of songplays, songs, artists or the unresolved rows (the
 * input's first byte picks), on a source of any bytes; songplays' and the
 * unresolved rows counted by the summaries' tally (tally.c) as they pass,
 * every other input with a cap of 4 groups that makes it let go. */
#include <unistd.h>

#include "common/progress.h"
#include "fuzz.h"
#include "load/binary.h"
#include "load/feed.h"
#include "load/tally.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { TABLES = 4 };

static const char *const names[TABLES][9] = {
	{ "start_time", "user_id", "level", "song_id", "artist_id", "session_id",
	  "item_in_session", "location", "user_agent" },
	{ "a", "b", "c", "d", "e" },
	{ "a", "b", "c", "d", "e" },
	{ "start_time", "user_id", "session_id", "item_in_session", "title", "artist" },
};
static const enum column_type tables[TABLES][9] = {
	{ COLUMN_TIMESTAMP, COLUMN_INT4, COLUMN_TEXT, COLUMN_TEXT, COLUMN_TEXT, COLUMN_INT4,
	  COLUMN_INT4, COLUMN_TEXT, COLUMN_TEXT },
	{ COLUMN_TEXT, COLUMN_TEXT, COLUMN_TEXT, COLUMN_INT4, COLUMN_FLOAT8 },
	{ COLUMN_TEXT, COLUMN_TEXT, COLUMN_TEXT, COLUMN_FLOAT8, COLUMN_FLOAT8 },
	{ COLUMN_TIMESTAMP, COLUMN_INT4, COLUMN_INT4, COLUMN_INT4, COLUMN_TEXT, COLUMN_TEXT },
};
static const int widths[TABLES] = { 9, 5, 5, 6 };

/* A tally for the table's rows, when it has one: false for the others. */
static bool tally_for(int table, bool capped, struct tally *t, struct binary_copy *copy)
{
	bool open = table == 0 ? tally_open(t, SIZE_MAX, names[0], tables[0], widths[0])
		  : table == 3 ? tally_titles_open(t, SIZE_MAX, names[3], tables[3], widths[3])
		  : false;

	if (open) {
		t->max_groups = capped ? 4 : SIZE_MAX;
		binary_observe(copy, table == 0 ? tally_row : tally_title_row, t);
	}
	return open;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[1 << 16];
	char path[64], *paths[1] = { path };
	int table = size ? data[0] % TABLES : 0;
	bool capped = size && data[0] / TABLES % 2;
	int fd = fuzz_file(size ? data + 1 : data, size ? size - 1 : 0, path);
	struct progress quiet;
	struct feed feed;
	struct binary_copy copy;
	struct tally tally;
	bool tallied;

	progress_start(&quiet, true, "rows", 1);
	feed_open(&feed, paths, 1, true, &quiet);
	binary_open(&copy, feed_read, &feed, "fuzz", names[table], tables[table], widths[table]);
	tallied = tally_for(table, capped, &tally, &copy);
	FUZZ_TRY({
		while (binary_read(&copy, out, sizeof out) > 0)
			;
	});
	if (tallied)
		tally_close(&tally);
	binary_close(&copy);
	feed_close(&feed);
	close(fd);
	return 0;
}
