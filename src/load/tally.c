#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/aside.h"
#include "load/tally.h"

/* The groups' keys: numbers of days since 2000-01-01 (as COPY binary's
 * dates), and strings by their number in t->string.  No padding, so that
 * a key's bytes are its value. */
struct hour_key { int32_t day, hour; };
struct session_key { int32_t user_id, day, session_id; uint32_t level, location, user_agent; };
struct song_key { int32_t day; uint32_t pair; };
struct user_key { int32_t day, user_id; uint32_t level, location, user_agent; };
struct song_total_key { uint32_t pair; };
struct title_key { int32_t day; uint32_t title, artist; };
struct title_total_key { uint32_t title, artist; };

struct hour_row { struct hour_key k; int64_t plays, resolved; };
struct session_row {
	struct session_key k;
	int64_t plays, resolved, first_at, last_at;
	int32_t first_item, last_item;
};
struct song_row { struct song_key k; int64_t plays; };
struct user_row { struct user_key k; int64_t plays, resolved, first_at, last_at; };
struct song_total_row { struct song_total_key k; int64_t plays; };
struct title_row { struct title_key k; int64_t plays; };
struct title_total_row { struct title_total_key k; int64_t plays; };

/* A string's number remembered with its bytes, to be found again by a
 * comparison, without hashing, when the same string comes back. */
struct tally_string_cache {
	const char *s;
	size_t n;
	uint32_t number;
};

enum { USER_CACHE = 4096 };

/* A song and the artist its plays were resolved to: the pair's bytes as
 * pairs holds them (see pair_number), which are all it keeps of either. */
struct tally_pair {
	const char *key;
	size_t len;
};

/* What a user's last play went into: a session's plays come one after
 * another for that user, so most find their group here, without a probe
 * of the sessions' table (a cache miss at every play). */
struct tally_strings {
	int32_t user_id;
	bool used, has_session;
	struct tally_string_cache level, location, user_agent;
	struct session_key session;
	size_t session_row;
};

struct column_wanted {
	const char *name;
	enum column_type type;
};

static const struct column_wanted wanted[TALLY_COLUMNS] = {
	[TALLY_START_TIME] = { "start_time", COLUMN_TIMESTAMP },
	[TALLY_USER_ID] = { "user_id", COLUMN_INT4 },
	[TALLY_LEVEL] = { "level", COLUMN_TEXT },
	[TALLY_SONG_ID] = { "song_id", COLUMN_TEXT },
	[TALLY_ARTIST_ID] = { "artist_id", COLUMN_TEXT },
	[TALLY_SESSION_ID] = { "session_id", COLUMN_INT4 },
	[TALLY_ITEM] = { "item_in_session", COLUMN_INT4 },
	[TALLY_LOCATION] = { "location", COLUMN_TEXT },
	[TALLY_USER_AGENT] = { "user_agent", COLUMN_TEXT },
};

static const struct column_wanted titles_wanted[TITLE_COLUMNS] = {
	[TITLE_START_TIME] = { "start_time", COLUMN_TIMESTAMP },
	[TITLE_TITLE] = { "title", COLUMN_TEXT },
	[TITLE_ARTIST] = { "artist", COLUMN_TEXT },
};

static const int64_t usec_per_day = 86400 * (int64_t)1000000;

/* Finds each wanted column among the COPY's, of its type, in place[]. */
static bool find_columns(const struct column_wanted *want, int nwant, int place[],
			 const char *const names[], const enum column_type types[], int ncolumns)
{
	for (int w = 0; w < nwant; w++) {
		place[w] = -1;
		for (int c = 0; c < ncolumns; c++)
			if (strcmp(names[c], want[w].name) == 0 && types[c] == want[w].type)
				place[w] = c;
		if (place[w] < 0)
			return false;
	}
	return true;
}

/* Everything but the columns, for either kind of rows. */
static void tally_start(struct tally *t, size_t max_groups)
{
	strmap_init(&t->strings);
	t->string = sk_malloc((t->strings_cap = 1024) * sizeof *t->string);
	t->string[t->nstrings++] = NULL; /* number 0: NULL */
	t->by_user = sk_malloc(USER_CACHE * sizeof *t->by_user);
	memset(t->by_user, 0, USER_CACHE * sizeof *t->by_user);
	strmap_init(&t->pairs);
	t->hour_at = INT64_MIN;
	groups_init(&t->hourly, sizeof(struct hour_key), sizeof(struct hour_row));
	groups_init(&t->sessions, sizeof(struct session_key), sizeof(struct session_row));
	groups_init(&t->songs, sizeof(struct song_key), sizeof(struct song_row));
	groups_init(&t->titles, sizeof(struct title_key), sizeof(struct title_row));
	t->max_groups = max_groups;
}

