/* summary.h — the plays summarised by day (sql/schema.sql: sk_plays_hourly,
 * sk_plays_sessions, sk_plays_songs), which sk-report reads instead of
 * every play.  They are additive: a load adds the counts of the plays it
 * inserted, in the same transaction, so that they always count exactly
 * what songplays holds, and a daily load costs a day's worth.  The
 * summaries live beside songplays, in its schema. */
#ifndef SK_SUMMARY_H
#define SK_SUMMARY_H

#include "load/db.h"

/* The relation summary_ctes reads: the rows a songplays merge inserted,
 * as "WITH " SUMMARY_NEW " AS (INSERT ... RETURNING " SUMMARY_COLUMNS ")". */
#define SUMMARY_NEW "sk_new_plays"
#define SUMMARY_COLUMNS \
	"start_time, user_id, level, song_id, artist_id, session_id, item_in_session, " \
	"location, user_agent"

/* ", name AS (INSERT ...), ...": WITH-list members that add the plays of
 * SUMMARY_NEW to the summaries beside songplays (name, maybe qualified).
 * The caller frees it. */
char *summary_ctes(PGconn *conn, const char *name);
/* Before a load's first songplays rows, in its transaction: an empty
 * songplays empties the summaries (the plays they counted are gone); a
 * songplays without summaries yet (loaded by an earlier sk) gets them. */
void summary_prepare(PGconn *conn, const char *name);
/* Adds every play of songplays to the summaries: after a COPY into an
 * empty songplays, whose rows are all new. */
void summary_add_all(PGconn *conn, const char *name);
/* The summaries made again from songplays (sk-copyin --summarize), for a
 * songplays changed by other means than sk-copyin. */
void summary_rebuild(PGconn *conn, const char *name);

#endif
