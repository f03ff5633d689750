/* json.h — a single-pass JSON reader for known fields, allocating nothing.
 *
 * It validates one whole JSON text (RFC 8259, UTF-8 checked, nesting up to
 * JSON_MAX_DEPTH) and, when that text is an object, points each wanted
 * member at its bytes inside the caller's buffer.  Strings stay escaped
 * until a caller asks for them with json_unescape.  libjq is the reference
 * this reader is tested against; it is not used on the hot path because it
 * builds a tree of allocated values for every record. */
#ifndef SK_JSON_H
#define SK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { JSON_MAX_DEPTH = 512 };

enum json_type {
	JSON_MISSING = 0, /* the member is not in the object */
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_OBJECT,
	JSON_ARRAY,
};

struct json_value {
	enum json_type type;
	const char *text; /* strings: between the quotes; others: the whole token */
	size_t len;
	bool escaped;     /* a string holding backslash escapes */
};

enum { JSON_MAX_KEYS = 32 };

/* The member names a caller wants, in the order of its value array, with
 * a table that finds a name's index from its length and first and last
 * bytes, so that a member costs one comparison, wanted or not. */
struct json_keys {
	const char *const *names;
	size_t count;
	size_t len[JSON_MAX_KEYS];
	unsigned seed;              /* of the hash that gives each name a slot */
	unsigned char by_hash[256]; /* index + 1; 0: no key; KEYS_SHARED: several */
	/* Each name as compact JSON writes it, quoted with its colon ("ts":),
	 * in two words that overlap when it is shorter than 16 bytes. */
	unsigned char quoted_len[JSON_MAX_KEYS];
	uint64_t quoted_head[JSON_MAX_KEYS], quoted_tail[JSON_MAX_KEYS];
	/* Learned while reading: the wanted member that came after each one
	 * in the last object (index + 1, 0: none known; [count]: the first).
	 * An NDJSON producer writes every record's members in one order, so a
	 * member then costs one comparison with the one expected, and neither
	 * a scan of its name nor a hash. */
	unsigned char follows[JSON_MAX_KEYS + 1];
};

/* Fills keys for count (<= JSON_MAX_KEYS) names, which must outlive it. */
void json_keys_init(struct json_keys *keys, const char *const *names, size_t count);

/* Reads rec[0..len) as one JSON object.  values[i] receives the member named
 * keys->names[i] (the last one wins if a name repeats, as in jq).  Returns
 * NULL on success, or a reason such as "invalid UTF-8 in a string", with
 * *where set to the offending byte's offset.  keys learns the members'
 * order (see follows), which changes its speed, never its answer. */
const char *json_read_object(const char *rec, size_t len, struct json_keys *keys,
			     struct json_value values[], size_t *where);

/* Writes the decoded bytes of a string value read by json_read_object to dst,
 * which must hold v->len bytes (decoding never lengthens) and lie apart from
 * the value's own; returns the count. */
size_t json_unescape(const struct json_value *v, char *dst);

/* The name of a type, for messages: "a string", "an object", ... */
const char *json_type_name(enum json_type t);

#endif
