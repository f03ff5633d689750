#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "transform/digits.h"
#include "transform/swar.h"
#include "transform/tsv.h"

enum { TSV_BUFSIZE = 1 << 18 };

static void open_mode(struct tsv_out *out, const char *path, int flags, mode_t mode)
{
	memset(out, 0, sizeof *out);
	if (strcmp(path, "-") == 0) {
		out->fd = STDOUT_FILENO;
		out->name = "stdout";
	} else {
		out->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, mode);
		/* An existing file keeps its mode through O_CREAT: set it. */
		if (out->fd < 0 || (mode != 0666 && fchmod(out->fd, mode) != 0))
			sk_die(SK_EXIT_SYSTEM, "%s: cannot create:", path);
		out->name = path;
	}
	out->cap = TSV_BUFSIZE;
	out->buf = sk_malloc(out->cap);
}

void tsv_open(struct tsv_out *out, const char *path)
{
	open_mode(out, path, O_TRUNC, 0666);
}

void tsv_open_private_append(struct tsv_out *out, const char *path)
{
	open_mode(out, path, O_APPEND, 0600);
	out->whole_rows = true;
}

static void flush(struct tsv_out *out)
{
	size_t done = 0;

	while (done < out->len) {
		ssize_t n = write(out->fd, out->buf + done, out->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			sk_die(SK_EXIT_SYSTEM, "%s: write error:", out->name);
		done += (size_t)n;
	}
	out->len = 0;
}

void tsv_flush(struct tsv_out *out)
{
	flush(out);
}

void tsv_close(struct tsv_out *out)
{
	flush(out);
	if (out->fd != STDOUT_FILENO && close(out->fd) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: close error:", out->name);
	free(out->buf);
	out->buf = NULL;
}

/* Makes room for n more bytes; a value longer than the buffer grows it,
 * and so does any value of a writer that keeps rows whole. */
static char *reserve(struct tsv_out *out, size_t n)
{
	if (out->len + n > out->cap) {
		if (!out->whole_rows)
			flush(out);
		if (out->len + n > out->cap) {
			out->cap = out->len + n;
			out->buf = sk_realloc(out->buf, out->cap);
		}
	}
	return out->buf + out->len;
}

static void separate(struct tsv_out *out)
{
	if (out->row_started)
		*reserve(out, 1) = '\t', out->len++;
	out->row_started = true;
}

void tsv_raw(struct tsv_out *out, const char *s, size_t n)
{
	separate(out);
	memcpy(reserve(out, n), s, n);
	out->len += n;
}

/* Whether a word holds a byte COPY escapes: a backslash, or a byte below
 * 14 (tab, newline and carriage return are). */
static bool word_needs_escape(uint64_t w)
{
	return (swar_has(w, '\\') | swar_below(w, 14)) != 0;
}

static bool byte_needs_escape(char c)
{
	return c == '\\' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether s[0..n) goes out as it is, the common case: a word at a time,
 * the last word overlapping the one before rather than a byte loop. */
static bool plain_text(const char *s, size_t n)
{
	size_t i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			if (byte_needs_escape(s[i]))
				return false;
		return true;
	}
	for (i = 0; i + 8 <= n; i += 8)
		if (word_needs_escape(swar_load(s + i)))
			return false;
	return i == n || !word_needs_escape(swar_load(s + n - 8));
}

void tsv_text(struct tsv_out *out, const char *s, size_t n)
{
	char *d;

	if (plain_text(s, n)) {
		tsv_raw(out, s, n);
		return;
	}
	separate(out);
	d = reserve(out, 2 * n); /* worst case: every byte escaped */
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!byte_needs_escape(c)) {
			*d++ = c;
			continue;
		}
		*d++ = '\\';
		*d++ = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
	}
	out->len = (size_t)(d - out->buf);
}

void tsv_null(struct tsv_out *out)
{
	tsv_raw(out, "\\N", 2);
}

void tsv_int(struct tsv_out *out, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	for (; u >= 100; u /= 100)
		put_two_digits(p -= 2, (unsigned)(u % 100));
	if (u >= 10)
		put_two_digits(p -= 2, (unsigned)u);
	else
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
	tsv_raw(out, p, (size_t)(tmp + sizeof tmp - p));
}

void tsv_end_row(struct tsv_out *out)
{
	*reserve(out, 1) = '\n';
	out->len++;
	out->row_started = false;
	out->rows++;
}

void tsv_end_data(struct tsv_out *out)
{
	memcpy(reserve(out, TSV_END_LINE_LEN), TSV_END_LINE, TSV_END_LINE_LEN);
	out->len += TSV_END_LINE_LEN;
}

void tsv_die_no_end_line(const char *where)
{
	sk_die(SK_EXIT_DATA, "%s: no end-of-data line \\.: the stream is incomplete (its producer "
	       "failed, was killed or cut off, or writes none: see --no-end-line)", where);
}

void tsv_die_after_end_line(const char *where, uint64_t line)
{
	sk_die(SK_EXIT_DATA, "%s:%llu: data after the end-of-data line \\. (two streams joined, "
	       "or one reordered?)", where, (unsigned long long)line);
}

bool tsv_is_end_line(const char *line, size_t len)
{
	return len == 2 && line[0] == '\\' && line[1] == '.';
}

size_t tsv_split(char *line, size_t len, char *fields[], size_t lens[], size_t max)
{
	size_t count = 0;
	char *p = line, *end = line + len;

	for (;;) {
		char *tab = memchr(p, '\t', (size_t)(end - p));
		char *stop = tab ? tab : end;
		if (count < max) {
			fields[count] = p;
			lens[count] = (size_t)(stop - p);
		}
		count++;
		if (!tab)
			return count;
		p = tab + 1;
	}
}

bool tsv_is_null(const char *f, size_t n)
{
	return n == 2 && f[0] == '\\' && f[1] == 'N';
}

size_t tsv_unescape(char *f, size_t n)
{
	const char *first = memchr(f, '\\', n);
	size_t i, o;

	if (!first) /* most fields: nothing to undo */
		return n;
	for (i = o = (size_t)(first - f); i < n; i++) {
		char c = f[i];
		if (c == '\\' && i + 1 < n) {
			c = f[++i];
			switch (c) {
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'v': c = '\v'; break;
			default: break; /* \\ and any other escaped byte stand for themselves */
			}
		}
		f[o++] = c;
	}
	return o;
}
