/* catalog.h — the song catalogue: song records into the rows of the songs
 * and artists tables, and into the lookup that resolves plays (SPEC §2).
 *
 *   songs   song_id, title, artist_id, year, duration
 *           first record in input order wins on a repeated song_id;
 *           year 0 means unknown and is written NULL.
 *   artists artist_id, name, location, latitude, longitude
 *           per column, the first non-empty value in input order across
 *           the artist's songs; empty strings are NULL.  Rows come out at
 *           the end, in order of each artist's first appearance.
 *   lookup  song_id, title, artist_name, duration, artist_id
 *           one row per song as in songs: what sk-events2tsv -l reads. */
#ifndef SK_CATALOG_H
#define SK_CATALOG_H

#include <stdbool.h>

#include "common/hashmap.h"
#include "transform/fields.h"
#include "transform/tsv.h"

enum song_field {
	SONG_NUM_SONGS, SONG_ARTIST_ID, SONG_LATITUDE, SONG_LONGITUDE, SONG_LOCATION,
	SONG_ARTIST_NAME, SONG_ID, SONG_TITLE, SONG_DURATION, SONG_YEAR, SONG_NFIELDS
};

extern const struct field_spec song_fields[SONG_NFIELDS];

struct artist_row {
	char *id;
	char *cols[4]; /* name, location, latitude, longitude; NULL until known */
};

struct catalog {
	struct tsv_out *songs, *artists, *lookup; /* NULL: not wanted */
	struct strmap song_ids;
	struct strmap artist_ids; /* artist_id -> index into rows */
	struct artist_row *rows;
	size_t nrows, cap;
};

void catalog_init(struct catalog *c);
/* Adds one good song record's fields. */
void catalog_add(struct catalog *c, const struct field f[SONG_NFIELDS]);
/* Writes the artists rows (they are only complete at the end) and frees. */
void catalog_finish(struct catalog *c);

#endif
