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
 * sends it back to the merge, which reads the input a second time.  All
 * inputs are read before any merge runs, so that they may come in any
 * order (songplays streaming first) while the merges keep the star's.
 *
 * Any other table is loaded by a plain COPY. */
#ifndef SK_STAR_H
#define SK_STAR_H

#include <stdbool.h>
#include <stdint.h>

#include "load/db.h"
#include "load/tally.h"

/* How a load goes about it (sk-copyin's options); STAR_OPTIONS_DEFAULT
 * unless the user says otherwise. */
struct star_options {
	/* Staged rows past which a table's foreign keys are dropped for the
	 * merge and added back after it (0: never); see star.c. */
	uint64_t bulk_rows;
	/* Merge through the staging table even into an empty table. */
	bool always_merge;
	/* Send COPY text, not binary (load/binary.h), whatever the columns. */
	bool text_copy;
	/* The plays' summaries counted in memory, up to this many groups, when
	 * the plays go straight into an empty songplays (0: never); see
	 * load/tally.h. */
	size_t tally_groups;
};
#define STAR_OPTIONS_DEFAULT \
	{ .bulk_rows = 50000, .always_merge = false, .text_copy = false, \
	  .tally_groups = TALLY_DEFAULT_GROUPS }

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

/* A load in two phases, inside the caller's transaction: star_take reads
 * each table's input in the order given (into the table itself when it is
 * empty, else into a staging table); star_finish merges the staged tables
 * in the star's order (dimensions before songplays) and adds back the
 * foreign keys the direct COPYs set aside, then frees the load.  name may
 * be schema-qualified; result is filled by star_finish for staged tables
 * and must live until then.  Exits on any database error. */
struct star_load;
struct star_load *star_begin(PGconn *conn, const struct star_options *options);
void star_take(struct star_load *load, const char *name, struct star_source *src,
	       struct load_result *result);
void star_finish(struct star_load *load);
/* When name's rows are counted, not stored (the unresolved titles of a
 * load whose plays all went straight into an empty songplays): starts
 * counting them from src on a thread of their own, for the caller to take
 * the tables before name meanwhile, while the server builds their keys,
 * and returns true.  star_take(name, src) then waits for the count and
 * writes it.  False otherwise, and src is not read. */
bool star_count_ahead(struct star_load *load, const char *name, struct star_source *src);

#endif
