#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transform/value.h"

void scratch_reset(struct scratch *sc, size_t record_len)
{
	if (sc->cap < record_len) {
		sc->cap = record_len < 4096 ? 4096 : 2 * record_len;
		sc->buf = sk_realloc(sc->buf, sc->cap);
	}
	sc->used = 0;
}

void scratch_free(struct scratch *sc)
{
	free(sc->buf);
	sc->buf = NULL;
	sc->cap = sc->used = 0;
}

static const char *not_scalar(const struct json_value *v)
{
	return v->type == JSON_OBJECT ? "an object where a scalar is expected"
				      : "an array where a scalar is expected";
}

const char *value_text(const struct json_value *v, struct scratch *sc, struct text *out)
{
	switch (v->type) {
	case JSON_MISSING:
	case JSON_NULL:
		out->s = NULL, out->n = 0;
		return NULL;
	case JSON_STRING:
		if (!v->escaped) {
			out->s = v->text, out->n = v->len;
			return NULL;
		}
		/* The scratch holds the record's length, and decoding never
		 * lengthens, so all of a record's strings fit in it. */
		out->s = sc->buf + sc->used;
		out->n = json_unescape(v, sc->buf + sc->used);
		sc->used += out->n;
		return NULL;
	case JSON_NUMBER:
	case JSON_TRUE:
	case JSON_FALSE:
		out->s = v->text, out->n = v->len;
		return NULL;
	default:
		return not_scalar(v);
	}
}

/* Splits a decimal number into significant digits and a power of ten:
 * value = sign * digits * 10^exp10, exactly.  Accepts JSON's syntax plus what
 * people write in strings: a leading '+', "5." and ".5", spaces around. */
struct decimal {
	bool negative;
	uint64_t digits;     /* the first 19 significant digits */
	int exp10;
	bool inexact;        /* a nonzero digit was dropped past the 19th */
	int kept;            /* digits in `digits` */
};

static const char *trim(const char *s, size_t *n)
{
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	while (*n > 0 && (*s == ' ' || *s == '\t'))
		s++, (*n)--;
	return s;
}

