/* records.h — JSON records out of the sources, with where they came from.
 *
 * A record is one top-level JSON value: an NDJSON line, or one of several
 * pretty-printed objects back to back in a song file.  The framer only
 * tracks strings and bracket depth; validating is json.h's job.  To keep
 * one bad line from swallowing the rest of an NDJSON file, a raw newline
 * inside a string (never valid JSON) ends the record there. */
#ifndef SK_RECORDS_H
#define SK_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/stream.h"

struct record {
	char *text;          /* not NUL-terminated; writable */
	size_t len;
	const char *source;  /* the object's path, "-" for stdin */
	uint64_t line;       /* line of the record's first byte, from 1 */
	bool multiline;      /* the record spans lines (pretty-printed) */
	bool framed;         /* framed byte by byte, not taken as its line */
};

struct records {
	struct stream stream;
	uint64_t line;
	uint64_t count;      /* records returned so far */
	bool exact;          /* frame every record byte by byte (sk-fetch) */
};

/* Opens the sources (see input.h); none means stdin. */
void records_open(struct records *r, const struct input_sources *sources);
/* The next record: true, or false after the last one.  Unless r->exact, a
 * line that starts with '{' and ends with '}' is taken whole without being
 * framed; when the parser finds it is not exactly one object (a
 * pretty-printed object's first line, two objects on one line), the
 * caller asks records_reframe. */
bool records_next(struct records *r, struct record *rec);
/* Frames rec byte by byte from its start, moving the stream to its true
 * end: true when that changed the record (parse it again), false when the
 * record already was exact (its fault is its own). */
bool records_reframe(struct records *r, struct record *rec);
/* Raw bytes read so far across all objects, for progress reports. */
uint64_t records_raw_bytes(const struct records *r);
void records_close(struct records *r);

#endif
