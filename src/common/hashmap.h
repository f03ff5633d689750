/* hashmap.h — open-addressing hash tables for the tools' in-memory sets:
 * byte-string keys (song ids, artist ids, title+artist pairs) and 64-bit
 * integer keys (user ids, timestamps).  Each slot holds a size_t the caller
 * uses as an index into its own array; keys are copied into an arena the
 * map owns, so a caller's record buffer can be reused at once. */
#ifndef SK_HASHMAP_H
#define SK_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
	struct strmap_slot *slots;
	size_t mask, count;
	char **chunks;          /* the key arena */
	size_t nchunks, chunk_used, chunk_cap;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Finds key; when absent, inserts it with value *value and returns false.
 * When present, sets *value to the stored value and returns true. */
bool strmap_put(struct strmap *m, const char *key, size_t len, size_t *value);
/* True and *value when present. */
bool strmap_get(const struct strmap *m, const char *key, size_t len, size_t *value);

struct intmap {
	struct intmap_slot *slots;
	size_t mask, count;
};

void intmap_init(struct intmap *m);
void intmap_free(struct intmap *m);
bool intmap_put(struct intmap *m, int64_t key, size_t *value); /* as strmap_put */

/* A set of 64-bit integers in 8-byte slots, a third of an intmap's, for
 * sets as large as a run's distinct timestamps. */
struct intset {
	int64_t *slots;         /* INT64_MIN: empty */
	size_t mask, count;
	bool has_min;           /* INT64_MIN itself, kept apart */
};

void intset_init(struct intset *s);
void intset_free(struct intset *s);
/* Adds key; false when it was there already. */
bool intset_add(struct intset *s, int64_t key);

/* A copy of s that lives as long as the map (used for strings that belong
 * with a key, such as the names stored beside a user id). */
char *strmap_keep(struct strmap *m, const char *s, size_t len);

#endif
