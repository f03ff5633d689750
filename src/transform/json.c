#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "transform/json.h"
#include "transform/jsonstr.h"
#include "transform/swar.h"

struct parser {
	const char *p, *end, *start;
	const char *reason; /* set on the first error */
	const char *at;
};

/* Bytes a string can hold without a closer look: printable ASCII but for
 * '"' and '\\'.  Everything else stops the fast loop in scan_string. */
static const unsigned char plain_byte[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
	R16(0), R16(0), /* 0x00-0x1f: control characters, not allowed raw */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f, '"' */
	R16(1), R16(1),
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5f, '\\' */
	R16(1), R16(1),
	R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), /* UTF-8 */
#undef R16
};

static int fail(struct parser *ps, const char *reason, const char *at)
{
	if (!ps->reason) {
		ps->reason = reason;
		ps->at = at < ps->end ? at : ps->end;
	}
	return 0;
}

/* Compact JSON has no space between tokens: one test says so. */
static inline void skip_space(struct parser *ps)
{
	if (ps->p < ps->end && (unsigned char)*ps->p > ' ')
		return;
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r'))
		ps->p++;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* Skips the bytes a string holds as they are (printable ASCII but '"' and
 * '\\'), sixteen at a time with SSE2 (every x86-64 has it), else eight at a
 * time in a word.  The byte-by-byte loop decides at the first suspect. */
static inline const char *skip_plain(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(' ');

	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Signed: bytes >= 0x80 are negative, so below ' ' too. */
		__m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
							_mm_cmpeq_epi8(x, backslash)),
					   _mm_cmplt_epi8(x, space));
		unsigned mask = (unsigned)_mm_movemask_epi8(odd);
		if (mask)
			return p + __builtin_ctz(mask);
		p += 16;
	}
#endif
	while (end - p >= 8) {
		uint64_t w = swar_load(p);
		if ((swar_has(w, '"') | swar_has(w, '\\') | swar_below(w, 0x20) | (w & SWAR_HIGHS)) != 0)
			break;
		p += 8;
	}
	while (p < end && plain_byte[(unsigned char)*p])
		p++;
	return p;
}

/* A \u escape at p (pointing at the 'u'); checks surrogate pairing. */
static int scan_unicode_escape(struct parser *ps)
{
	const char *esc = ps->p - 1;
	unsigned cp, low;

	if (ps->end - ps->p < 5 || !hex4(ps->p + 1, &cp))
		return fail(ps, "invalid \\u escape in a string", esc);
	ps->p += 5;
	if (cp == 0)
		return fail(ps, "NUL character (\\u0000) in a string", esc);
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(ps, "unpaired UTF-16 surrogate in a \\u escape", esc);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
		    !hex4(ps->p + 2, &low) || low < 0xdc00 || low > 0xdfff)
			return fail(ps, "unpaired UTF-16 surrogate in a \\u escape", esc);
		ps->p += 6;
	}
	return 1;
}

/* At the opening quote; leaves p after the closing one.  For strings with
 * escapes or non-ASCII bytes; scan_string takes the others. */
static int scan_string_slow(struct parser *ps, struct json_value *v)
{
	const char *open = ps->p++;
	int escaped = 0;

	for (;;) {
		unsigned char c;
		ps->p = skip_plain(ps->p, ps->end);
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string", open);
		c = (unsigned char)*ps->p;
		if (c == '"')
			break;
		if (c == '\\') {
			escaped = 1;
			ps->p++;
			if (ps->p >= ps->end)
				return fail(ps, "unterminated string", open);
			if (*ps->p == 'u') {
				if (!scan_unicode_escape(ps))
					return 0;
				continue;
			}
			if (!json_short_escape[(unsigned char)*ps->p])
				return fail(ps, "invalid escape in a string", ps->p - 1);
			ps->p++;
		} else if (c < 0x20) {
			return fail(ps, "control character in a string", ps->p);
		} else {
			size_t n = utf8_sequence((const unsigned char *)ps->p,
						 (const unsigned char *)ps->end);
			if (!n)
				return fail(ps, "invalid UTF-8 in a string", ps->p);
			ps->p += n;
		}
	}
	if (v) {
		v->type = JSON_STRING;
		v->text = open + 1;
		v->len = (size_t)(ps->p - open - 1);
		v->escaped = escaped;
	}
	ps->p++;
	return 1;
}

