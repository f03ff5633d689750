#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lines.h"

enum { LINES_BUFSIZE = 1 << 18 };

void lines_open(struct lines *l, char *const sources[], size_t n)
{
	memset(l, 0, sizeof *l);
	input_list_expand(&l->list, sources, n);
	l->cap = LINES_BUFSIZE;
	l->buf = sk_malloc(l->cap);
}

void lines_close(struct lines *l)
{
	if (l->in)
		input_close(l->in);
	input_list_free(&l->list);
	free(l->buf);
}

static bool refill(struct lines *l)
{
	size_t n;

	if (l->object_eof)
		return false;
	memmove(l->buf, l->buf + l->start, l->end - l->start);
	l->end -= l->start;
	l->start = 0;
	if (l->end == l->cap) {
		l->cap *= 2;
		l->buf = sk_realloc(l->buf, l->cap);
	}
	n = input_read(l->in, l->buf + l->end, l->cap - l->end);
	l->end += n;
	l->object_eof = n == 0;
	return n > 0;
}

static bool next_object(struct lines *l)
{
	if (l->in)
		input_close(l->in);
	l->in = NULL;
	if (l->next_object >= l->list.count)
		return false;
	l->in = input_open(l->list.paths[l->next_object++]);
	l->start = l->end = 0;
	l->object_eof = false;
	l->line = 0;
	return true;
}

bool lines_next(struct lines *l, struct record *rec)
{
	for (;;) {
		char *nl;
		size_t len;
		if (!l->in && !next_object(l))
			return false;
		while (!(nl = memchr(l->buf + l->start, '\n', l->end - l->start)))
			if (!refill(l))
				break;
		len = nl ? (size_t)(nl - l->buf) - l->start : l->end - l->start;
		if (!nl && len == 0) { /* this object is done */
			if (!next_object(l))
				return false;
			continue;
		}
		rec->text = l->buf + l->start;
		rec->len = len;
		rec->source = l->list.paths[l->next_object - 1];
		rec->line = ++l->line;
		rec->multiline = false;
		l->start += len + (nl != NULL);
		return true;
	}
}
