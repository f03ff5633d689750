/* json.c — the JSON reader (json_read_object, json_unescape) on any bytes:
 * it answers a value or a reason with an offset inside the input, and
 * decodes every string it accepted into no more bytes than it had.  Each
 * input is read at every vector level the CPU has (jsonstr.h): all must
 * give the same answer, member for member. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "transform/events.h"
#include "transform/json.h"
#include "transform/jsonstr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct json_keys keys;
static const char *names[EV_NFIELDS];

struct answer {
	const char *why;
	size_t where;
	struct json_value values[EV_NFIELDS];
};

static void read_at(enum json_simd level, const char *rec, size_t size, struct answer *a)
{
	json_simd_force(level);
	memset(a, 0, sizeof *a);
	a->why = json_read_object(rec, size, &keys, a->values, &a->where);
}

static bool same_answer(const struct answer *a, const struct answer *b)
{
	if ((a->why == NULL) != (b->why == NULL))
		return false;
	if (a->why)
		return strcmp(a->why, b->why) == 0 && a->where == b->where;
	for (int i = 0; i < EV_NFIELDS; i++) {
		const struct json_value *x = &a->values[i], *y = &b->values[i];
		if (x->type != y->type || x->text != y->text || x->len != y->len ||
		    x->escaped != y->escaped)
			return false;
	}
	return true;
}

static void check_decoding(const struct answer *a)
{
	for (int i = 0; i < EV_NFIELDS; i++) {
		if (a->values[i].type != JSON_STRING)
			continue;
		char *text = malloc(a->values[i].len ? a->values[i].len : 1);
		if (json_unescape(&a->values[i], text) > a->values[i].len)
			abort();
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct answer first, other;
	char *rec = malloc(size ? size : 1); /* exactly the input: ASan sees any overread */

	if (!names[0]) {
		for (int i = 0; i < EV_NFIELDS; i++)
			names[i] = event_fields[i].name;
		json_keys_init(&keys, names, EV_NFIELDS);
	}
	memcpy(rec, data, size);
	read_at(JSON_SIMD_NONE, rec, size, &first);
	if (first.why && first.where > size)
		abort();
	if (!first.why)
		check_decoding(&first);
	for (enum json_simd l = JSON_SIMD_SCALAR; l <= JSON_SIMD_AVX2; l++) {
		read_at(l, rec, size, &other);
		if (!same_answer(&first, &other))
			abort();
	}
	free(rec);
	return 0;
}
