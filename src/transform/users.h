/* users.h — each user's latest event (SPEC §2: greatest ts, then greatest
 * itemInSession; older events never overwrite newer state), kept in memory
 * while the events stream by, written sorted by user_id at the end.
 *
 * Every event with a userId visits its user, and the users are spread
 * over memory that the stream keeps pushing out of the caches: one user
 * is one cache line, found without an index to go through, its names held
 * in it when they fit, and users_prefetch starts fetching that line while
 * the rest of the record is converted. */
#ifndef SK_USERS_H
#define SK_USERS_H

#include <stddef.h>

#include "common/hashmap.h"
#include "transform/fields.h"
#include "transform/tsv.h"

/* The users columns an event carries, in the row's order after user_id. */
enum user_column { USER_FIRST_NAME, USER_LAST_NAME, USER_GENDER, USER_LEVEL, USER_COLUMNS };

/* One event's say about its user; text.s NULL for a null column. */
struct user_event {
	int64_t id, ts;
	bool has_item;
	int32_t item;
	struct text cols[USER_COLUMNS];
};

struct user_entry;
struct user_spill;

struct user_table {
	struct user_entry *slots; /* open addressing on the user id */
	size_t mask, count;
	struct user_spill *spills; /* names too long for an entry's line */
	size_t nspills, spills_cap;
	struct strmap names;       /* owns the spilled names */
};

void users_init(struct user_table *t);
/* Starts fetching the line of user id: the caller knows the id before the
 * event's other fields are converted. */
void users_prefetch(const struct user_table *t, int64_t id);
void users_add(struct user_table *t, const struct user_event *ev);
/* user_id, first_name, last_name, gender, level, ts, item_in_session:
 * tables.c's users columns, sorted by user_id.  The table is sorted in
 * place to write them: after it, it is only to be freed. */
void users_write(struct user_table *t, struct tsv_out *out);
void users_free(struct user_table *t);

#endif
