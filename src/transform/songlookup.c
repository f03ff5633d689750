#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/hashmap.h"
#include "common/pages.h"
#include "transform/songlookup.h"
#include "transform/tsv.h"

/* One song, followed by its bytes: title, artist name, song_id NUL,
 * artist_id NUL.  Songs of the same title and artist name chain by next. */
struct song_entry {
	double duration;
	uint32_t title_len, artist_len, song_id_len, artist_id_len;
	size_t next;              /* offset of the next such song + 1; 0: none */
};

enum { ENTRY_ALIGN = 8, TAG_SHIFT = 32 };

void lookup_init(struct song_lookup *lk)
{
	memset(lk, 0, sizeof *lk);
	lk->mask = 1023;
	lk->slots = pages_zalloc((lk->mask + 1) * sizeof *lk->slots);
}

void lookup_free(struct song_lookup *lk)
{
	free(lk->slots);
	pages_release(lk->entries, lk->cap);
}

static struct song_entry *entry_at(const struct song_lookup *lk, size_t offset)
{
	return (struct song_entry *)(void *)(lk->entries + offset);
}

static const char *entry_bytes(const struct song_entry *e)
{
	return (const char *)(e + 1);
}

/* The entry a slot points at (the low half: its offset / 8 + 1). */
static size_t slot_offset(uint64_t slot)
{
	return ((slot & 0xffffffffu) - 1) * ENTRY_ALIGN;
}

static const char *entry_song_id(const struct song_entry *e)
{
	return entry_bytes(e) + e->title_len + e->artist_len;
}

/* The title and artist name hashed apart, then mixed: no key to build. */
uint64_t lookup_hash(struct text title, struct text artist)
{
	return hash_bytes(title.s, title.n) * 0x9e3779b97f4a7c15ull ^ hash_bytes(artist.s, artist.n);
}

static bool same_names(const struct song_entry *e, struct text title, struct text artist)
{
	const char *b = entry_bytes(e);

	return e->title_len == title.n && e->artist_len == artist.n &&
	       memcmp(b, title.s, title.n) == 0 && memcmp(b + title.n, artist.s, artist.n) == 0;
}

/* The slot holding the first song of title and artist, or the empty one
 * where it belongs. */
static uint64_t *find_slot(const struct song_lookup *lk, struct text title, struct text artist,
			   uint64_t h)
{
	uint64_t tag = h >> TAG_SHIFT;

	for (size_t i = (size_t)h & lk->mask;; i = (i + 1) & lk->mask) {
		uint64_t *slot = &lk->slots[i];
		if (*slot == 0)
			return slot;
		if (*slot >> TAG_SHIFT == tag &&
		    same_names(entry_at(lk, slot_offset(*slot)), title, artist))
			return slot;
	}
}

static uint64_t slot_value(uint64_t h, size_t offset)
{
	return (h >> TAG_SHIFT) << TAG_SHIFT | (offset / ENTRY_ALIGN + 1);
}

static struct text entry_title(const struct song_entry *e)
{
	return (struct text){ entry_bytes(e), e->title_len };
}

static struct text entry_artist(const struct song_entry *e)
{
	return (struct text){ entry_bytes(e) + e->title_len, e->artist_len };
}

/* The slots made count (a power of two) in one step. */
static void resize_slots(struct song_lookup *lk, size_t count)
{
	uint64_t *old = lk->slots;
	size_t n = lk->mask + 1;

	lk->mask = count - 1;
	lk->slots = pages_zalloc(count * sizeof *lk->slots);
	for (size_t i = 0; i < n; i++) {
		const struct song_entry *e;
		if (!old[i])
			continue;
		e = entry_at(lk, slot_offset(old[i]));
		*find_slot(lk, entry_title(e), entry_artist(e),
			   lookup_hash(entry_title(e), entry_artist(e))) = old[i];
	}
	free(old);
}

