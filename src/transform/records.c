#include <string.h>

#include "transform/records.h"

void records_open(struct records *r, const struct input_sources *sources)
{
	memset(r, 0, sizeof *r);
	stream_open(&r->stream, sources);
}

void records_close(struct records *r)
{
	stream_close(&r->stream);
}

uint64_t records_raw_bytes(const struct records *r)
{
	return stream_raw_bytes(&r->stream);
}

/* Skips whitespace (and a UTF-8 byte order mark at the top of an object)
 * between records; false at the end of the object. */
static bool skip_to_record(struct records *r)
{
	struct stream *s = &r->stream;

	for (;;) {
		while (s->start < s->end) {
			char c = s->buf[s->start];
			if (c == '\n')
				r->line++;
			else if (c != ' ' && c != '\t' && c != '\r')
				break;
			s->start++;
		}
		if (s->start == s->end) {
			if (!stream_refill(s))
				return false;
			continue;
		}
		if (r->line == 1 && s->end - s->start >= 3 &&
		    memcmp(s->buf + s->start, "\xef\xbb\xbf", 3) == 0) {
			s->start += 3;
			continue;
		}
		return true;
	}
}

/* Scans s[0..n) to the end of the value that begins at s[0].  Returns the
 * value's length, or 0 when more bytes are needed; *newlines counts the
 * line breaks inside. */
static size_t frame(const char *s, size_t n, uint64_t *newlines)
{
	size_t i = 0;
	int depth = 0;
	bool in_string = false;

	*newlines = 0;
	if (s[0] != '{' && s[0] != '[') { /* a bare token: the rest of its line */
		const char *nl = memchr(s, '\n', n);
		return nl ? (size_t)(nl - s) : 0;
	}
	for (; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			else if (c == '\n')
				return i; /* invalid: end here, json.h reports it */
			continue;
		}
		switch (c) {
		case '"': in_string = true; break;
		case '{': case '[': depth++; break;
		case '}': case ']':
			if (--depth == 0)
				return i + 1;
			break;
		case '\n': (*newlines)++; break;
		default: break;
		}
	}
	return 0;
}

/* The exact framing: the value that starts at the stream's position. */
static void frame_exact(struct records *r, struct record *rec)
{
	struct stream *s = &r->stream;
	size_t len;
	uint64_t newlines;

	/* Rescanning from the start after a refill keeps frame() stateless;
	 * records are small next to the buffer. */
	while ((len = frame(s->buf + s->start, s->end - s->start, &newlines)) == 0)
		if (!stream_refill(s)) {
			len = s->end - s->start; /* truncated at the end */
			frame(s->buf + s->start, len, &newlines);
			break;
		}
	rec->text = s->buf + s->start;
	rec->len = len;
	rec->line = r->line;
	rec->multiline = newlines > 0;
	rec->framed = true;
	r->line += newlines;
	s->start += len;
}

/* The fast path for NDJSON: an object that fills its line is taken as the
 * line, found with memchr, without a byte-by-byte scan; the parser, which
 * reads every byte anyway, then says whether it was one complete object
 * (see records_reframe).  False when the line is not there to take. */
static bool frame_line(struct records *r, struct record *rec)
{
	struct stream *s = &r->stream;
	char *start = s->buf + s->start, *nl;
	size_t len;

	if (*start != '{' || !(nl = memchr(start, '\n', s->end - s->start)))
		return false;
	len = (size_t)(nl - start);
	while (len > 1 && (start[len - 1] == '\r' || start[len - 1] == ' ' || start[len - 1] == '\t'))
		len--;
	if (start[len - 1] != '}')
		return false;
	rec->text = start;
	rec->len = len;
	rec->line = r->line;
	rec->multiline = false;
	rec->framed = false;
	s->start += len;
	return true;
}

bool records_next(struct records *r, struct record *rec)
{
	struct stream *s = &r->stream;

	for (;;) {
		if (!s->in || !skip_to_record(r)) {
			if (!stream_next_object(s))
				return false;
			r->line = 1;
			continue;
		}
		if (r->exact || !frame_line(r, rec))
			frame_exact(r, rec);
		rec->source = stream_source(s);
		r->count++;
		return true;
	}
}

bool records_reframe(struct records *r, struct record *rec)
{
	struct stream *s = &r->stream;
	size_t was = rec->len;

	if (rec->framed)
		return false;
	s->start = (size_t)(rec->text - s->buf); /* back to the record's start */
	r->line = rec->line;
	frame_exact(r, rec);
	return rec->len != was;
}