static bool parse_decimal(const char *s, size_t n, struct decimal *d)
{
	const char *end = s + n;
	int kept = 0, seen = 0;
	long exp = 0;

	memset(d, 0, sizeof *d);
	if (s < end && (*s == '-' || *s == '+'))
		d->negative = *s++ == '-';
	for (int frac = 0; s < end; s++) {
		if (*s == '.' && !frac) {
			frac = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		seen++;
		if (kept < 19 && (d->digits > 0 || *s != '0')) {
			d->digits = d->digits * 10 + (uint64_t)(*s - '0');
			kept++;
			d->exp10 -= frac;
		} else if (kept < 19) {
			d->exp10 -= frac; /* a leading zero: 0.05 is 5e-2 */
		} else {
			d->exp10 += !frac; /* past the 19th digit */
			d->inexact |= *s != '0';
		}
	}
	d->kept = kept;
	if (!seen)
		return false;
	if (s < end && (*s == 'e' || *s == 'E')) {
		bool eneg = false;
		int edigits = 0;
		s++;
		if (s < end && (*s == '-' || *s == '+'))
			eneg = *s++ == '-';
		for (; s < end && *s >= '0' && *s <= '9'; s++, edigits++)
			if (exp < 100000)
				exp = exp * 10 + (*s - '0');
		if (!edigits)
			return false;
		d->exp10 += (int)(eneg ? -exp : exp);
	}
	return s == end;
}

const char *parse_whole(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	struct decimal d;
	uint64_t v;

	s = trim(s, &n);
	if (!parse_decimal(s, n, &d))
		return "not a number";
	v = d.digits;
	for (; d.exp10 < 0 && v > 0; d.exp10++) {
		if (v % 10 != 0)
			return "not a whole number";
		v /= 10;
	}
	if (d.inexact)
		return "not a whole number";
	for (; d.exp10 > 0 && v > 0; d.exp10--) {
		if (v > UINT64_MAX / 10)
			return "number out of range";
		v *= 10;
	}
	if (d.negative ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return "number out of range";
	*out = d.negative ? (int64_t)(0 - v) : (int64_t)v;
	if (*out < min || *out > max)
		return "number out of range";
	return NULL;
}

/* A plain integer of at most 18 digits, in a JSON number token or a
 * string, the common case, converted without parse_decimal; false sends
 * anything else there. */
static bool small_json_int(const char *s, size_t n, int64_t *out)
{
	bool negative = n > 0 && s[0] == '-';
	int64_t v = 0;

	if (n - negative > 18 || n == negative)
		return false;
	for (size_t i = negative; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = negative ? -v : v;
	return true;
}

const char *value_int(const struct json_value *v, int64_t min, int64_t max,
		      int64_t *out, bool *is_null)
{
	*is_null = false;
	switch (v->type) {
	case JSON_MISSING:
	case JSON_NULL:
		*is_null = true;
		return NULL;
	case JSON_STRING:
		if (v->len == 0) {
			*is_null = true;
			return NULL;
		}
		if (v->escaped)
			return "not a whole number";
		if (small_json_int(v->text, v->len, out)) /* "565": ids are strings */
			return *out < min || *out > max ? "number out of range" : NULL;
		return parse_whole(v->text, v->len, min, max, out);
	case JSON_NUMBER:
		if (!small_json_int(v->text, v->len, out))
			return parse_whole(v->text, v->len, min, max, out);
		return *out < min || *out > max ? "number out of range" : NULL;
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean where a number is expected";
	default:
		return not_scalar(v);
	}
}

/* As PostgreSQL's float8 takes it: zero, or a leading digit between
 * 10^-307 and 10^307 (a margin inside the double's range). */
static bool in_double_range(const struct decimal *d)
{
	int magnitude = d->exp10 + d->kept - 1;

	return d->digits == 0 || (magnitude >= -307 && magnitude <= 307);
}

static bool has_exponent(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) == 'e')
			return true;
	return false;
}

const char *value_float(const struct json_value *v, struct text *out)
{
	struct decimal dec;
	const char *s = v->text;
	size_t n = v->len;

	out->s = NULL, out->n = 0;
	switch (v->type) {
	case JSON_MISSING:
	case JSON_NULL:
		return NULL;
	case JSON_STRING:
		if (v->len == 0)
			return NULL;
		s = trim(s, &n);
		if (v->escaped)
			return "not a number";
		break;
	case JSON_NUMBER:
		if (n <= 300 && !has_exponent(s, n)) {
			/* Under 300 digits, and no exponent: between
			 * 10^-300 and 10^300, or zero. */
			out->s = s, out->n = n;
			return NULL;
		}
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean where a number is expected";
	default:
		return not_scalar(v);
	}
	if (!parse_decimal(s, n, &dec))
		return "not a number";
	if (!in_double_range(&dec))
		return "number out of range";
	out->s = s, out->n = n;
	return NULL;
}

/* Clinger's fast path: a significand below 2^53 and a power of ten up to
 * 10^22 are both exact doubles, so one multiplication or division rounds
 * correctly, as strtod would.  Anything else goes to strtod. */
double text_number(const struct text *t)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};
	struct decimal d;
	char tmp[128], *buf;
	double v;

	if (parse_decimal(t->s, t->n, &d) && !d.inexact && d.digits < (UINT64_C(1) << 53) &&
	    d.exp10 >= -22 && d.exp10 <= 22) {
		v = (double)d.digits;
		v = d.exp10 < 0 ? v / pow10[-d.exp10] : v * pow10[d.exp10];
		return d.negative ? -v : v;
	}
	buf = t->n < sizeof tmp ? tmp : sk_malloc(t->n + 1);
	memcpy(buf, t->s, t->n);
	buf[t->n] = '\0';
	v = strtod(buf, NULL);
	if (buf != tmp)
		free(buf);
	return v;
}
