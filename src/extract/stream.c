#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract/stream.h"

enum { STREAM_BUFSIZE = 1 << 20, STREAM_MAX = 1 << 30 };

void stream_open(struct stream *s, const struct input_sources *sources)
{
	memset(s, 0, sizeof *s);
	input_list_expand(&s->list, sources);
	s->cap = STREAM_BUFSIZE;
	s->buf = sk_malloc(s->cap);
}

void stream_close(struct stream *s)
{
	if (s->in)
		input_close(s->in);
	input_list_free(&s->list);
	free(s->buf);
}

bool stream_next_object(struct stream *s)
{
	if (s->in) {
		s->raw_done += (uint64_t)input_raw_bytes(s->in);
		input_close(s->in);
		s->in = NULL;
	}
	if (s->next_object >= s->list.count)
		return false;
	s->in = input_open(&s->list, s->next_object++);
	s->start = s->end = 0;
	s->object_eof = false;
	return true;
}

/* A named object of 0 bytes is most often a failed export: it is an
 * error, unless empty objects are allowed (--allow-empty).  Stdin is no
 * object: an empty pipe is its producer's to explain. */
static void refuse_empty(const struct stream *s)
{
	const char *name = stream_source(s);

	if (!s->list.allow_empty && strcmp(name, "-") != 0)
		sk_die(SK_EXIT_DATA, "%s: empty object (0 bytes) (--allow-empty takes it as empty)",
		       name);
}

bool stream_refill(struct stream *s)
{
	size_t n;

	if (s->object_eof)
		return false;
	if (s->start > 0) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (s->end == s->cap) {
		if (s->cap >= STREAM_MAX)
			sk_die(SK_EXIT_DATA, "%s: a record longer than %d bytes",
			       stream_source(s), STREAM_MAX);
		s->cap *= 2;
		s->buf = sk_realloc(s->buf, s->cap);
	}
	n = input_read(s->in, s->buf + s->end, s->cap - s->end);
	if (n == 0 && input_raw_bytes(s->in) == 0)
		refuse_empty(s);
	if (n == 0) /* read whole: the version listed, or none */
		input_check_listed(&s->list, s->next_object - 1);
	s->end += n;
	s->object_eof = n == 0;
	return n > 0;
}

const char *stream_source(const struct stream *s)
{
	return s->next_object > 0 ? s->list.paths[s->next_object - 1] : "-";
}

uint64_t stream_raw_bytes(const struct stream *s)
{
	return s->raw_done + (s->in ? (uint64_t)input_raw_bytes(s->in) : 0);
}