/* At the opening quote; leaves p after the closing one.  Inline in every
 * loop, as scan_value: a call for each string cost as much as reading it. */
static inline __attribute__((always_inline)) int scan_string(struct parser *ps,
							     struct json_value *v)
{
	const char *open = ps->p, *close = skip_plain(open + 1, ps->end);
	bool escaped = false;

	if (close < ps->end && *close == '\\') {
		escaped = true;
		close = json_escaped_string_end(ps->start, close, ps->end);
	}
	if (!close || close == ps->end || *close != '"')
		return scan_string_slow(ps, v);
	if (v) {
		v->type = JSON_STRING;
		v->text = open + 1;
		v->len = (size_t)(close - open - 1);
		v->escaped = escaped;
	}
	ps->p = close + 1;
	return 1;
}

/* The end of the run of digits at p: sixteen bytes in one test with SSE2,
 * for the timestamps and ids that fill event records. */
static inline const char *skip_digits(const char *p, const char *end)
{
#ifdef __SSE2__
	if (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Signed: bytes >= 0x80 are negative, so never above '0' - 1. */
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		unsigned other = ~(unsigned)_mm_movemask_epi8(digit) & 0xffff;
		if (other)
			return p + __builtin_ctz(other);
		p += 16;
	}
#endif
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

static inline int digits(struct parser *ps)
{
	const char *s = ps->p;

	ps->p = skip_digits(ps->p, ps->end);
	return ps->p > s;
}

static inline int scan_number(struct parser *ps, struct json_value *v)
{
	const char *s = ps->p;

	if (*ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return fail(ps, "invalid number", s);
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!digits(ps))
			return fail(ps, "invalid number", s);
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digits(ps))
			return fail(ps, "invalid number", s);
	}
	if (v) {
		v->type = JSON_NUMBER;
		v->text = s;
		v->len = (size_t)(ps->p - s);
	}
	return 1;
}

static inline int scan_literal(struct parser *ps, const char *word, enum json_type t,
			       struct json_value *v)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "invalid JSON", ps->p);
	if (v) {
		v->type = t;
		v->text = ps->p;
		v->len = n;
	}
	ps->p += n;
	return 1;
}

static int scan_nested(struct parser *ps, int depth, struct json_value *v);

/* Inline in every loop: a record's members are nearly all strings and
 * numbers, and a call for each cost as much as reading it. */
static inline __attribute__((always_inline)) int scan_value(struct parser *ps, int depth,
							    struct json_value *v)
{
	if (ps->p >= ps->end)
		return fail(ps, "truncated JSON", ps->p);
	switch (*ps->p) {
	case '"': return scan_string(ps, v);
	case 't': return scan_literal(ps, "true", JSON_TRUE, v);
	case 'f': return scan_literal(ps, "false", JSON_FALSE, v);
	case 'n': return scan_literal(ps, "null", JSON_NULL, v);
	case '{':
	case '[': return scan_nested(ps, depth, v);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return scan_number(ps, v);
		return fail(ps, "invalid JSON", ps->p);
	}
}

enum { KEYS_SHARED = 255 };

static unsigned key_hash(unsigned seed, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	return (unsigned)(n * seed + (unsigned char)s[0] * 3 + (unsigned char)s[n - 1]) & 255;
}

/* The table for one seed; false when two names share a slot. */
static bool fill_key_table(struct json_keys *keys, unsigned seed)
{
	bool distinct = true;

	memset(keys->by_hash, 0, sizeof keys->by_hash);
	keys->seed = seed;
	for (size_t i = 0; i < keys->count; i++) {
		unsigned char *slot = &keys->by_hash[key_hash(seed, keys->names[i], keys->len[i])];
		distinct &= *slot == 0;
		*slot = *slot ? KEYS_SHARED : (unsigned char)(i + 1);
	}
	return distinct;
}

static uint64_t load_word(const char *p, size_t n) /* n: 4 or 8 */
{
	uint64_t w = 0;
	uint32_t half;

	if (n == 8) {
		memcpy(&w, p, 8);
		return w;
	}
	memcpy(&half, p, 4);
	return half;
}

/* Name i quoted with its colon, in the words at_quoted_name compares; 0
 * for a name too long for them, or one that would need an escape. */
