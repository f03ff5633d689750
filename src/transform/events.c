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

/* Below any itemInSession (an int32): an event without one sorts first. */
#define NO_ITEM INT64_MIN

/* One user's latest event so far. */
struct user_state {
	int64_t id, ts, item;      /* item is NO_ITEM when the event had none */
	struct text cols[4];       /* first_name, last_name, gender, level; s NULL: null */
};

static const enum event_field user_cols[4] = { EV_FIRST_NAME, EV_LAST_NAME, EV_GENDER, EV_LEVEL };

void users_init(struct user_table *t)
{
	memset(t, 0, sizeof *t);
	intmap_init(&t->ids);
	strmap_init(&t->names);
}

void users_free(struct user_table *t)
{
	intmap_free(&t->ids);
	strmap_free(&t->names);
	free(t->users);
}

void users_add(struct user_table *t, const struct field f[EV_NFIELDS])
{
	size_t idx = t->count;
	int64_t item = f[EV_ITEM].null ? NO_ITEM : f[EV_ITEM].i;
	struct user_state *u;

	if (f[EV_USER_ID].null)
		return; /* logged out */
	if (!intmap_put(&t->ids, f[EV_USER_ID].i, &idx)) {
		if (t->count == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 1024;
			t->users = sk_realloc(t->users, t->cap * sizeof *t->users);
		}
		u = &t->users[t->count++];
		memset(u, 0, sizeof *u);
		u->id = f[EV_USER_ID].i;
		u->ts = INT64_MIN;
		u->item = NO_ITEM;
	}
	u = &t->users[idx];
	if (f[EV_TS].i < u->ts || (f[EV_TS].i == u->ts && item <= u->item))
		return; /* older: never overwrites newer state */
	u->ts = f[EV_TS].i;
	u->item = item;
	/* Only a changed value is copied: a superseded one stays in the arena,
	 * and changes of name or level are few, so memory follows users, not
	 * events. */
	for (int i = 0; i < 4; i++) {
		const struct field *v = &f[user_cols[i]];
		struct text *kept = &u->cols[i];
		if (v->null)
			kept->s = NULL;
		else if (!kept->s || kept->n != v->text.n || memcmp(kept->s, v->text.s, v->text.n) != 0)
			*kept = (struct text){ strmap_keep(&t->names, v->text.s, v->text.n), v->text.n };
	}
}

static int by_id(const void *a, const void *b)
{
	const struct user_state *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

void users_write(struct user_table *t, struct tsv_out *out)
{
	if (t->count) /* no user: no array to sort */
		qsort(t->users, t->count, sizeof *t->users, by_id);
	for (size_t i = 0; i < t->count; i++) {
		const struct user_state *u = &t->users[i];
		tsv_int(out, u->id);
		for (int c = 0; c < 4; c++)
			if (u->cols[c].s)
				tsv_text(out, u->cols[c].s, u->cols[c].n);
			else
				tsv_null(out);
		tsv_int(out, u->ts);
		if (u->item == NO_ITEM)
			tsv_null(out);
		else
			tsv_int(out, u->item);
		tsv_end_row(out);
	}
}
