#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/hashmap.h"
#include "common/pages.h"

struct strmap_slot {
	const char *key; /* NULL: empty */
	size_t len;
	uint64_t hash;
	size_t value;
};

enum { ARENA_CHUNK = 1 << 20 };

/* Eight bytes a step (a byte a step, as FNV-1a, made hashing a user agent
 * cost more than looking it up), each word multiplied in, the whole mixed
 * at the end so that every bit reaches the low ones that pick a slot. */
uint64_t hash_bytes(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 29;
	}
	if (n) {
		w = 0;
		memcpy(&w, p, n);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
	}
	return hash_int((int64_t)h);
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
	m->mask = 1023;
	m->slots = pages_zalloc((m->mask + 1) * sizeof *m->slots);
}

void strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->nchunks; i++)
		free(m->chunks[i]);
	free(m->chunks);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

char *strmap_keep(struct strmap *m, const char *s, size_t len)
{
	char *d;

	if (m->nchunks == 0 || m->chunk_used + len + 1 > m->chunk_cap) {
		m->chunk_cap = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;
		m->chunks = sk_realloc(m->chunks, (m->nchunks + 1) * sizeof *m->chunks);
		m->chunks[m->nchunks++] = sk_malloc(m->chunk_cap);
		m->chunk_used = 0;
	}
	d = m->chunks[m->nchunks - 1] + m->chunk_used;
	memcpy(d, s, len);
	d[len] = '\0';
	m->chunk_used += len + 1;
	return d;
}

