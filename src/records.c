#include <string.h>
#include <stdlib.h>

#include "err.h"
#include "records.h"

enum { RECORDS_BUFSIZE = 1 << 20, RECORD_MAX = 1 << 30 };

void records_open(struct records *r, char *const sources[], size_t n)
{
	memset(r, 0, sizeof *r);
	input_list_expand(&r->list, sources, n);
	r->cap = RECORDS_BUFSIZE;
	r->buf = sk_malloc(r->cap);
}

void records_close(struct records *r)
{
	if (r->in)
		input_close(r->in);
	input_list_free(&r->list);
	free(r->buf);
}

uint64_t records_raw_bytes(const struct records *r)
{
	return r->raw_done + (r->in ? (uint64_t)input_raw_bytes(r->in) : 0);
}

/* Reads more of the current object; keeps buf[start..end), moving it to the
 * front or growing the buffer when a record is larger than what is free. */
static bool refill(struct records *r)
{
	size_t n;

	if (r->object_eof)
		return false;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		if (r->cap >= RECORD_MAX)
			sk_die(SK_EXIT_DATA, "%s:%llu: record larger than %d bytes",
			       r->list.paths[r->next_object - 1],
			       (unsigned long long)r->line, RECORD_MAX);
		r->cap *= 2;
		r->buf = sk_realloc(r->buf, r->cap);
	}
	n = input_read(r->in, r->buf + r->end, r->cap - r->end);
	r->end += n;
	r->object_eof = n == 0;
	return n > 0;
}

static bool open_next_object(struct records *r)
{
	if (r->in) {
		r->raw_done += (uint64_t)input_raw_bytes(r->in);
		input_close(r->in);
		r->in = NULL;
	}
	if (r->next_object >= r->list.count)
		return false;
	r->in = input_open(r->list.paths[r->next_object++]);
	r->start = r->end = 0;
	r->object_eof = false;
	r->line = 1;
	return true;
}

/* Skips whitespace (and a UTF-8 byte order mark at the top of an object)
 * between records; false at the end of the object. */
static bool skip_to_record(struct records *r)
{
	for (;;) {
		while (r->start < r->end) {
			char c = r->buf[r->start];
			if (c == '\n')
				r->line++;
			else if (c != ' ' && c != '\t' && c != '\r')
				break;
			r->start++;
		}
		if (r->start == r->end) {
			if (!refill(r))
				return false;
			continue;
		}
		if (r->line == 1 && r->end - r->start >= 3 &&
		    memcmp(r->buf + r->start, "\xef\xbb\xbf", 3) == 0) {
			r->start += 3;
			continue;
		}
		return true;
	}
}

/* Scans from offset i (relative to start) to the end of the value that
 * begins at start.  Returns the value's length, or 0 when more bytes are
 * needed; *newlines counts the line breaks inside. */
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

bool records_next(struct records *r, struct record *rec)
{
	for (;;) {
		size_t len;
		uint64_t newlines;
		if (!r->in && !open_next_object(r))
			return false;
		if (!skip_to_record(r)) {
			if (!open_next_object(r))
				return false;
			continue;
		}
		/* Rescanning from the start after a refill keeps frame()
		 * stateless; records are small next to the buffer. */
		while ((len = frame(r->buf + r->start, r->end - r->start, &newlines)) == 0)
			if (!refill(r)) {
				len = r->end - r->start; /* truncated at the end */
				frame(r->buf + r->start, len, &newlines);
				break;
			}
		rec->text = r->buf + r->start;
		rec->len = len;
		rec->source = r->list.paths[r->next_object - 1];
		rec->line = r->line;
		rec->multiline = newlines > 0;
		r->line += newlines;
		r->start += len;
		r->count++;
		return true;
	}
}
