/* lines.h — TSV lines out of the sources input.h opens, with where they
 * came from.  A last line without its newline is still a line. */
#ifndef SK_LINES_H
#define SK_LINES_H

#include <stdbool.h>

#include "input.h"
#include "records.h"

struct lines {
	struct input_list list;
	size_t next_object;
	struct input *in;
	char *buf;
	size_t start, end, cap;
	bool object_eof;
	uint64_t line;
};

void lines_open(struct lines *l, char *const sources[], size_t n);
/* The next line, without its newline, as a record (text is writable). */
bool lines_next(struct lines *l, struct record *rec);
void lines_close(struct lines *l);

#endif