/* Either kind of tally, its wanted columns found in place[]. */
static bool open_for(struct tally *t, size_t max_groups, const struct column_wanted *want,
		     int nwant, int place[], const char *const names[],
		     const enum column_type types[], int ncolumns)
{
	if (max_groups == 0 || !find_columns(want, nwant, place, names, types, ncolumns))
		return false;
	tally_start(t, max_groups);
	return true;
}

bool tally_open(struct tally *t, size_t max_groups, const char *const names[],
		const enum column_type types[], int ncolumns)
{
	memset(t, 0, sizeof *t);
	return open_for(t, max_groups, wanted, TALLY_COLUMNS, t->column, names, types, ncolumns);
}

bool tally_titles_open(struct tally *t, size_t max_groups, const char *const names[],
		       const enum column_type types[], int ncolumns)
{
	memset(t, 0, sizeof *t);
	return open_for(t, max_groups, titles_wanted, TITLE_COLUMNS, t->title_column, names,
			types, ncolumns);
}

/* Lets the memory go; safe to call again (give_up calls it first). */
void tally_close(struct tally *t)
{
	strmap_free(&t->strings);
	free(t->string);
	free(t->by_user);
	strmap_free(&t->pairs);
	free(t->pair);
	free(t->pair_key);
	t->string = NULL;
	t->by_user = NULL;
	t->pair = NULL;
	t->pair_key = NULL;
	t->nstrings = t->npairs = 0;
	groups_free(&t->hourly);
	groups_free(&t->sessions);
	groups_free(&t->songs);
	groups_free(&t->titles);
}

/* A string's number, the same for the same bytes; 0 for NULL. */
static uint32_t string_number(struct tally *t, const struct binary_field *f)
{
	size_t number = t->nstrings;

	if (f->null)
		return 0;
	if (strmap_put(&t->strings, f->s, f->n, &number))
		return (uint32_t)number;
	if (t->nstrings == t->strings_cap)
		t->string = sk_realloc(t->string, (t->strings_cap *= 2) * sizeof *t->string);
	t->string[t->nstrings++] = strmap_stored(&t->strings, f->s, f->n);
	return (uint32_t)number;
}

static uint32_t cached_string(struct tally *t, struct tally_string_cache *c,
			      const struct binary_field *f)
{
	if (!f->null && c->s && c->n == f->n && memcmp(c->s, f->s, f->n) == 0)
		return c->number;
	c->number = string_number(t, f);
	c->s = c->number ? t->string[c->number] : NULL;
	c->n = f->n;
	return c->number;
}

static int64_t day_of(int64_t usec)
{
	return usec / usec_per_day - (usec % usec_per_day < 0);
}

static void count_hour(struct tally *t, int64_t at, int64_t day, bool resolved)
{
	static const int64_t usec_per_hour = 3600 * (int64_t)1000000;
	int64_t hour = at - (at - day * usec_per_day) % usec_per_hour;
	struct hour_row *h;

	if (hour != t->hour_at) {
		h = groups_row(&t->hourly, &(struct hour_key){ (int32_t)day,
				(int32_t)((hour - day * usec_per_day) / usec_per_hour) });
		t->hour_at = hour;
		t->hour_row = (size_t)(h - (struct hour_row *)groups_at(&t->hourly, 0));
	}
	h = groups_at(&t->hourly, t->hour_row);
	h->plays++;
	h->resolved += resolved;
}

