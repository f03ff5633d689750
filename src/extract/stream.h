/* stream.h — a window of bytes over the objects a tool reads, one object
 * after another.  records.c frames JSON records in it and lines.c TSV
 * lines; both keep the bytes they have not framed yet, buf[start..end),
 * and ask for more only when a record or line runs past the end. */
#ifndef SK_STREAM_H
#define SK_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "extract/input.h"

struct stream {
	struct input_list list;
	size_t next_object;
	struct input *in;        /* the current object, or NULL */
	char *buf;
	size_t start, end, cap;
	bool object_eof;
	uint64_t raw_done;       /* raw bytes of the objects already closed */
};

/* Expands the sources (see input.h). */
void stream_open(struct stream *s, const struct input_sources *sources);
/* Closes the current object and opens the next: false after the last. */
bool stream_next_object(struct stream *s);
/* Reads more of the current object, keeping buf[start..end) (moved to the
 * front, or the buffer grown when it is all unframed): false at its end. */
bool stream_refill(struct stream *s);
/* The current object's name, for messages. */
const char *stream_source(const struct stream *s);
/* Raw (compressed) bytes read so far, for progress reports. */
uint64_t stream_raw_bytes(const struct stream *s);
void stream_close(struct stream *s);

#endif
