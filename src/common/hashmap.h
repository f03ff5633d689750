/* hashmap.h — open-addressing hash tables for the tools' in-memory sets:
 * byte-string keys (song ids, artist ids, title+artist pairs) and a set of
 * 64-bit integers (timestamps).  A string map's slot holds a size_t the
 * caller uses as an index into its own array; keys are copied into an
 * arena the map owns, so a caller's record buffer can be reused at once.
 * (The users, keyed by integer, are a table of their own: users.h.) */
#ifndef SK_HASHMAP_H
#define SK_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A 64-bit hash of n bytes, mixed so that every bit reaches the low ones
 * a table's slot is picked by (and the high ones a tag is taken from). */
uint64_t hash_bytes(const void *key, size_t n);

/* A 64-bit integer mixed the same way (splitmix64's finaliser); inline,
 * for the tables that probe by integer once per record. */
static inline uint64_t hash_int(int64_t key)
{
	uint64_t z = (uint64_t)key + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

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

/* A set of 64-bit integers, for sets as large as a run's distinct
 * timestamps.  Keys that arrive in increasing order, as a log's timestamps
 * do, are appended to a sorted run: 8 bytes each, no hashing, and no cache
 * miss.  The others go to 8-byte hash slots; one below the run's last is
 * looked for in both, by binary search and hash. */
struct intset {
	int64_t *run;           /* ascending, each key at most once */
	size_t run_count, run_cap;
	int64_t *slots;         /* INT64_MIN: empty */
	size_t mask, count;
	bool has_min;           /* INT64_MIN itself, kept apart */
};

void intset_init(struct intset *s);
void intset_free(struct intset *s);
/* Adds key; false when it was there already. */
bool intset_add(struct intset *s, int64_t key);

/* The map's own copy of a key it holds (NUL-terminated), or NULL. */
const char *strmap_stored(const struct strmap *m, const char *key, size_t len);

/* Rows grouped by a key of fixed size, their first key_size bytes (zero
 * any padding), for aggregates tallied in memory (load/tally.c): the rest
 * of a row is the caller's, zeroed when the row is added. */
struct groups {
	unsigned char *rows;
	size_t row_size, key_size, count, cap;
	uint64_t *slots;        /* row index + 1, the key's hash's top half
	                         * above (a probe reads no row for nothing); 0: empty */
	size_t mask;
};

void groups_init(struct groups *g, size_t key_size, size_t row_size);
void groups_free(struct groups *g);
/* The row of key, added when absent.  Valid until the next groups_row. */
void *groups_row(struct groups *g, const void *key);
/* Row i, 0 <= i < g->count, in the order they were added. */
void *groups_at(const struct groups *g, size_t i);

/* A copy of s that lives as long as the map (used for strings that belong
 * with a key, such as the names stored beside a user id). */
char *strmap_keep(struct strmap *m, const char *s, size_t len);

#endif