static void count_session(struct tally *t, const struct binary_field *f[], int64_t at,
			  int64_t day, bool resolved)
{
	int32_t user_id = (int32_t)f[TALLY_USER_ID]->i, item = (int32_t)f[TALLY_ITEM]->i;
	struct tally_strings *u = &t->by_user[(uint32_t)user_id % USER_CACHE];
	struct session_row *s;
	struct session_key key;

	if (!u->used || u->user_id != user_id)
		*u = (struct tally_strings){ .user_id = user_id, .used = true };
	key = (struct session_key){ user_id, (int32_t)day, (int32_t)f[TALLY_SESSION_ID]->i,
		cached_string(t, &u->level, f[TALLY_LEVEL]),
		cached_string(t, &u->location, f[TALLY_LOCATION]),
		cached_string(t, &u->user_agent, f[TALLY_USER_AGENT]) };
	if (u->has_session && memcmp(&u->session, &key, sizeof key) == 0) {
		s = groups_at(&t->sessions, u->session_row);
	} else {
		s = groups_row(&t->sessions, &key);
		u->session = key;
		u->session_row = (size_t)(s - (struct session_row *)groups_at(&t->sessions, 0));
		u->has_session = true;
	}
	if (s->plays++ == 0) {
		s->first_at = s->last_at = at;
		s->first_item = s->last_item = item;
	}
	s->resolved += resolved;
	s->first_at = at < s->first_at ? at : s->first_at;
	s->last_at = at > s->last_at ? at : s->last_at;
	s->first_item = item < s->first_item ? item : s->first_item;
	s->last_item = item > s->last_item ? item : s->last_item;
}

/* The number of a play's (song_id, artist_id): one look-up of both, as
 * a length, the song's bytes, and the artist's after a byte that says
 * whether it has one. */
static uint32_t pair_number(struct tally *t, const struct binary_field *song,
			    const struct binary_field *artist)
{
	size_t len = 4 + song->n + 1 + (artist->null ? 0 : artist->n), number = t->npairs;
	uint32_t song_len = (uint32_t)song->n;

	if (len > t->pair_key_cap)
		t->pair_key = sk_realloc(t->pair_key, t->pair_key_cap = 2 * len);
	memcpy(t->pair_key, &song_len, 4);
	memcpy(t->pair_key + 4, song->s, song->n);
	t->pair_key[4 + song->n] = !artist->null;
	if (!artist->null)
		memcpy(t->pair_key + 5 + song->n, artist->s, artist->n);
	if (strmap_put(&t->pairs, t->pair_key, len, &number))
		return (uint32_t)number;
	if (t->npairs == t->pairs_cap)
		t->pair = sk_realloc(t->pair, (t->pairs_cap = t->pairs_cap ? 2 * t->pairs_cap : 1024) *
				     sizeof *t->pair);
	t->pair[t->npairs++] = (struct tally_pair){ strmap_stored(&t->pairs, t->pair_key, len), len };
	return (uint32_t)number;
}

static void count_song(struct tally *t, const struct binary_field *f[], int64_t day)
{
	struct song_row *g = groups_row(&t->songs, &(struct song_key){ (int32_t)day,
			pair_number(t, f[TALLY_SONG_ID], f[TALLY_ARTIST_ID]) });

	g->plays++;
}

/* Past max_groups, memory no longer pays: the tally lets its groups go,
 * and the server counts instead (summary.c's SQL). */
static void give_up(struct tally *t)
{
	t->broken = true;
	tally_close(t);
}

void tally_row(void *ctx, const struct binary_field fields[])
{
	struct tally *t = ctx;
	const struct binary_field *f[TALLY_COLUMNS];
	int64_t at, day;
	bool resolved;

	if (t->broken)
		return;
	for (int w = 0; w < TALLY_COLUMNS; w++)
		f[w] = &fields[t->column[w]];
	if (f[TALLY_START_TIME]->null || f[TALLY_USER_ID]->null || f[TALLY_SESSION_ID]->null ||
	    f[TALLY_ITEM]->null) {
		give_up(t); /* the COPY refuses it (NOT NULL) */
		return;
	}
	at = f[TALLY_START_TIME]->i;
	day = day_of(at);
	resolved = !f[TALLY_SONG_ID]->null;
	count_hour(t, at, day, resolved);
	count_session(t, f, at, day, resolved);
	if (resolved)
		count_song(t, f, day);
	if (t->sessions.count + t->songs.count > t->max_groups)
		give_up(t);
}

void tally_title_row(void *ctx, const struct binary_field fields[])
{
	struct tally *t = ctx;
	const struct binary_field *at = &fields[t->title_column[TITLE_START_TIME]];
	struct title_row *r;

	if (t->broken)
		return;
	if (at->null) {
		give_up(t); /* a play has a start_time */
		return;
	}
	t->rows++;
	r = groups_row(&t->titles, &(struct title_key){ (int32_t)day_of(at->i),
			string_number(t, &fields[t->title_column[TITLE_TITLE]]),
			string_number(t, &fields[t->title_column[TITLE_ARTIST]]) });
	r->plays++;
	if (t->titles.count > t->max_groups)
		give_up(t);
}

