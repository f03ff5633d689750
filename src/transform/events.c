#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transform/events.h"
#include "transform/utc.h"

#define I32 INT32_MIN, INT32_MAX

const struct field_spec event_fields[EV_NFIELDS] = {
	[EV_ARTIST] = { "artist", FIELD_TEXT, false, 0, 0 },
	[EV_AUTH] = { "auth", FIELD_TEXT, false, 0, 0 },
	[EV_FIRST_NAME] = { "firstName", FIELD_TEXT, false, 0, 0 },
	[EV_GENDER] = { "gender", FIELD_TEXT, false, 0, 0 },
	[EV_ITEM] = { "itemInSession", FIELD_INT, false, I32 },
	[EV_LAST_NAME] = { "lastName", FIELD_TEXT, false, 0, 0 },
	[EV_LENGTH] = { "length", FIELD_FLOAT, false, 0, 0 },
	[EV_LEVEL] = { "level", FIELD_TEXT, false, 0, 0 },
	[EV_LOCATION] = { "location", FIELD_TEXT, false, 0, 0 },
	[EV_METHOD] = { "method", FIELD_TEXT, false, 0, 0 },
	[EV_PAGE] = { "page", FIELD_TEXT, false, 0, 0 },
	[EV_REGISTRATION] = { "registration", FIELD_FLOAT, false, 0, 0 },
	[EV_SESSION] = { "sessionId", FIELD_INT, false, I32 },
	[EV_SONG] = { "song", FIELD_TEXT, false, 0, 0 },
	[EV_STATUS] = { "status", FIELD_INT, false, I32 },
	[EV_TS] = { "ts", FIELD_INT, true, UTC_MIN_MS, UTC_MAX_MS },
	[EV_USER_AGENT] = { "userAgent", FIELD_TEXT, false, 0, 0 },
	[EV_USER_ID] = { "userId", FIELD_INT, false, I32 },
};

bool event_is_songplay(const struct field f[EV_NFIELDS])
{
	const struct text *page = &f[EV_PAGE].text;

	return !f[EV_USER_ID].null && page->s && page->n == 8 && memcmp(page->s, "NextSong", 8) == 0;
}

const char *event_check(const struct field f[EV_NFIELDS])
{
	if (!event_is_songplay(f))
		return NULL;
	if (f[EV_SESSION].null)
		return "NextSong event without sessionId";
	if (f[EV_ITEM].null)
		return "NextSong event without itemInSession";
	return NULL;
}

bool songplay_resolve(const struct field f[EV_NFIELDS], struct song_lookup *lookup,
		      const uint64_t *hash, struct song_ref *song)
{
	struct text title = f[EV_SONG].text, artist = f[EV_ARTIST].text;

	if (!lookup || f[EV_LENGTH].null || !title.s || !artist.s)
		return false;
	return lookup_match(lookup, title, artist, hash ? *hash : lookup_hash(title, artist),
			    f[EV_LENGTH].text, &song->song_id, &song->artist_id);
}

static void start_time_put(struct tsv_out *out, const struct field f[EV_NFIELDS])
{
	char when[UTC_TEXT_LEN];

	tsv_raw(out, when, utc_format_ms(f[EV_TS].i, when));
}

void songplay_write(struct tsv_out *out, const struct field f[EV_NFIELDS],
		    const struct song_ref *song)
{
	start_time_put(out, f);
	tsv_int(out, f[EV_USER_ID].i);
	field_put(out, &f[EV_LEVEL]);
	if (song) {
		tsv_text(out, song->song_id.s, song->song_id.n);
		tsv_text(out, song->artist_id.s, song->artist_id.n);
	} else {
		tsv_null(out);
		tsv_null(out);
	}
	tsv_int(out, f[EV_SESSION].i);
	tsv_int(out, f[EV_ITEM].i);
	field_put(out, &f[EV_LOCATION]);
	field_put(out, &f[EV_USER_AGENT]);
	tsv_end_row(out);
}

void unresolved_write(struct tsv_out *out, const struct field f[EV_NFIELDS])
{
	start_time_put(out, f);
	tsv_int(out, f[EV_USER_ID].i);
	tsv_int(out, f[EV_SESSION].i);
	tsv_int(out, f[EV_ITEM].i);
	field_put(out, &f[EV_SONG]);
	field_put(out, &f[EV_ARTIST]);
	tsv_end_row(out);
}

static const enum event_field user_cols[USER_COLUMNS] = {
	[USER_FIRST_NAME] = EV_FIRST_NAME, [USER_LAST_NAME] = EV_LAST_NAME,
	[USER_GENDER] = EV_GENDER, [USER_LEVEL] = EV_LEVEL,
};

bool event_raw_user_id(const struct json_value raw[EV_NFIELDS], int64_t *id)
{
	const struct field_spec *spec = &event_fields[EV_USER_ID];
	bool null;

	return value_int(&raw[EV_USER_ID], spec->min, spec->max, id, &null) == NULL && !null;
}

bool event_user(const struct field f[EV_NFIELDS], struct user_event *ev)
{
	if (f[EV_USER_ID].null)
		return false; /* logged out */
	ev->id = f[EV_USER_ID].i;
	ev->ts = f[EV_TS].i;
	ev->has_item = !f[EV_ITEM].null;
	ev->item = (int32_t)f[EV_ITEM].i; /* an int32 by its field's range */
	for (int c = 0; c < USER_COLUMNS; c++) {
		const struct field *v = &f[user_cols[c]];
		ev->cols[c] = v->null ? (struct text){ NULL, 0 } : v->text;
	}
	return true;
}