/* Appends one song: f and n are the lookup row's song_id, title,
 * artist_name, duration and artist_id. */
static size_t append_entry(struct song_lookup *lk, char *f[5], const size_t n[5])
{
	size_t offset = lk->used, size = sizeof(struct song_entry) + n[1] + n[2] + n[0] + n[4] + 2;
	struct song_entry *e;
	char *b;

	if (n[0] > UINT32_MAX || n[1] > UINT32_MAX || n[2] > UINT32_MAX || n[4] > UINT32_MAX)
		sk_die(SK_EXIT_DATA, "lookup: a field longer than 4 GiB");
	size = (size + ENTRY_ALIGN - 1) / ENTRY_ALIGN * ENTRY_ALIGN;
	if (lk->used + size > lk->cap) {
		size_t cap = 2 * (lk->used + size) + (1 << 20);
		lk->entries = pages_grow(lk->entries, lk->cap, cap);
		lk->cap = cap;
	}
	lk->used += size;
	e = entry_at(lk, offset);
	e->duration = text_number(&(struct text){ f[3], n[3] });
	e->title_len = (uint32_t)n[1], e->artist_len = (uint32_t)n[2];
	e->song_id_len = (uint32_t)n[0], e->artist_id_len = (uint32_t)n[4];
	e->next = 0;
	b = (char *)(e + 1);
	memcpy(b, f[1], n[1]);
	memcpy(b += n[1], f[2], n[2]);
	memcpy(b += n[2], f[0], n[0] + 1); /* with the NUL after it */
	memcpy(b + n[0] + 1, f[4], n[4] + 1);
	return offset;
}

/* Songs appended but not yet given a slot.  Past a few thousand songs
 * each slot is a cache miss: its fetch starts as its song is read, and
 * it is waited for PENDING songs later, not at once. */
enum { PENDING = 16 };

struct pending {
	size_t offset[PENDING];
	uint64_t hash[PENDING];
	size_t count;
};

/* The song at offset, of hash h, into its slot, or after the song of the
 * same title and artist name already there. */
static void place(struct song_lookup *lk, size_t offset, uint64_t h)
{
	struct song_entry *e = entry_at(lk, offset);
	uint64_t *slot = find_slot(lk, entry_title(e), entry_artist(e), h);

	if (*slot) {
		struct song_entry *head = entry_at(lk, slot_offset(*slot));
		e->next = head->next;
		head->next = offset + 1;
		return;
	}
	*slot = slot_value(h, offset);
	if (++lk->names * 2 > lk->mask)
		resize_slots(lk, 2 * (lk->mask + 1));
}

static void add(struct song_lookup *lk, struct pending *pd, char *f[5], const size_t n[5])
{
	struct text title = { f[1], n[1] }, artist = { f[2], n[2] };
	size_t i = pd->count++ % PENDING;

	if ((lk->used + ENTRY_ALIGN) / ENTRY_ALIGN >= UINT32_MAX)
		sk_die(SK_EXIT_DATA, "lookup: more than 32 GiB of songs");
	if (pd->count > PENDING) /* the song read PENDING songs ago */
		place(lk, pd->offset[i], pd->hash[i]);
	pd->hash[i] = lookup_hash(title, artist);
	pd->offset[i] = append_entry(lk, f, n);
	lookup_prefetch(lk, pd->hash[i]);
}

/* The songs still pending, in the order they were read. */
static void place_pending(struct song_lookup *lk, struct pending *pd)
{
	for (size_t k = pd->count > PENDING ? pd->count - PENDING : 0; k < pd->count; k++)
		place(lk, pd->offset[k % PENDING], pd->hash[k % PENDING]);
	pd->count = 0;
}

/* The lines of a regular file, counted before it is read, so that the
 * slots are sized once: each doubling rehashed every song read so far, a
 * cache miss or two each.  0 for a pipe, which can be read only once.  A
 * hint only: a read error here is the reading's to report. */
