/* time.c — sk-time's reading of TSV (lines_next, tsv_split, parse_whole)
 * and its UTC arithmetic, on a source of any bytes. */
#include <unistd.h>

#include "fuzz.h"
#include "transform/lines.h"
#include "transform/tsv.h"
#include "transform/utc.h"
#include "transform/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { COLUMNS = 16 };

static void time_of(char *field, size_t len)
{
	char when[UTC_TEXT_LEN];
	struct utc t;
	int64_t ms;

	if (tsv_is_null(field, len) || parse_whole(field, len, UTC_MIN_MS, UTC_MAX_MS, &ms))
		return;
	utc_from_ms(ms, &t);
	if (utc_format(&t, when) > sizeof when)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], *sources[1] = { path }, *fields[COLUMNS];
	size_t lens[COLUMNS];
	int fd = fuzz_file(data, size, path);
	struct input_sources one = { .names = sources, .count = 1 };
	struct lines in;
	struct record line;

	lines_open(&in, &one);
	FUZZ_TRY({
		while (lines_next(&in, &line)) {
			size_t count = tsv_split(line.text, line.len, fields, lens, COLUMNS);
			for (size_t i = 0; i < count && i < COLUMNS; i++)
				time_of(fields[i], lens[i]);
		}
	});
	lines_close(&in);
	close(fd);
	return 0;
}
