/* lines.h — TSV lines out of the sources, with where they came from.  A
 * last line without its newline is still a line. */
#ifndef SK_LINES_H
#define SK_LINES_H

#include <stdbool.h>

#include "extract/stream.h"
#include "transform/records.h"

struct lines {
	struct stream stream;
	uint64_t line;
};

void lines_open(struct lines *l, char *const sources[], size_t n);
/* The next line, without its newline, as a record (text is writable). */
bool lines_next(struct lines *l, struct record *rec);
void lines_close(struct lines *l);

#endif
