/* jqdiff — the differential test of sk's JSON reader against libjq.
 *
 * For every record of the given sources, and for mutants of each (cut
 * short, a byte replaced, a byte inserted), both readers parse the text:
 * they must agree on whether it is a JSON object and, when it is, on the
 * type and value of every member sk reads (strings byte for byte after
 * unescaping, numbers as doubles).  sk is stricter than jq 1.6 in a few
 * documented ways (it rejects invalid UTF-8, unpaired surrogates and NUL
 * characters, which jq turns into U+FFFD or keeps, and nesting past 512);
 * and it holds numbers to RFC 8259's grammar where jq 1.6 reads any run of
 * digits, dots, signs and exponents (".5", "01", "1.", "1.e5"); those are
 * the only disagreements allowed.
 *
 * SK_JSON_SIMD chooses the reader's vector level (jsonstr.h); the summary
 * names the one used.
 *
 * usage: jqdiff [-m MUTANTS_PER_RECORD] SOURCE ...   (exit 1 on a disagreement) */
#include <jv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "transform/json.h"
#include "transform/jsonstr.h"
#include "transform/records.h"
#include "transform/value.h"

static const char *const names[] = {
	"artist", "auth", "firstName", "gender", "itemInSession", "lastName", "length",
	"level", "location", "method", "page", "registration", "sessionId", "song",
	"status", "ts", "userAgent", "userId", "num_songs", "artist_id",
	"artist_latitude", "artist_longitude", "artist_location", "artist_name",
	"song_id", "title", "duration", "year",
};
enum { NNAMES = sizeof names / sizeof names[0] };
static struct json_keys keys; /* json_keys_init(names) in main */

static unsigned long agree, differ, stricter;

static int is_allowed_strictness(const char *why)
{
	return strstr(why, "UTF-8") || strstr(why, "surrogate") || strstr(why, "NUL") ||
	       strstr(why, "nested too deeply");
}

/* A number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int strict_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (i == d && s[i] == '0')
				return 0;
	if (i == 0 || (i == 1 && s[0] == '-'))
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

/* True when, outside strings, a run of number characters is one that jq
 * 1.6 reads as a number and RFC 8259 does not. */
static int has_lenient_number(const char *s, size_t n)
{
	int in_string = 0;

	for (size_t i = 0; i < n; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
			continue;
		}
		if (s[i] == '"') {
			in_string = 1;
			continue;
		}
		if (strchr("0123456789.-", s[i]) && s[i] != '\0') {
			size_t j = i;
			while (j < n && s[j] && strchr("0123456789.eE+-", s[j]))
				j++;
			if (!strict_number(s + i, j - i))
				return 1;
			i = j - 1;
		}
	}
	return 0;
}

static void report(const char *source, uint64_t line, const char *what,
		   const char *text, size_t len)
{
	differ++;
	if (differ <= 20)
		fprintf(stderr, "jqdiff: %s:%llu: %s: %.*s\n", source,
			(unsigned long long)line, what, (int)len, text);
}

/* One member: same kind, same value. */
static const char *compare_member(jv obj, const char *name, const struct json_value *v,
				  char *scratch)
{
	jv m = jv_object_get(jv_copy(obj), jv_string(name));
	jv_kind k = jv_get_kind(m);
	const char *bad = NULL;

	switch (v->type) {
	case JSON_MISSING: bad = k == JV_KIND_INVALID ? NULL : "missing only in sk"; break;
	case JSON_NULL: bad = k == JV_KIND_NULL ? NULL : "null only in sk"; break;
	case JSON_TRUE: bad = k == JV_KIND_TRUE ? NULL : "true only in sk"; break;
	case JSON_FALSE: bad = k == JV_KIND_FALSE ? NULL : "false only in sk"; break;
	case JSON_OBJECT: bad = k == JV_KIND_OBJECT ? NULL : "object only in sk"; break;
	case JSON_ARRAY: bad = k == JV_KIND_ARRAY ? NULL : "array only in sk"; break;
	case JSON_NUMBER: {
		/* text_number: sk's own conversion (a fast path, else strtod) */
		struct text t = { v->text, v->len };
		bad = k != JV_KIND_NUMBER ? "number only in sk" :
		      jv_number_value(m) != text_number(&t) ? "numbers differ" : NULL;
		break;
	}
	case JSON_STRING: {
		size_t n = json_unescape(v, scratch);
		bad = k != JV_KIND_STRING ? "string only in sk" :
		      (size_t)jv_string_length_bytes(jv_copy(m)) != n ||
		      memcmp(jv_string_value(m), scratch, n) != 0 ? "strings differ" : NULL;
		break;
	}
	}
	jv_free(m);
	return bad;
}

static void check(const char *source, uint64_t line, const char *text, size_t len,
		  char *scratch)
{
	struct json_value values[NNAMES];
	size_t where;
	const char *why = json_read_object(text, len, &keys, values, &where);
	jv parsed = jv_parse_sized(text, (int)len);
	int jq_object = jv_get_kind(parsed) == JV_KIND_OBJECT;
	const char *bad = NULL;

	if (!why && !jq_object)
		bad = "sk accepts what jq rejects";
	else if (why && jq_object && !is_allowed_strictness(why) &&
		 !has_lenient_number(text, len))
		bad = why;
	else if (why && jq_object)
		stricter++;
	for (int i = 0; !why && !bad && i < NNAMES; i++)
		bad = compare_member(parsed, names[i], &values[i], scratch);
	jv_free(parsed);
	if (bad)
		report(source, line, bad, text, len);
	else
		agree++;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void) /* xorshift64: the same mutants every run */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t mutate(const char *text, size_t len, char *out)
{
	static const char tokens[] = "\"\\{}[],:0-e.u\n tn\xff\xc3\xed";
	size_t at = len ? next_random() % len : 0;
	char c = tokens[next_random() % (sizeof tokens - 1)];

	switch (next_random() % 3) {
	case 0: /* cut short */
		memcpy(out, text, at);
		return at;
	case 1: /* a byte replaced */
		memcpy(out, text, len);
		out[at] = c;
		return len;
	default: /* a byte inserted */
		memcpy(out, text, at);
		out[at] = c;
		memcpy(out + at + 1, text + at, len - at);
		return len + 1;
	}
}

int main(int argc, char **argv)
{
	struct records in;
	struct record rec;
	char *mutant = NULL, *scratch = NULL;
	size_t cap = 0;
	int c, mutants = 20;

	sk_progname = "jqdiff";
	json_keys_init(&keys, names, NNAMES);
	while ((c = getopt(argc, argv, "m:")) != -1)
		if (c == 'm')
			mutants = atoi(optarg);
	records_open(&in, &(struct input_sources){ .names = argv + optind,
					       .count = (size_t)(argc - optind) });
	in.exact = true; /* compare whole framed values, as sk-fetch writes them */
	while (records_next(&in, &rec)) {
		if (cap < rec.len + 2) {
			cap = 2 * rec.len + 2;
			mutant = sk_realloc(mutant, cap);
			scratch = sk_realloc(scratch, cap);
		}
		check(rec.source, rec.line, rec.text, rec.len, scratch);
		for (int i = 0; i < mutants; i++) {
			size_t n = mutate(rec.text, rec.len, mutant);
			check(rec.source, rec.line, mutant, n, scratch);
		}
	}
	records_close(&in);
	free(mutant);
	free(scratch);
	printf("%lu agree (sk stricter on %lu), %lu differ, strings read at level %s\n", agree,
	       stricter, differ, json_simd_name(json_simd_level()));
	return differ ? 1 : 0;
}
