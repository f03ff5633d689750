/* fields.c — the typed-field reader (reader_read) on one record of any
 * bytes, against the events' and the songs' fields: good or bad, never a
 * crash, and a reason whenever bad. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "transform/catalog.h"
#include "transform/events.h"
#include "transform/fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct record_schema events, songs;
static struct record_reader event_reader, song_reader;

static void read_as(struct record_reader *rd, char *text, size_t size, struct field out[])
{
	struct record rec = { text, size, "fuzz", 1, false, false };

	if (!reader_read(rd, &rec, out) && rd->why[0] == '\0')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct field ev[EV_NFIELDS], song[SONG_NFIELDS];
	char *text = malloc(size ? size : 1);

	if (!events.specs) {
		schema_init(&events, event_fields, EV_NFIELDS);
		schema_init(&songs, song_fields, SONG_NFIELDS);
		reader_init(&event_reader, &events);
		reader_init(&song_reader, &songs);
	}
	memcpy(text, data, size);
	read_as(&event_reader, text, size, ev);
	memcpy(text, data, size); /* the reader may unescape in place */
	read_as(&song_reader, text, size, song);
	free(text);
	return 0;
}
