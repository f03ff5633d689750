/* records.c — the record framer and the reader behind it (reader_next),
 * on a source of any bytes (plain, gzip or zstd by its magic), in both
 * framings: NDJSON lines taken whole, and byte by byte (sk-fetch's). */
#include <stdbool.h>
#include <unistd.h>

#include "fuzz.h"
#include "transform/events.h"
#include "transform/fields.h"
#include "transform/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct record_schema events;

static void read_all(char *path, bool exact)
{
	struct record_reader reader;
	struct records in;
	struct record rec;
	struct field f[EV_NFIELDS];
	char *sources[1] = { path };
	struct input_sources one = { .names = sources, .count = 1 };

	/* An sk_die mid-read leaves in open: it is closed after, either way. */
	reader_init(&reader, &events);
	records_open(&in, &one);
	in.exact = exact;
	FUZZ_TRY({
		while (reader_next(&reader, &in, &rec, f) >= 0)
			;
	});
	records_close(&in);
	reader_free(&reader);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path);

	if (!events.specs)
		schema_init(&events, event_fields, EV_NFIELDS);
	read_all(path, false);
	read_all(path, true);
	close(fd);
	return 0;
}
