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
	b->out = sk_malloc(b->out_cap = IN_CHUNK);
}

void binary_close(struct binary_copy *b)
{
	free(b->in);
	free(b->out);
}

/* ---- the output, big-endian as COPY binary wants it ---------------------- */

static char *reserve(struct binary_copy *b, size_t n)
{
	if (b->used + n > b->out_cap) {
		while (b->used + n > b->out_cap)
			b->out_cap *= 2;
		b->out = sk_realloc(b->out, b->out_cap);
	}
	b->used += n;
	return b->out + b->used - n;
}

static void put_be(struct binary_copy *b, uint64_t v, int bytes)
{
	unsigned char *p = (unsigned char *)reserve(b, (size_t)bytes);

	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
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

/* A text field, its escapes undone, after its length. */
static void put_text(struct binary_copy *b, const char *s, size_t n)
{
	size_t at = b->used, len;
	char *p;

	put_be(b, 0, 4); /* the length, known at the end */
	p = reserve(b, n); /* unescaped text is never longer */
	for (size_t i = 0; i < n; i++)
		*p++ = s[i] == '\\' && i + 1 < n ? (i++, unescape(s, n, &i)) : s[i];
	b->used = (size_t)(p - b->out);
	len = b->used - at - 4;
	for (int k = 0; k < 4; k++)
		b->out[at + (size_t)k] = (char)(len >> (24 - 8 * k));
}

static void put_field(struct binary_copy *b, int column, const char *s, size_t n)
{
	int64_t v;
	double x;
	char tmp[64], *end;

	if (n == 2 && s[0] == '\\' && s[1] == 'N') {
		put_be(b, UINT32_MAX, 4); /* -1: NULL */
		return;
	}
	switch (b->types[column]) {
	case COLUMN_TEXT:
		put_text(b, s, n);
		return;
	case COLUMN_INT4:
		if (!read_integer(s, n, INT32_MIN, INT32_MAX, &v))
			bad_field(b, column, "not an integer", s, n);
		put_be(b, 4, 4);
		put_be(b, (uint32_t)(int32_t)v, 4);
		return;
	case COLUMN_INT8:
		if (!read_integer(s, n, INT64_MIN, INT64_MAX, &v))
			bad_field(b, column, "not a bigint", s, n);
		put_be(b, 8, 4);
		put_be(b, (uint64_t)v, 8);
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
		memcpy(&v, &x, sizeof v);
		put_be(b, 8, 4);
		put_be(b, (uint64_t)v, 8);
		return;
	case COLUMN_TIMESTAMP:
		if (!read_timestamp(s, n, &v))
			bad_field(b, column, "not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])", s, n);
		put_be(b, 8, 4);
		put_be(b, (uint64_t)v, 8);
		return;
	}
}

/* ---- rows -------------------------------------------------------------- */

static void put_row(struct binary_copy *b, const char *line, size_t n)
{
	const char *p = line, *end = line + n;
	int column = 0;

	b->line++;
	put_be(b, (uint16_t)b->ncolumns, 2);
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
	if (b->len == b->cap)
		b->in = sk_realloc(b->in, b->cap *= 2);
	n = b->read(b->ctx, b->in + b->len, b->cap - b->len);
	b->len += n;
	b->in_ended = n == 0;
	return true;
}

/* Encodes rows until out[] holds at least want bytes or the text ends. */
static void encode(struct binary_copy *b, size_t want)
{
	static const char signature[11] = "PGCOPY\n\377\r\n";

	if (!b->header_done) {
		memcpy(reserve(b, sizeof signature), signature, sizeof signature);
		put_be(b, 0, 4); /* flags */
		put_be(b, 0, 4); /* header extension */
		b->header_done = true;
	}
	while (b->used - b->sent < want) {
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
				put_be(b, UINT16_MAX, 2); /* -1: no more rows */
			b->trailer_done = true;
			return;
		}
	}
}

size_t binary_read(void *ctx, char *buf, size_t cap)
{
	struct binary_copy *b = ctx;
	size_t n;

	if (b->sent == b->used) {
		b->sent = b->used = 0;
		encode(b, cap);
	}
	n = b->used - b->sent < cap ? b->used - b->sent : cap;
	memcpy(buf, b->out + b->sent, n);
	b->sent += n;
	return n;
}
