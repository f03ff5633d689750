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

#include "common/hashmap.h"
#include "transform/value.h"

/* "Within 0.001 s", read on decimal values: the slack absorbs binary
 * rounding so that 100.001 against 100 matches, as arithmetic says. */
#define LOOKUP_TOLERANCE (0.001 + 1e-9)

struct song_lookup {
	struct strmap by_name;   /* title NUL artist_name -> first candidate */
	struct candidate *cands;
	size_t count, cap;
	char *key;               /* room to build a key */
	size_t key_cap;
};

void lookup_init(struct song_lookup *lk);
/* Reads a lookup TSV file; exits with file:line on a malformed row, and,
 * when need_end_line, on a file without its end-of-data line (tsv.h): a
 * cut catalogue would resolve plays wrongly without a word. */
void lookup_load(struct song_lookup *lk, const char *path, bool need_end_line);
/* True with the matching ids (NUL-terminated, owned by lk) when found.
 * length is the play's number as text: it is converted only when the
 * title and artist name match some song, which most plays do not. */
bool lookup_match(struct song_lookup *lk, struct text title, struct text artist,
		  struct text length, const char **song_id, const char **artist_id);
void lookup_free(struct song_lookup *lk);

#endif
