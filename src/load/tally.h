/* tally.h — the plays' summaries (sql/schema.sql: sk_plays_hourly,
 * sk_plays_sessions, sk_plays_songs, sk_plays_users, sk_plays_songs_total)
 * counted in memory as songplays' rows go by on their way to a COPY into
 * the empty table, then COPYed in beside it.  summaries.sql gives the
 * same rows from the table after the COPY, but the server's hash
 * aggregates over every play cost a large share of a first load; counted
 * here as the rows pass, only the counts' COPY is left.  Memory: one entry per session and day and per
 * song and day played, with each distinct string once. */
#ifndef SK_TALLY_H
#define SK_TALLY_H

#include <stdbool.h>

#include "common/hashmap.h"
#include "load/binary.h"
#include "load/db.h"


enum tally_column {
	TALLY_START_TIME, TALLY_USER_ID, TALLY_LEVEL, TALLY_SONG_ID, TALLY_ARTIST_ID,
	TALLY_SESSION_ID, TALLY_ITEM, TALLY_LOCATION, TALLY_USER_AGENT, TALLY_COLUMNS
};

struct tally_strings;
struct tally_string_cache;
struct tally_pair;

/* sk-events2tsv's unresolved rows, counted by day, title and artist for
 * sk_plays_unresolved when every play of the load is new (its plays
 * COPYed straight into an empty songplays): no staging table, no SQL. */
enum title_column { TITLE_START_TIME, TITLE_TITLE, TITLE_ARTIST, TITLE_COLUMNS };

struct tally {
	int column[TALLY_COLUMNS]; /* each one's place in the COPY's rows */
	int title_column[TITLE_COLUMNS];
	struct strmap strings;     /* the distinct strings, ... */
	const char **string;       /* ... by number (0: NULL) */
	size_t nstrings, strings_cap;
	struct tally_strings *by_user; /* a user's last level, location and
				    * user agent, which change seldom */
	struct strmap pairs;       /* the distinct (song_id, artist_id), ... */
	struct tally_pair *pair;   /* ... by number */
	size_t npairs, pairs_cap;
	char *pair_key;            /* a pair's bytes, as pairs holds them */
	size_t pair_key_cap;
	int64_t hour_at;           /* the hour of hourly's last row ... */
	size_t hour_row;           /* ... and its index, plays being in time order */
	struct groups hourly, sessions, songs, titles;
	bool broken;               /* a row the tally cannot count, or too many
				    * groups: it counts no more, SQL does */
	size_t max_groups;         /* as opened, unless set after */
	uint64_t rows;             /* unresolved rows counted (the plays'
				    * are the COPY's own count) */
};

/* The groups a tally holds by default: an entry per session and day and
 * per song and day, at about 80 bytes each with the tables' slots, so
 * about 600 MB (sk-copyin --tally-groups). */
#define TALLY_DEFAULT_GROUPS ((size_t)1 << 23)

/* Ready for rows of these columns (songplays' plan), holding at most
 * max_groups groups: false when one of the summaries' columns is missing
 * or not of its type, or with max_groups 0. */
bool tally_open(struct tally *t, size_t max_groups, const char *const names[],
		const enum column_type types[], int ncolumns);
/* A binary_row_hook: counts one row. */
void tally_row(void *ctx, const struct binary_field fields[]);
/* Whether every row was counted, so that tally_write may stand for
 * summary_add_all: false after a row it could not count or past
 * max_groups, when it has let its memory go. */
bool tally_complete(const struct tally *t);
/* COPYs the counts into the summaries beside songplays (name, maybe
 * qualified), which must be empty: the plays were COPYed into an empty
 * songplays. */
void tally_write(struct tally *t, PGconn *conn, const char *name);
void tally_close(struct tally *t);

/* The same for the unresolved rows' columns. */
bool tally_titles_open(struct tally *t, size_t max_groups, const char *const names[],
		       const enum column_type types[], int ncolumns);
void tally_title_row(void *ctx, const struct binary_field fields[]);
/* COPYs the counts into name (sk_plays_unresolved, maybe qualified). */
void tally_titles_write(struct tally *t, PGconn *conn, const char *name);

#endif
