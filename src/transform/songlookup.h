/* songlookup.h — resolves a play to its song (SPEC §2): the song whose
 * title equals the event's song and whose artist_name equals its artist
 * (exact, byte for byte) and whose duration is within 0.001 s of its
 * length; among several, the smallest song_id.  Built in memory from the
 * lookup rows of sk-songs2tsv (song_id, title, artist_name, duration,
 * artist_id), hashed on title and artist name. */
#ifndef SK_SONGLOOKUP_H
#define SK_SONGLOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transform/value.h"

/* "Within 0.001 s", read on decimal values: the slack absorbs binary
 * rounding so that 100.001 against 100 matches, as arithmetic says. */
#define LOOKUP_TOLERANCE (0.001 + 1e-9)

/* The catalogue packed for the play-by-play look-up, where cache misses
 * are the cost: 8-byte slots that carry a tag of the hash, so a probe
 * reads no song for nothing, and each song's title, artist name and ids
 * in one place after its duration (struct song_entry, songlookup.c). */
struct song_lookup {
	uint64_t *slots;         /* tag << 32 | (entry offset / 8 + 1); 0: empty */
	size_t mask, names;      /* slots - 1; distinct title and artist pairs */
	char *entries;           /* the songs, each 8-byte aligned */
	size_t used, cap;
};

void lookup_init(struct song_lookup *lk);
/* Reads a lookup TSV file; exits with file:line on a malformed row, and,
 * when need_end_line, on a file without its end-of-data line (tsv.h): a
 * cut catalogue would resolve plays wrongly without a word. */
void lookup_load(struct song_lookup *lk, const char *path, bool need_end_line);
/* A play's title and artist name hashed once, for the prefetches and the
 * match: the prefetches start early the two cache misses (a slot, then a
 * song) that are most of a match's cost. */
uint64_t lookup_hash(struct text title, struct text artist);
/* Starts fetching the slot of hash h. */
void lookup_prefetch(const struct song_lookup *lk, uint64_t h);
/* Reads that slot, fetched by now with luck, and starts fetching the song
 * it points at. */
void lookup_prefetch_song(const struct song_lookup *lk, uint64_t h);
/* True with the matching ids (owned by lk) when found; h is
 * lookup_hash(title, artist).  length is the play's number as text: it is
 * converted only when the title and artist name match some song. */
bool lookup_match(const struct song_lookup *lk, struct text title, struct text artist,
		  uint64_t h, struct text length, struct text *song_id, struct text *artist_id);
void lookup_free(struct song_lookup *lk);

#endif
