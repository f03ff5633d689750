#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/binary.h"

enum { IN_CHUNK = 1 << 20 };

static const struct {
	const char *sql;
	enum column_type type;
} known_types[] = {
	{ "text", COLUMN_TEXT },
	{ "integer", COLUMN_INT4 },
	{ "bigint", COLUMN_INT8 },
	{ "double precision", COLUMN_FLOAT8 },
	{ "timestamp", COLUMN_TIMESTAMP },
	{ "timestamp without time zone", COLUMN_TIMESTAMP },
};

bool binary_column_type(const char *sql_type, enum column_type *type)
{
	for (size_t i = 0; i < sizeof known_types / sizeof known_types[0]; i++)
		if (strcmp(sql_type, known_types[i].sql) == 0) {
			*type = known_types[i].type;
			return true;
		}
	return false;
}

void binary_open(struct binary_copy *b, db_reader *read, void *ctx, const char *where,
		 const char *const names[], const enum column_type types[], int ncolumns)
{
	memset(b, 0, sizeof *b);
	b->read = read;
	b->ctx = ctx;
	b->where = where;
	b->ncolumns = ncolumns;
	memcpy(b->names, names, (size_t)ncolumns * sizeof *names);
	memcpy(b->types, types, (size_t)ncolumns * sizeof *types);
	b->in = sk_malloc(b->cap = IN_CHUNK);
	binary_writer_open(&b->w);
}

void binary_observe(struct binary_copy *b, binary_row_hook *hook, void *ctx)
{
	b->hook = hook;
	b->hook_ctx = ctx;
}

void binary_number_rows(struct binary_copy *b, int64_t first)
{
	b->numbered = true;
	b->next_number = first;
}

void binary_close(struct binary_copy *b)
{
	free(b->in);
	binary_writer_close(&b->w);
}

/* ---- the output, big-endian as COPY binary wants it ---------------------- */

static char *reserve(struct binary_writer *w, size_t n)
{
	if (w->used + n > w->cap) {
		while (w->used + n > w->cap)
			w->cap *= 2;
		w->out = sk_realloc(w->out, w->cap);
	}
	w->used += n;
	return w->out + w->used - n;
}

static void put_be(struct binary_writer *w, uint64_t v, int bytes)
{
	unsigned char *p = (unsigned char *)reserve(w, (size_t)bytes);

	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

void binary_writer_open(struct binary_writer *w)
{
	static const char signature[11] = "PGCOPY\n\377\r\n";

	w->out = sk_malloc(w->cap = IN_CHUNK);
	w->used = 0;
	memcpy(reserve(w, sizeof signature), signature, sizeof signature);
	put_be(w, 0, 4); /* flags */
	put_be(w, 0, 4); /* header extension */
}

void binary_writer_row(struct binary_writer *w, int ncolumns)
{
	put_be(w, (uint16_t)ncolumns, 2);
}

void binary_writer_int4(struct binary_writer *w, int32_t v)
{
	put_be(w, 4, 4);
	put_be(w, (uint32_t)v, 4);
}

void binary_writer_int8(struct binary_writer *w, int64_t v)
{
	put_be(w, 8, 4);
	put_be(w, (uint64_t)v, 8);
}

void binary_writer_text(struct binary_writer *w, const char *s, size_t n)
{
	if (!s) {
		put_be(w, UINT32_MAX, 4); /* -1: NULL */
		return;
	}
	put_be(w, n, 4);
	memcpy(reserve(w, n), s, n);
}

void binary_writer_end(struct binary_writer *w)
{
	put_be(w, UINT16_MAX, 2); /* -1: no more rows */
}

void binary_writer_close(struct binary_writer *w)
{
	free(w->out);
	w->out = NULL;
}

/* ---- the fields -------------------------------------------------------- */

static _Noreturn void bad_field(const struct binary_copy *b, int column, const char *why,
				const char *field, size_t n)
{
	sk_die(SK_EXIT_DATA, "%s: line %llu, column %s: %s: \"%.*s\" (sk-copyin --text sends "
	       "COPY text, for PostgreSQL to read)", b->where, (unsigned long long)b->line,
	       b->names[column], why, (int)(n > 64 ? 64 : n), field);
}

/* [-]digits into *v, within [min, max]. */
static bool read_integer(const char *s, size_t n, int64_t min, int64_t max, int64_t *v)
{
	bool negative = n > 0 && s[0] == '-';
	uint64_t limit = negative ? (uint64_t)-(min + 1) + 1 : (uint64_t)max, acc = 0;
	size_t i = negative;

	if (i == n)
		return false;
	for (; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9 || acc > (limit - d) / 10)
			return false;
		acc = acc * 10 + d;
	}
	*v = negative ? (int64_t)(0 - acc) : (int64_t)acc;
	return true;
}