bool tally_complete(const struct tally *t)
{
	return !t->broken;
}

/* ---- the summaries derived from the session and song rows ------------ */

static void add_users(struct groups *users, const struct groups *sessions)
{
	for (size_t i = 0; i < sessions->count; i++) {
		const struct session_row *s = groups_at(sessions, i);
		struct user_row *u = groups_row(users, &(struct user_key){ s->k.day, s->k.user_id,
				s->k.level, s->k.location, s->k.user_agent });
		if (u->plays == 0) {
			u->first_at = s->first_at;
			u->last_at = s->last_at;
		}
		u->plays += s->plays;
		u->resolved += s->resolved;
		u->first_at = s->first_at < u->first_at ? s->first_at : u->first_at;
		u->last_at = s->last_at > u->last_at ? s->last_at : u->last_at;
	}
}

static void add_song_totals(struct groups *totals, const struct tally *t)
{
	for (size_t i = 0; i < t->songs.count; i++) {
		const struct song_row *s = groups_at(&t->songs, i);
		struct song_total_row *r = groups_row(totals,
				&(struct song_total_key){ s->k.pair });
		r->plays += s->plays;
	}
}

/* ---- COPYing the groups in ------------------------------------------- */

/* One summary's rows as a COPY binary stream, a group at a time. */
struct group_stream {
	const struct tally *t;
	const struct groups *g;
	void (*put)(struct binary_writer *w, const struct tally *t, const void *row);
	struct binary_writer w;
	size_t next, sent;
	bool ended;
};

static size_t group_read(void *ctx, char *buf, size_t cap)
{
	struct group_stream *gs = ctx;
	size_t n;

	if (gs->sent == gs->w.used) {
		gs->sent = gs->w.used = 0;
		while (gs->w.used < cap && gs->next < gs->g->count)
			gs->put(&gs->w, gs->t, groups_at(gs->g, gs->next++));
		if (gs->next == gs->g->count && !gs->ended) {
			binary_writer_end(&gs->w);
			gs->ended = true;
		}
	}
	n = gs->w.used - gs->sent < cap ? gs->w.used - gs->sent : cap;
	memcpy(buf, gs->w.out + gs->sent, n);
	gs->sent += n;
	return n;
}

static void put_string(struct binary_writer *w, const struct tally *t, uint32_t number)
{
	const char *s = t->string[number];

	binary_writer_text(w, s, s ? strlen(s) : 0);
}

/* A pair's song_id and artist_id, from its bytes. */
static void put_pair(struct binary_writer *w, const struct tally *t, uint32_t number)
{
	const struct tally_pair *p = &t->pair[number];
	uint32_t song_len;

	memcpy(&song_len, p->key, 4);
	binary_writer_text(w, p->key + 4, song_len);
	binary_writer_text(w, p->key[4 + song_len] ? p->key + 5 + song_len : NULL,
			   p->len - 5 - song_len);
}

/* The level, location and user agent a session's or a user's plays were
 * played with. */
static void put_played_with(struct binary_writer *w, const struct tally *t, uint32_t level,
			    uint32_t location, uint32_t user_agent)
{
	put_string(w, t, level);
	put_string(w, t, location);
	put_string(w, t, user_agent);
}

static void put_counts(struct binary_writer *w, int64_t plays, int64_t resolved)
{
	binary_writer_int8(w, plays);
	binary_writer_int8(w, resolved);
}

static void put_hour(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct hour_row *r = row;

	(void)t;
	binary_writer_row(w, 4);
	binary_writer_int4(w, r->k.day);
	binary_writer_int4(w, r->k.hour);
	put_counts(w, r->plays, r->resolved);
}

static void put_session(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct session_row *r = row;

	binary_writer_row(w, 12);
	binary_writer_int4(w, r->k.user_id);
	binary_writer_int4(w, r->k.day);
	binary_writer_int4(w, r->k.session_id);
	put_played_with(w, t, r->k.level, r->k.location, r->k.user_agent);
	put_counts(w, r->plays, r->resolved);
	binary_writer_int8(w, r->first_at);
	binary_writer_int4(w, r->first_item);
	binary_writer_int8(w, r->last_at);
	binary_writer_int4(w, r->last_item);
}

