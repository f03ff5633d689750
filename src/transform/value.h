/* value.h — JSON values read the way a person would (SPEC §4).
 *
 * A number where text is expected is its text ("artist_name": 112 is the
 * band 112); a string holding a number where a number is expected is that
 * number ("userId": "39"); 1.54e12 and 1540344794796.0 are whole numbers.
 * null, a missing member and (for numbers) an empty string are NULL.  An
 * object or array where a scalar is expected is an error.  Every function
 * returns NULL on success or a reason for the bad-record report. */
#ifndef SK_VALUE_H
#define SK_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transform/json.h"

/* Text ready for the TSV writer; s is NULL for SQL NULL. */
struct text {
	const char *s;
	size_t n;
};

/* Room for decoded strings, reset for each record, grown rarely. */
struct scratch {
	char *buf;
	size_t cap, used;
};

void scratch_reset(struct scratch *sc, size_t record_len);
void scratch_free(struct scratch *sc);

const char *value_text(const struct json_value *v, struct scratch *sc, struct text *out);

/* A whole number in [min, max]; *is_null when NULL. */
const char *value_int(const struct json_value *v, int64_t min, int64_t max,
		      int64_t *out, bool *is_null);

/* A number a double (and PostgreSQL's float8) holds: *out is its text for
 * COPY, NULL text when NULL.  Its value, when a caller needs it, is
 * text_number's: most floats are only passed on, so none is converted here. */
const char *value_float(const struct json_value *v, struct text *out);
double text_number(const struct text *t);

/* Parses text as a whole number the way value_int does; for TSV readers. */
const char *parse_whole(const char *s, size_t n, int64_t min, int64_t max, int64_t *out);

#endif
