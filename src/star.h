/* star.h — how each table of the star is merged (SPEC §2).  A load COPYs
 * into a temporary staging table, then one INSERT ... ON CONFLICT moves
 * the rows in (MERGE is avoided: Citus runs ON CONFLICT on distributed and
 * reference tables alike):
 *
 *   songplays  new natural keys (user_id, session_id, item_in_session)
 *              only, in input order, so songplay_id follows the input;
 *   users      newer wins: a user's row changes only for an event with a
 *              greater (ts, itemInSession) than the one it came from, kept
 *              in the side table sk_user_state;
 *   songs      first wins on song_id; year 0 is NULL;
 *   artists    per column, the first non-empty value;
 *   time       distinct start_time.
 *
 * Any other table is loaded by a plain COPY. */
#ifndef SK_STAR_H
#define SK_STAR_H

#include <stdint.h>

#include "db.h"

/* Staged rows past which a table's foreign keys are dropped for the merge
 * and added back after it (0: never); see star.c. */
extern uint64_t star_bulk_rows;

struct load_result {
	uint64_t read, inserted, updated;
};

/* Loads one table inside the caller's transaction; name may be schema-
 * qualified.  Exits on any database error. */
void star_load(PGconn *conn, const char *name, db_reader *read, void *ctx,
	       struct load_result *result);

#endif
