/* json.c — the JSON reader (json_read_object, json_unescape) on any bytes:
 * it answers a value or a reason with an offset inside the input, and
 * decodes every string it accepted into no more bytes than it had. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "transform/events.h"
#include "transform/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct json_keys keys;
static const char *names[EV_NFIELDS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_value values[EV_NFIELDS];
	char *rec = malloc(size ? size : 1); /* exactly the input: ASan sees any overread */
	size_t where = 0;

	if (!names[0]) {
		for (int i = 0; i < EV_NFIELDS; i++)
			names[i] = event_fields[i].name;
		json_keys_init(&keys, names, EV_NFIELDS);
	}
	memcpy(rec, data, size);
	if (json_read_object(rec, size, &keys, values, &where) != NULL) {
		if (where > size)
			abort();
	} else {
		for (int i = 0; i < EV_NFIELDS; i++) {
			if (values[i].type != JSON_STRING)
				continue;
			char *text = malloc(values[i].len ? values[i].len : 1);
			if (json_unescape(&values[i], text) > values[i].len)
				abort();
			free(text);
		}
	}
	free(rec);
	return 0;
}