static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool valid_date(int y, int m, int d)
{
	static const int days_in[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in[m - 1] + (m == 2 && leap);
}

/* YYYY-MM-DD HH:MM:SS[.ffffff] into microseconds since 2000-01-01. */
static bool read_timestamp(const char *s, size_t n, int64_t *usec)
{
	int y, mo, d, h, mi, sec, frac = 0;

	if (n < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') ||
	    s[13] != ':' || s[16] != ':' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &sec) || !valid_date(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return false;
	if (n > 19) {
		if (s[19] != '.' || n == 20 || n > 26 || !digits(s + 20, (int)n - 20, &frac))
			return false;
		for (size_t i = n - 20; i < 6; i++)
			frac *= 10;
	}
	*usec = ((days_from_civil(y, mo, d) - 10957) * 86400 + h * 3600 + mi * 60 + sec) *
			(int64_t)1000000 + frac;
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The character a backslash sequence starting at s[*i] (after the
 * backslash) stands for, *i left on its last byte: COPY text's escapes. */
static char unescape(const char *s, size_t n, size_t *i)
{
	static const char named[] = "b\bf\fn\nr\rt\tv\v";
	const char *hit = strchr(named, s[*i]);
	int v;

	if (s[*i] && hit && (hit - named) % 2 == 0)
		return hit[1];
	if (s[*i] >= '0' && s[*i] <= '7') { /* up to three octal digits */
		v = s[*i] - '0';
		for (int k = 0; k < 2 && *i + 1 < n && s[*i + 1] >= '0' && s[*i + 1] <= '7'; k++)
			v = v * 8 + (s[++*i] - '0');
		return (char)v;
	}
	if (s[*i] == 'x' && *i + 1 < n && hex_value(s[*i + 1]) >= 0) { /* one or two */
		v = hex_value(s[++*i]);
		if (*i + 1 < n && hex_value(s[*i + 1]) >= 0)
			v = v * 16 + hex_value(s[++*i]);
		return (char)v;
	}
	return s[*i]; /* \\ and any other: the character itself */
}

/* A text field, its escapes undone, after its length; returns where its
 * bytes start in w.out. */
static size_t put_text(struct binary_writer *w, const char *s, size_t n)
{
	size_t at = w->used, len;
	char *p;

	put_be(w, 0, 4); /* the length, known at the end */
	p = reserve(w, n); /* unescaped text is never longer */
	for (size_t i = 0; i < n; i++)
		*p++ = s[i] == '\\' && i + 1 < n ? (i++, unescape(s, n, &i)) : s[i];
	w->used = (size_t)(p - w->out);
	len = w->used - at - 4;
	for (int k = 0; k < 4; k++)
		w->out[at + (size_t)k] = (char)(len >> (24 - 8 * k));
	return at + 4;
}

/* Encodes one field, noting its value in b->fields for the row's hook. */
static void put_field(struct binary_copy *b, int column, const char *s, size_t n)
{
	struct binary_field *f = &b->fields[column];
	struct binary_writer *w = &b->w;
	double x;
	char tmp[64], *end;

	f->null = n == 2 && s[0] == '\\' && s[1] == 'N';
	if (f->null) {
		binary_writer_text(w, NULL, 0);
		return;
	}
	switch (b->types[column]) {
	case COLUMN_TEXT:
		b->text_at[column] = put_text(w, s, n);
		f->n = w->used - b->text_at[column];
		return;
	case COLUMN_INT4:
		if (!read_integer(s, n, INT32_MIN, INT32_MAX, &f->i))
			bad_field(b, column, "not an integer", s, n);
		binary_writer_int4(w, (int32_t)f->i);
		return;
	case COLUMN_INT8:
		if (!read_integer(s, n, INT64_MIN, INT64_MAX, &f->i))
			bad_field(b, column, "not a bigint", s, n);
		binary_writer_int8(w, f->i);
		return;
	case COLUMN_FLOAT8:
		if (n == 0 || n >= sizeof tmp)
			bad_field(b, column, "not a number", s, n);
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		x = strtod(tmp, &end);
		/* strtod's hexadecimal floats and overflows to infinity are
		 * not numbers to PostgreSQL either. */
		if (*end != '\0' || strpbrk(tmp, "xX") || (isinf(x) && !strpbrk(tmp, "Ii")))
			bad_field(b, column, "not a number", s, n);
		memcpy(&f->i, &x, sizeof f->i);
		binary_writer_int8(w, f->i);
		return;
	case COLUMN_TIMESTAMP:
		if (!read_timestamp(s, n, &f->i))
			bad_field(b, column, "not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])", s, n);
		binary_writer_int8(w, f->i);
		return;
	}
}

/* ---- rows -------------------------------------------------------------- */

/* The row's fields to the hook, its text found where it now lies (the
 * output may have moved as it grew). */
static void show_row(struct binary_copy *b)
{
	for (int c = 0; c < b->ncolumns; c++)
		if (b->types[c] == COLUMN_TEXT && !b->fields[c].null)
			b->fields[c].s = b->w.out + b->text_at[c];
	b->hook(b->hook_ctx, b->fields);
}

static void put_row(struct binary_copy *b, const char *line, size_t n)
{
	const char *p = line, *end = line + n;
	int column = 0;

	b->line++;
	binary_writer_row(&b->w, b->ncolumns + b->numbered);
	if (b->numbered)
		binary_writer_int8(&b->w, b->next_number++);
	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *stop = tab ? tab : end;
		if (column == b->ncolumns)
			sk_die(SK_EXIT_DATA, "%s: line %llu: extra data after the last column, %s",
			       b->where, (unsigned long long)b->line, b->names[b->ncolumns - 1]);
		put_field(b, column++, p, (size_t)(stop - p));
		if (!tab)
			break;
		p = tab + 1;
	}
	if (column < b->ncolumns)
		sk_die(SK_EXIT_DATA, "%s: line %llu: missing data for column \"%s\"", b->where,
		       (unsigned long long)b->line, b->names[column]);
	if (b->hook)
		show_row(b);
}

/* More text into in[]: false at its end, nothing left. */
static bool fill(struct binary_copy *b)
{
	size_t n;

	if (b->in_ended)
		return false;
	memmove(b->in, b->in + b->pos, b->len - b->pos);
	b->len -= b->pos;
	b->pos = 0;
	/* A line longer than the buffer grows it, by enough for a reader's
	 * whole read: a feed given no room would take it for the end. */
	if (b->cap - b->len < DB_READ_MIN)
		b->in = sk_realloc(b->in, b->cap *= 2);
	n = b->read(b->ctx, b->in + b->len, b->cap - b->len);
	b->len += n;
	b->in_ended = n == 0;
	return true;
}

/* Encodes rows until the output holds at least want bytes or the text ends. */
static void encode(struct binary_copy *b, size_t want)
{
	while (b->w.used - b->sent < want) {
		char *nl = memchr(b->in + b->pos, '\n', b->len - b->pos);
		if (nl) {
			put_row(b, b->in + b->pos, (size_t)(nl - b->in - b->pos));
			b->pos = (size_t)(nl - b->in) + 1;
		} else if (!fill(b)) {
			if (b->pos < b->len) { /* a last line without its newline */
				put_row(b, b->in + b->pos, b->len - b->pos);
				b->pos = b->len;
			}
			if (!b->trailer_done)
				binary_writer_end(&b->w);
			b->trailer_done = true;
			return;
		}
	}
}

size_t binary_read(void *ctx, char *buf, size_t cap)
{
	struct binary_copy *b = ctx;
	size_t n;

	if (b->sent == b->w.used) {
		b->sent = b->w.used = 0;
		encode(b, cap);
	}
	n = b->w.used - b->sent < cap ? b->w.used - b->sent : cap;
	memcpy(buf, b->w.out + b->sent, n);
	b->sent += n;
	return n;
}
