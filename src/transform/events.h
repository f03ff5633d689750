/* events.h — app events (eventsim's log_data) into the rows of the star's
 * songplays and users tables (SPEC §2).
 *
 * The rows' columns are described in transform/tables.c, in the order the
 * writers below write them (tests/tables.sh holds them to it):
 *   songplays  one row per event with page "NextSong" and a userId;
 *              songplay_id is left to the database.
 *   users      each user's latest event (greatest ts, then greatest
 *              itemInSession), sorted by user_id; its ts and
 *              item_in_session let sk-copyin keep "newer wins" across
 *              loads.
 *   ts         the ts (epoch milliseconds) of every songplay: sk-time's input.
 *   unresolved the songplays whose song is not in the lookup, by their
 *              natural key, with the event's song and artist, which
 *              songplays does not keep (for sk_plays_unresolved). */
#ifndef SK_EVENTS_H
#define SK_EVENTS_H

#include <stdbool.h>

#include "transform/fields.h"
#include "transform/songlookup.h"
#include "transform/tsv.h"
#include "transform/users.h"

enum event_field {
	EV_ARTIST, EV_AUTH, EV_FIRST_NAME, EV_GENDER, EV_ITEM, EV_LAST_NAME, EV_LENGTH,
	EV_LEVEL, EV_LOCATION, EV_METHOD, EV_PAGE, EV_REGISTRATION, EV_SESSION, EV_SONG,
	EV_STATUS, EV_TS, EV_USER_AGENT, EV_USER_ID, EV_NFIELDS
};

extern const struct field_spec event_fields[EV_NFIELDS];

/* The rules beyond each field's type; NULL when the event is good. */
const char *event_check(const struct field f[EV_NFIELDS]);
bool event_is_songplay(const struct field f[EV_NFIELDS]);

/* A play's song, found in the lookup (the strings are the lookup's). */
struct song_ref {
	struct text song_id, artist_id;
};

/* Whether the play's song is in lookup (which may be NULL), setting song;
 * hash is lookup_hash of its song and artist when known, else NULL. */
bool songplay_resolve(const struct field f[EV_NFIELDS], struct song_lookup *lookup,
		      const uint64_t *hash, struct song_ref *song);
/* song is NULL for a play left unresolved. */
void songplay_write(struct tsv_out *out, const struct field f[EV_NFIELDS],
		    const struct song_ref *song);
void unresolved_write(struct tsv_out *out, const struct field f[EV_NFIELDS]);

/* The userId of a record read but not yet converted, for the prefetch:
 * false when it has none, or a bad one (the reader will say). */
bool event_raw_user_id(const struct json_value raw[EV_NFIELDS], int64_t *id);
/* The user's part of an event: false when it has no userId. */
bool event_user(const struct field f[EV_NFIELDS], struct user_event *ev);

#endif
