#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transform/catalog.h"

const struct field_spec song_fields[SONG_NFIELDS] = {
	[SONG_NUM_SONGS] = { "num_songs", FIELD_INT, false, INT32_MIN, INT32_MAX },
	[SONG_ARTIST_ID] = { "artist_id", FIELD_TEXT, true, 0, 0 },
	[SONG_LATITUDE] = { "artist_latitude", FIELD_FLOAT, false, 0, 0 },
	[SONG_LONGITUDE] = { "artist_longitude", FIELD_FLOAT, false, 0, 0 },
	[SONG_LOCATION] = { "artist_location", FIELD_TEXT, false, 0, 0 },
	[SONG_ARTIST_NAME] = { "artist_name", FIELD_TEXT, false, 0, 0 },
	[SONG_ID] = { "song_id", FIELD_TEXT, true, 0, 0 },
	[SONG_TITLE] = { "title", FIELD_TEXT, false, 0, 0 },
	[SONG_DURATION] = { "duration", FIELD_FLOAT, false, 0, 0 },
	[SONG_YEAR] = { "year", FIELD_INT, false, INT32_MIN, INT32_MAX },
};

void catalog_init(struct catalog *c)
{
	memset(c, 0, sizeof *c);
	strmap_init(&c->song_ids);
	strmap_init(&c->artist_ids);
}

static void write_song(struct tsv_out *out, const struct field f[])
{
	field_put(out, &f[SONG_ID]);
	field_put(out, &f[SONG_TITLE]);
	field_put(out, &f[SONG_ARTIST_ID]);
	if (f[SONG_YEAR].null || f[SONG_YEAR].i == 0)
		tsv_null(out);
	else
		tsv_int(out, f[SONG_YEAR].i);
	field_put(out, &f[SONG_DURATION]);
	tsv_end_row(out);
}

static void write_lookup(struct tsv_out *out, const struct field f[])
{
	field_put(out, &f[SONG_ID]);
	field_put(out, &f[SONG_TITLE]);
	field_put(out, &f[SONG_ARTIST_NAME]);
	field_put(out, &f[SONG_DURATION]);
	field_put(out, &f[SONG_ARTIST_ID]);
	tsv_end_row(out);
}

/* Fills the artist's still-unknown columns from this song. */
static void merge_artist(struct catalog *c, const struct field f[])
{
	static const enum song_field sources[4] = {
		SONG_ARTIST_NAME, SONG_LOCATION, SONG_LATITUDE, SONG_LONGITUDE
	};
	const struct field *id = &f[SONG_ARTIST_ID];
	size_t idx = c->nrows;
	struct artist_row *row;

	if (!strmap_put(&c->artist_ids, id->text.s, id->text.n, &idx)) {
		if (c->nrows == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 1024;
			c->rows = sk_realloc(c->rows, c->cap * sizeof *c->rows);
		}
		memset(&c->rows[c->nrows], 0, sizeof *c->rows);
		c->rows[c->nrows++].id = strmap_keep(&c->artist_ids, id->text.s, id->text.n);
	}
	row = &c->rows[idx];
	for (int i = 0; i < 4; i++) {
		const struct field *v = &f[sources[i]];
		if (!row->cols[i] && !v->null && v->text.n > 0)
			row->cols[i] = strmap_keep(&c->artist_ids, v->text.s, v->text.n);
	}
}

void catalog_add(struct catalog *c, const struct field f[SONG_NFIELDS])
{
	size_t unused = 0;

	if (c->artists)
		merge_artist(c, f);
	if (strmap_put(&c->song_ids, f[SONG_ID].text.s, f[SONG_ID].text.n, &unused))
		return; /* a repeated song_id: the first record won */
	if (c->songs)
		write_song(c->songs, f);
	if (c->lookup)
		write_lookup(c->lookup, f);
}

static void write_artists(struct catalog *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		const struct artist_row *row = &c->rows[r];
		tsv_text(c->artists, row->id, strlen(row->id));
		for (int i = 0; i < 4; i++)
			if (row->cols[i])
				tsv_text(c->artists, row->cols[i], strlen(row->cols[i]));
			else
				tsv_null(c->artists);
		tsv_end_row(c->artists);
	}
}

void catalog_finish(struct catalog *c)
{
	if (c->artists)
		write_artists(c);
	strmap_free(&c->song_ids);
	strmap_free(&c->artist_ids);
	free(c->rows);
}