static struct strmap_slot *str_find(const struct strmap *m, const char *key, size_t len,
				    uint64_t h)
{
	size_t i = (size_t)h & m->mask;

	for (;; i = (i + 1) & m->mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void str_grow(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t n = m->mask + 1, i;

	m->mask = 2 * n - 1;
	m->slots = pages_zalloc(2 * n * sizeof *m->slots);
	for (i = 0; i < n; i++)
		if (old[i].key)
			*str_find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

bool strmap_put(struct strmap *m, const char *key, size_t len, size_t *value)
{
	uint64_t h = hash_bytes(key, len);
	struct strmap_slot *s = str_find(m, key, len, h);

	if (s->key) {
		*value = s->value;
		return true;
	}
	s->key = strmap_keep(m, key, len);
	s->len = len;
	s->hash = h;
	s->value = *value;
	if (++m->count * 2 > m->mask)
		str_grow(m);
	return false;
}

const char *strmap_stored(const struct strmap *m, const char *key, size_t len)
{
	return str_find(m, key, len, hash_bytes(key, len))->key;
}

bool strmap_get(const struct strmap *m, const char *key, size_t len, size_t *value)
{
	struct strmap_slot *s = str_find(m, key, len, hash_bytes(key, len));

	if (!s->key)
		return false;
	*value = s->value;
	return true;
}

static int64_t *intset_alloc(size_t n)
{
	int64_t *slots = pages_alloc(n * sizeof *slots);

	for (size_t i = 0; i < n; i++)
		slots[i] = INT64_MIN;
	return slots;
}

void intset_init(struct intset *s)
{
	s->run_count = 0;
	s->run_cap = 1024;
	s->run = sk_malloc(s->run_cap * sizeof *s->run);
	s->mask = 1023;
	s->count = 0;
	s->has_min = false;
	s->slots = intset_alloc(s->mask + 1);
}

void intset_free(struct intset *s)
{
	free(s->run);
	free(s->slots);
	s->run = s->slots = NULL;
}

static int64_t *intset_find(const struct intset *s, int64_t key)
{
	size_t i = (size_t)hash_int(key) & s->mask;

	while (s->slots[i] != INT64_MIN && s->slots[i] != key)
		i = (i + 1) & s->mask;
	return &s->slots[i];
}

static void intset_grow(struct intset *s)
{
	int64_t *old = s->slots;
	size_t n = s->mask + 1;

	s->mask = 2 * n - 1;
	s->slots = intset_alloc(2 * n);
	for (size_t i = 0; i < n; i++)
		if (old[i] != INT64_MIN)
			*intset_find(s, old[i]) = old[i];
	free(old);
}

static bool run_holds(const struct intset *s, int64_t key)
{
	size_t lo = 0, hi = s->run_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->run[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->run_count && s->run[lo] == key;
}

/* True when key is past the run's last: appended, and new. */
static bool run_append(struct intset *s, int64_t key)
{
	if (s->run_count > 0 && key <= s->run[s->run_count - 1])
		return false;
	if (s->run_count == s->run_cap)
		s->run = sk_realloc(s->run, (s->run_cap *= 2) * sizeof *s->run);
	s->run[s->run_count++] = key;
	return true;
}

bool intset_add(struct intset *s, int64_t key)
{
	int64_t *slot;

	if (key == INT64_MIN) {
		bool added = !s->has_min;
		s->has_min = true;
		return added;
	}
	/* A key past the run's last cannot be in the slots: each that went
	 * there was below the run's last then, and the run only grows. */
	if (run_append(s, key))
		return true;
	if (run_holds(s, key))
		return false;
	slot = intset_find(s, key);
	if (*slot == key)
		return false;
	*slot = key;
	if (++s->count * 2 > s->mask)
		intset_grow(s);
	return true;
}

/* ---- groups ------------------------------------------------------------ */

void groups_init(struct groups *g, size_t key_size, size_t row_size)
{
	memset(g, 0, sizeof *g);
	g->key_size = key_size;
	g->row_size = row_size;
	g->mask = 1023;
	g->slots = pages_zalloc((g->mask + 1) * sizeof *g->slots);
}

void groups_free(struct groups *g)
{
	pages_release(g->rows, g->cap * g->row_size);
	free(g->slots);
	memset(g, 0, sizeof *g);
}

void *groups_at(const struct groups *g, size_t i)
{
	return g->rows + i * g->row_size;
}

/* Keys of whole words are compared word by word, inline: memcmp's call
 * for a key of 8 or 24 bytes cost more than the comparison. */
static bool same_key(const struct groups *g, const unsigned char *a, const unsigned char *b)
{
	uint64_t x, y;

	if (g->key_size % 8 != 0)
		return memcmp(a, b, g->key_size) == 0;
	for (size_t i = 0; i < g->key_size; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	return true;
}

/* The slot that holds key, or the empty one where it would go. */
static uint64_t *group_slot(const struct groups *g, const void *key, uint64_t h)
{
	uint64_t tag = h & 0xffffffff00000000ull;

	for (size_t i = (size_t)h & g->mask;; i = (i + 1) & g->mask) {
		uint64_t *s = &g->slots[i];
		if (!*s || ((*s & 0xffffffff00000000ull) == tag &&
			    same_key(g, groups_at(g, (uint32_t)*s - 1), key)))
			return s;
	}
}

static void groups_grow(struct groups *g)
{
	size_t n = 2 * (g->mask + 1);

	free(g->slots);
	g->mask = n - 1;
	g->slots = pages_zalloc(n * sizeof *g->slots);
	for (size_t i = 0; i < g->count; i++) {
		const void *key = groups_at(g, i);
		uint64_t h = hash_bytes(key, g->key_size);
		*group_slot(g, key, h) = (h & 0xffffffff00000000ull) | (i + 1);
	}
}

void *groups_row(struct groups *g, const void *key)
{
	uint64_t h = hash_bytes(key, g->key_size), *s = group_slot(g, key, h);
	unsigned char *row;

	if (*s)
		return groups_at(g, (uint32_t)*s - 1);
	if (g->count == UINT32_MAX - 1)
		sk_die(SK_EXIT_SYSTEM, "more than %u groups", UINT32_MAX - 1);
	if (g->count == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 1024;
		g->rows = pages_grow(g->rows, g->cap * g->row_size, cap * g->row_size);
		g->cap = cap;
	}
	*s = (h & 0xffffffff00000000ull) | ++g->count;
	row = groups_at(g, g->count - 1);
	memset(row, 0, g->row_size);
	memcpy(row, key, g->key_size);
	if (g->count * 2 > g->mask)
		groups_grow(g);
	return groups_at(g, g->count - 1);
}