static size_t count_lines(FILE *f)
{
	static char buf[1 << 16];
	struct stat st;
	size_t lines = 0;
	ssize_t got;
	off_t at = 0;

	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	while ((got = pread(fileno(f), buf, sizeof buf, at)) > 0) {
		for (const char *p = buf, *end = buf + got; (p = memchr(p, '\n', (size_t)(end - p)));)
			p++, lines++;
		at += got;
	}
	return lines;
}

/* Room for that many more names without growing. */
static void reserve_slots(struct song_lookup *lk, size_t more)
{
	size_t count = lk->mask + 1;

	while ((lk->names + more) * 2 > count - 1)
		count *= 2;
	if (count > lk->mask + 1)
		resize_slots(lk, count);
}

void lookup_load(struct song_lookup *lk, const char *path, bool need_end_line)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *fld[6];
	size_t cap = 0, len[6];
	ssize_t got;
	unsigned long lineno = 0;
	bool ended = false;
	struct pending pending = { .count = 0 };

	if (!f)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot open:", path);
	reserve_slots(lk, count_lines(f));
	while (!ended && (got = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if ((ended = tsv_is_end_line(line, (size_t)got)))
			continue;
		if (tsv_split(line, (size_t)got, fld, len, 6) != 5)
			sk_die(SK_EXIT_DATA, "%s:%lu: expected 5 columns (sk-songs2tsv -t lookup)",
			       path, lineno);
		if (tsv_is_null(fld[0], len[0]) || tsv_is_null(fld[3], len[3]) ||
		    tsv_is_null(fld[4], len[4]))
			continue; /* no duration: no play can match it */
		for (int i = 0; i < 5; i++) {
			len[i] = tsv_unescape(fld[i], len[i]);
			fld[i][len[i]] = '\0'; /* the byte after was a tab or the end */
		}
		add(lk, &pending, fld, len);
	}
	place_pending(lk, &pending);
	if (ferror(f))
		sk_die(SK_EXIT_SYSTEM, "%s: read error:", path);
	if (!ended && need_end_line)
		tsv_die_no_end_line(path);
	if (ended && getline(&line, &cap, f) > 0)
		tsv_die_after_end_line(path, lineno + 1);
	free(line);
	fclose(f);
}

void lookup_prefetch(const struct song_lookup *lk, uint64_t h)
{
	__builtin_prefetch(&lk->slots[(size_t)h & lk->mask]);
}

void lookup_prefetch_song(const struct song_lookup *lk, uint64_t h)
{
	uint64_t slot = lk->slots[(size_t)h & lk->mask];

	if (slot >> TAG_SHIFT == h >> TAG_SHIFT) { /* a song and its bytes: two lines */
		const char *e = (const char *)entry_at(lk, slot_offset(slot));
		__builtin_prefetch(e);
		__builtin_prefetch(e + 64);
	}
}

static bool smaller_id(const struct song_entry *a, const struct song_entry *b)
{
	return strcmp(entry_song_id(a), entry_song_id(b)) < 0;
}

bool lookup_match(const struct song_lookup *lk, struct text title, struct text artist,
		  uint64_t h, struct text length_text, struct text *song_id, struct text *artist_id)
{
	const struct song_entry *best = NULL, *e;
	uint64_t slot;
	double length;

	if (!title.s || !artist.s)
		return false;
	slot = *find_slot(lk, title, artist, h);
	if (!slot)
		return false;
	length = text_number(&length_text);
	for (size_t at = slot_offset(slot) + 1; at; at = e->next) {
		e = entry_at(lk, at - 1);
		if (fabs(e->duration - length) <= LOOKUP_TOLERANCE && (!best || smaller_id(e, best)))
			best = e;
	}
	if (!best)
		return false;
	song_id->s = entry_song_id(best);
	song_id->n = best->song_id_len;
	artist_id->s = song_id->s + best->song_id_len + 1;
	artist_id->n = best->artist_id_len;
	return true;
}
