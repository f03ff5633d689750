#include <string.h>

#include "transform/lines.h"

void lines_open(struct lines *l, char *const sources[], size_t n)
{
	memset(l, 0, sizeof *l);
	stream_open(&l->stream, sources, n);
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
		if (!s->in) {
			if (!stream_next_object(s))
				return false;
			l->line = 0;
		}
		while (!(nl = memchr(s->buf + s->start, '\n', s->end - s->start)))
			if (!stream_refill(s))
				break;
		len = nl ? (size_t)(nl - s->buf) - s->start : s->end - s->start;
		if (!nl && len == 0) { /* this object is done */
			if (!stream_next_object(s))
				return false;
			l->line = 0;
			continue;
		}
		rec->text = s->buf + s->start;
		rec->len = len;
		rec->source = stream_source(s);
		rec->line = ++l->line;
		rec->multiline = false;
		s->start += len + (nl != NULL);
		return true;
	}
}
