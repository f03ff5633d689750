#include <string.h>

#include "common/err.h"
#include "transform/lines.h"
#include "transform/tsv.h"

void lines_open(struct lines *l, const struct input_sources *sources)
{
	memset(l, 0, sizeof *l);
	l->all_ended = true;
	stream_open(&l->stream, sources);
}

/* Moves to the next object, noting whether the last one was complete. */
static bool next_object(struct lines *l)
{
	if (l->stream.in)
		l->all_ended &= l->object_ended;
	l->line = 0;
	l->object_ended = false;
	return stream_next_object(&l->stream);
}

void lines_close(struct lines *l)
{
	stream_close(&l->stream);
}

bool lines_next(struct lines *l, struct record *rec)
{
	struct stream *s = &l->stream;

	for (;;) {
		char *nl;
		size_t len;
		if (!s->in && !next_object(l))
			return false;
		while (!(nl = memchr(s->buf + s->start, '\n', s->end - s->start)))
			if (!stream_refill(s))
				break;
		len = nl ? (size_t)(nl - s->buf) - s->start : s->end - s->start;
		if (!nl && len == 0) { /* this object is done */
			if (!next_object(l))
				return false;
			continue;
		}
		rec->text = s->buf + s->start;
		rec->len = len;
		rec->source = stream_source(s);
		rec->line = ++l->line;
		rec->multiline = false;
		s->start += len + (nl != NULL);
		if (l->object_ended)
			tsv_die_after_end_line(rec->source, rec->line);
		if (tsv_is_end_line(rec->text, rec->len)) {
			l->object_ended = true;
			continue;
		}
		return true;
	}
}