static void put_song(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct song_row *r = row;

	binary_writer_row(w, 4);
	binary_writer_int4(w, r->k.day);
	put_pair(w, t, r->k.pair);
	binary_writer_int8(w, r->plays);
}

static void put_song_total(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct song_total_row *r = row;

	binary_writer_row(w, 3);
	put_pair(w, t, r->k.pair);
	binary_writer_int8(w, r->plays);
}

static void put_user(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct user_row *r = row;

	binary_writer_row(w, 9);
	binary_writer_int4(w, r->k.day);
	binary_writer_int4(w, r->k.user_id);
	put_played_with(w, t, r->k.level, r->k.location, r->k.user_agent);
	put_counts(w, r->plays, r->resolved);
	binary_writer_int8(w, r->first_at);
	binary_writer_int8(w, r->last_at);
}

static void put_title(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct title_row *r = row;

	binary_writer_row(w, 4);
	binary_writer_int4(w, r->k.day);
	put_string(w, t, r->k.title);
	put_string(w, t, r->k.artist);
	binary_writer_int8(w, r->plays);
}

static void copy_groups(PGconn *conn, const char *name, const char *table, const char *columns,
			const struct tally *t, const struct groups *g,
			void (*put)(struct binary_writer *, const struct tally *, const void *))
{
	struct group_stream gs = { .t = t, .g = g, .put = put };
	char *quoted = db_quote_beside(conn, name, table);
	char *sql = sql_statement("star.copy-binary",
				  SQL_ARGS({ "table", quoted }, { "columns", columns }));
	uint64_t bytes = 0;
	struct set_aside indexes;

	/* A summary's indexes (the totals' unique keys and plays) built after
	 * the rows in one sort, as star.c does for an empty table. */
	set_aside(conn, ASIDE_INDEXES, quoted, table, &indexes);
	binary_writer_open(&gs.w);
	db_copy_in(conn, sql, group_read, &gs, table, &bytes);
	binary_writer_close(&gs.w);
	aside_put_back(conn, &indexes);
	free(sql);
	free(quoted);
}

void tally_write(struct tally *t, PGconn *conn, const char *name)
{
	struct groups users, totals;

	groups_init(&users, sizeof(struct user_key), sizeof(struct user_row));
	groups_init(&totals, sizeof(struct song_total_key), sizeof(struct song_total_row));
	add_users(&users, &t->sessions);
	add_song_totals(&totals, t);
	copy_groups(conn, name, "sk_plays_hourly", "day, hour, plays, resolved", t, &t->hourly,
		    put_hour);
	copy_groups(conn, name, "sk_plays_sessions", "user_id, day, session_id, level, location,"
		    " user_agent, plays, resolved, first_at, first_item, last_at, last_item", t,
		    &t->sessions, put_session);
	copy_groups(conn, name, "sk_plays_songs", "day, song_id, artist_id, plays", t, &t->songs,
		    put_song);
	copy_groups(conn, name, "sk_plays_songs_total", "song_id, artist_id, plays", t, &totals,
		    put_song_total);
	copy_groups(conn, name, "sk_plays_users", "day, user_id, level, location, user_agent,"
		    " plays, resolved, first_at, last_at", t, &users, put_user);
	groups_free(&users);
	groups_free(&totals);
}

static void put_title_total(struct binary_writer *w, const struct tally *t, const void *row)
{
	const struct title_total_row *r = row;

	binary_writer_row(w, 3);
	put_string(w, t, r->k.title);
	put_string(w, t, r->k.artist);
	binary_writer_int8(w, r->plays);
}

void tally_titles_write(struct tally *t, PGconn *conn, const char *name)
{
	struct groups totals;

	groups_init(&totals, sizeof(struct title_total_key), sizeof(struct title_total_row));
	for (size_t i = 0; i < t->titles.count; i++) {
		const struct title_row *d = groups_at(&t->titles, i);
		struct title_total_row *r = groups_row(&totals,
				&(struct title_total_key){ d->k.title, d->k.artist });
		r->plays += d->plays;
	}
	copy_groups(conn, name, "sk_plays_unresolved", "day, title, artist, plays", t, &t->titles,
		    put_title);
	copy_groups(conn, name, "sk_plays_unresolved_total", "title, artist, plays", t, &totals,
		    put_title_total);
	groups_free(&totals);
}
