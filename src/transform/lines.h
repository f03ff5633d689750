/* lines.h — TSV lines out of the sources, with where they came from.  A
 * last line without its newline is still a line.  An object's end-of-data
 * line (tsv.h) is not returned: it is noted, and a line after it is an
 * error (two streams joined, or one reordered by sort). */
#ifndef SK_LINES_H
#define SK_LINES_H

#include <stdbool.h>

#include "extract/stream.h"
#include "transform/records.h"

struct lines {
	struct stream stream;
	uint64_t line;
	bool object_ended;  /* the current object's end-of-data line was read */
	bool all_ended;     /* every object so far ended with one */
};

void lines_open(struct lines *l, const struct input_sources *sources);
/* The next line, without its newline, as a record (text is writable).
 * After the last, l->all_ended tells whether every object was complete. */
bool lines_next(struct lines *l, struct record *rec);
void lines_close(struct lines *l);

#endif