static void quote_key(struct json_keys *keys, size_t i)
{
	char quoted[16];
	size_t n = keys->len[i] + 3, word = n >= 8 ? 8 : 4;

	keys->quoted_len[i] = 0;
	if (n < 4 || n > sizeof quoted)
		return;
	for (size_t j = 0; j < keys->len[i]; j++)
		if (!plain_byte[(unsigned char)keys->names[i][j]])
			return;
	quoted[0] = '"';
	memcpy(quoted + 1, keys->names[i], n - 3);
	memcpy(quoted + n - 2, "\":", 2);
	keys->quoted_len[i] = (unsigned char)n;
	keys->quoted_head[i] = load_word(quoted, word);
	keys->quoted_tail[i] = load_word(quoted + n - word, word);
}

/* A seed under which every name has a slot of its own: then any member
 * name costs one hash and at most one comparison.  Shared slots, when no
 * seed separates the names, fall back to comparing each name. */
void json_keys_init(struct json_keys *keys, const char *const *names, size_t count)
{
	memset(keys, 0, sizeof *keys);
	keys->names = names;
	keys->count = count < JSON_MAX_KEYS ? count : JSON_MAX_KEYS;
	for (size_t i = 0; i < keys->count; i++) {
		keys->len[i] = strlen(names[i]);
		quote_key(keys, i);
	}
	json_simd_level(); /* a bad SK_JSON_SIMD stops the tool before it reads */
	for (unsigned seed = 7; seed < 7 + 256; seed++)
		if (fill_key_table(keys, seed))
			return;
	fill_key_table(keys, 7);
}

/* Whether p holds name k quoted with its colon: two loads and two
 * comparisons, the words overlapping for names under 13 bytes. */
static inline bool at_quoted_name(const struct json_keys *keys, size_t k, const char *p,
				  const char *end)
{
	size_t n = keys->quoted_len[k], word = n >= 8 ? 8 : 4;

	return n && (size_t)(end - p) >= n && load_word(p, word) == keys->quoted_head[k] &&
	       load_word(p + n - word, word) == keys->quoted_tail[k];
}

/* Which wanted key a member name is; -1 when none.  Names with escapes are
 * decoded first, so that "\u0074s" still means "ts". */
static int key_index(const struct json_keys *keys, const struct json_value *name)
{
	char decoded[64];
	const char *s = name->text;
	size_t n = name->len;
	unsigned slot;

	if (!keys)
		return -1;
	if (name->escaped) {
		if (n > sizeof decoded)
			return -1;
		n = json_unescape(name, decoded);
		s = decoded;
	}
	slot = keys->by_hash[key_hash(keys->seed, s, n)];
	if (slot != KEYS_SHARED)
		return slot && keys->len[slot - 1] == n && memcmp(keys->names[slot - 1], s, n) == 0
			       ? (int)slot - 1 : -1;
	for (size_t i = 0; i < keys->count; i++)
		if (keys->len[i] == n && memcmp(keys->names[i], s, n) == 0)
			return (int)i;
	return -1;
}

/* At a member's name; leaves p at its value, with *slot the wanted value
 * it fills, or NULL.  *after is the wanted member last seen in this
 * object (keys->count before the first): the one that followed it in the
 * last object is tried first. */
static int scan_member_name(struct parser *ps, struct json_keys *keys,
			    struct json_value *values, struct json_value **slot, size_t *after)
{
	struct json_value name;
	int idx;

	if (keys && keys->follows[*after]) {
		size_t next = keys->follows[*after] - 1u;
		if (at_quoted_name(keys, next, ps->p, ps->end)) {
			ps->p += keys->quoted_len[next];
			*slot = &values[next];
			*after = next;
			skip_space(ps);
			return 1;
		}
	}
	if (ps->p >= ps->end || *ps->p != '"')
		return fail(ps, ps->p >= ps->end ? "truncated JSON" :
			    "expected a member name in quotes", ps->p);
	if (!scan_string(ps, &name))
		return 0;
	idx = key_index(keys, &name);
	*slot = idx >= 0 ? &values[idx] : NULL;
	if (idx >= 0) {
		keys->follows[*after] = (unsigned char)(idx + 1);
		*after = (size_t)idx;
	}
	if (ps->p < ps->end && *ps->p == ':') { /* compact JSON */
		ps->p++;
	} else {
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return fail(ps, ps->p >= ps->end ? "truncated JSON" :
				    "expected ':' after a member name", ps->p);
		ps->p++;
	}
	skip_space(ps);
	return 1;
}

