/* aside.h — what a bulk load drops from a table and puts back after, in
 * the same transaction: its foreign keys (adding one back checks every
 * row in one join, not one trigger per row) or its indexes (built after
 * the rows in one sort, not row by row).  star.c does so for the star's
 * tables, tally.c for the summaries' totals it COPYs into empty tables. */
#ifndef SK_ASIDE_H
#define SK_ASIDE_H

#include "load/db.h"

enum aside_kind {
	ASIDE_FOREIGN_KEYS,
	ASIDE_INDEXES, /* with the constraints they back, but those another
			* table's foreign key needs */
};

/* One row per object: the statement that drops it, the one that restores it. */
struct set_aside {
	PGresult *sql;
	const char *name; /* the table, for messages */
};

/* Drops what of target (quoted) is named; name is for messages. */
void set_aside(PGconn *conn, enum aside_kind what, const char *target, const char *name,
	       struct set_aside *aside);
/* Restores it; NULL, or the failed result of the first restore that
 * failed (a duplicate key, say), which the caller clears. */
PGresult *aside_try_put_back(PGconn *conn, struct set_aside *aside);
/* Restores it, or exits with the server's error. */
void aside_put_back(PGconn *conn, struct set_aside *aside);
/* Forgets it, restored or not (after a rollback to before the drop). */
void aside_forget(struct set_aside *aside);

#endif
