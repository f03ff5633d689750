/* copy.c — sk-copyin's reading of TSV: the feed (end-of-data line, held
 * back and checked) under the binary COPY encoder (binary.c), for the
 * column types of songplays, songs or artists (the input's first byte
 * picks), on a source of any bytes. */
#include <unistd.h>

#include "common/progress.h"
#include "fuzz.h"
#include "load/binary.h"
#include "load/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i" };
static const enum column_type tables[3][9] = {
	{ COLUMN_TIMESTAMP, COLUMN_INT4, COLUMN_TEXT, COLUMN_TEXT, COLUMN_TEXT, COLUMN_INT4,
	  COLUMN_INT4, COLUMN_TEXT, COLUMN_TEXT },
	{ COLUMN_TEXT, COLUMN_TEXT, COLUMN_TEXT, COLUMN_INT4, COLUMN_FLOAT8 },
	{ COLUMN_TEXT, COLUMN_TEXT, COLUMN_TEXT, COLUMN_FLOAT8, COLUMN_FLOAT8 },
};
static const int widths[3] = { 9, 5, 5 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[1 << 16];
	char path[64], *paths[1] = { path };
	int table = size ? data[0] % 3 : 0;
	int fd = fuzz_file(size ? data + 1 : data, size ? size - 1 : 0, path);
	struct progress quiet;
	struct feed feed;
	struct binary_copy copy;

	progress_start(&quiet, true, "rows", 1);
	feed_open(&feed, paths, 1, true, &quiet);
	binary_open(&copy, feed_read, &feed, "fuzz", names, tables[table], widths[table]);
	FUZZ_TRY({
		while (binary_read(&copy, out, sizeof out) > 0)
			;
	});
	binary_close(&copy);
	feed_close(&feed);
	close(fd);
	return 0;
}