/* At '{' or '['; with keys and values, records the wanted members. */
static int scan_container(struct parser *ps, int depth, struct json_keys *keys,
			  struct json_value *values)
{
	int is_object = *ps->p == '{';
	char close = is_object ? '}' : ']';
	size_t after = keys ? keys->count : 0;

	if (depth >= JSON_MAX_DEPTH)
		return fail(ps, "JSON nested too deeply", ps->p);
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return 1;
	}
	for (;;) {
		struct json_value *slot = NULL;
		if (is_object && !scan_member_name(ps, keys, values, &slot, &after))
			return 0;
		if (!scan_value(ps, depth + 1, slot))
			return 0;
		skip_space(ps);
		if (ps->p >= ps->end)
			return fail(ps, "truncated JSON", ps->p);
		if (*ps->p == close) {
			ps->p++;
			return 1;
		}
		if (*ps->p != ',')
			return fail(ps, is_object ? "expected ',' or '}' in an object" :
				    "expected ',' or ']' in an array", ps->p);
		ps->p++;
		skip_space(ps);
	}
}

/* An object or an array inside a value: no member of it is wanted. */
static int scan_nested(struct parser *ps, int depth, struct json_value *v)
{
	const char *s = ps->p;

	if (!scan_container(ps, depth, NULL, NULL))
		return 0;
	if (v) {
		v->type = *s == '{' ? JSON_OBJECT : JSON_ARRAY;
		v->text = s;
		v->len = (size_t)(ps->p - s);
	}
	return 1;
}

const char *json_read_object(const char *rec, size_t len, struct json_keys *keys,
			     struct json_value values[], size_t *where)
{
	struct parser ps = { rec, rec + len, rec, NULL, NULL };

	memset(values, 0, keys->count * sizeof values[0]);
	skip_space(&ps);
	if (ps.p < ps.end && *ps.p == '{') {
		if (scan_container(&ps, 0, keys, values)) {
			skip_space(&ps);
			if (ps.p < ps.end)
				fail(&ps, "trailing characters after the object", ps.p);
		}
	} else if (ps.p >= ps.end) {
		fail(&ps, "empty record", ps.p);
	} else if (scan_value(&ps, 0, NULL)) {
		fail(&ps, "not a JSON object", ps.start);
	}
	if (ps.reason && where)
		*where = (size_t)(ps.at - rec);
	return ps.reason;
}

static size_t put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Decodes the escape at s (a backslash, checked by the reader) to d;
 * returns the bytes written and sets *used to the bytes it took. */
static size_t decode_escape(const char *s, char *d, size_t *used)
{
	unsigned cp = 0, low = 0xdc00; /* set by hex4: the reader checked them */

	*used = 2;
	switch (s[1]) {
	case 'b': *d = '\b'; return 1;
	case 'f': *d = '\f'; return 1;
	case 'n': *d = '\n'; return 1;
	case 'r': *d = '\r'; return 1;
	case 't': *d = '\t'; return 1;
	case 'u':
		hex4(s + 2, &cp);
		*used = 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			hex4(s + 8, &low);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			*used = 12;
		}
		return put_utf8(d, cp);
	default: *d = s[1]; return 1; /* \" \\ \/ */
	}
}

/* Sixteen bytes are copied at a time, up to the next backslash, and may
 * run past it: decoding never lengthens, so the output lags the input
 * and a store that the input's end allows stays inside dst's v->len. */
size_t json_unescape(const struct json_value *v, char *dst)
{
	const char *s = v->text, *end = v->text + v->len;
	char *d = dst;
	size_t used;

	while (s < end) {
#ifdef __SSE2__
		if (end - s >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
			unsigned mask = (unsigned)_mm_movemask_epi8(
				_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
			_mm_storeu_si128((__m128i *)(void *)d, x);
			if (!mask) {
				s += 16, d += 16;
				continue;
			}
			s += __builtin_ctz(mask), d += __builtin_ctz(mask);
		} else
#endif
		{
			const char *bs = memchr(s, '\\', (size_t)(end - s));
			size_t run = (size_t)((bs ? bs : end) - s);
			memcpy(d, s, run);
			d += run, s += run;
			if (!bs)
				break;
		}
		d += decode_escape(s, d, &used);
		s += used;
	}
	return (size_t)(d - dst);
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_MISSING: return "nothing";
	case JSON_NULL: return "null";
	case JSON_FALSE:
	case JSON_TRUE: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	}
	return "a value";
}
