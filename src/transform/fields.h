/* fields.h — a record's known members, checked and typed in one call.
 *
 * A tool describes the members it knows as a table of field_spec; every
 * record is read against the whole table, so a record is good or bad the
 * same way whichever of the tool's outputs is being written. */
#ifndef SK_FIELDS_H
#define SK_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transform/json.h"
#include "transform/records.h"
#include "transform/tsv.h"
#include "transform/value.h"

enum field_kind { FIELD_TEXT, FIELD_INT, FIELD_FLOAT };

struct field_spec {
	const char *name;
	enum field_kind kind;
	bool required;       /* missing, null or "" makes the record bad */
	int64_t min, max;    /* FIELD_INT's range */
};

struct field {
	bool null;
	struct text text;    /* TEXT and FLOAT: what goes into the TSV */
	int64_t i;           /* INT */
};

struct record_schema {
	const struct field_spec *specs;
	size_t count;
	struct json_keys keys;   /* filled by schema_init from specs */
	const char *names[JSON_MAX_KEYS];
};

void schema_init(struct record_schema *s, const struct field_spec *specs, size_t count);

/* The reader's working memory, reused from record to record. */
struct record_reader {
	const struct record_schema *schema;
	struct json_keys keys;   /* the schema's, learning this input's order */
	struct json_value raw[JSON_MAX_KEYS];
	struct scratch scratch;
	char why[256];       /* the reason of the last failure */
	uint64_t why_line;   /* and the line it points at */
	/* Called, when set, once a record's JSON is read and before its
	 * fields are converted: where a tool starts fetching the memory it
	 * will look the record up in, so that the conversion hides the wait. */
	void (*parsed)(const struct json_value raw[], void *arg);
	void *parsed_arg;
};

void reader_init(struct record_reader *rd, const struct record_schema *s);
void reader_free(struct record_reader *rd);

/* Fills out[i] for every spec; false with rd->why and rd->why_line set when
 * the record is bad. */
bool reader_read(struct record_reader *rd, const struct record *rec, struct field out[]);
/* The next record of in, read: 1 good (out filled), 0 bad (rd->why set),
 * -1 at the end.  Takes the records layer's fast path and reframes a
 * record the parser finds is not its line. */
int reader_next(struct record_reader *rd, struct records *in, struct record *rec,
		struct field out[]);

/* Writes a TEXT or FLOAT field to a TSV row: its text, or \N. */
void field_put(struct tsv_out *out, const struct field *f);

#endif
