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
 * An empty target is first tried with a plain COPY (the input's keys are
 * then usually unique, and the merge would change nothing); a repeated key
 * sends it back to the merge, which reads the input a second time.
 *
 * Any other table is loaded by a plain COPY. */
#ifndef SK_STAR_H
#define SK_STAR_H

#include <stdbool.h>
#include <stdint.h>

#include "load/db.h"

/* Staged rows past which a table's foreign keys are dropped for the merge
 * and added back after it (0: never); see star.c. */
extern uint64_t star_bulk_rows;
/* Merge through the staging table even into an empty table. */
extern bool star_always_merge;

struct load_result {
	uint64_t read, inserted, updated;
	bool merged; /* false: COPYed straight into the table */
};

/* Where a table's TSV comes from. */
struct star_source {
	db_reader *read;
	void *ctx;
	/* Called before the first read when a second reading may follow:
	 * true when the source can then rewind. */
	bool (*replayable)(void *ctx);
	/* Back to the first byte, for that second reading. */
	void (*rewind)(void *ctx);
};

/* Loads one table inside the caller's transaction; name may be schema-
 * qualified.  Exits on any database error. */
void star_load(PGconn *conn, const char *name, struct star_source *src,
	       struct load_result *result);

#endif
