/* summary.h — the plays summarised by day (sql/schema.sql: sk_plays_hourly,
 * sk_plays_sessions, sk_plays_songs, sk_plays_unresolved), which sk-report
 * reads instead of every play.  They are additive: a load adds the counts
 * of the plays it inserted, in the same transaction, so that they always
 * count exactly what songplays holds, and a daily load costs a day's
 * worth.  Beside them, the whole history's plays per song
 * (sk_plays_songs_total), added to in place.  The summaries
 * live beside songplays, in its schema. */
#ifndef SK_SUMMARY_H
#define SK_SUMMARY_H

#include "load/db.h"

/* The unresolved plays' titles (sk_plays_unresolved), counted from the
 * rows of sk-events2tsv's unresolved table that belong to the plays a load
 * inserted: all of them when every play read went in (no play was loaded
 * before, none was repeated), else those whose natural key the merges
 * recorded (summaries.keep-unresolved). */
#define SUMMARY_UNRESOLVED "sk_plays_unresolved"
#define SUMMARY_UNRESOLVED_TOTAL "sk_plays_unresolved_total"

/* summaries.additions: the WITH-list members that add the plays of
 * sk_new_plays to the summaries beside songplays (name, maybe qualified),
 * with keep_unresolved the new unresolved plays' keys too.  The caller
 * frees it. */
char *summary_ctes(PGconn *conn, const char *name, bool keep_unresolved);
/* Before a load's first songplays rows, in its transaction: an empty
 * songplays empties the summaries (the plays they counted are gone); a
 * songplays without summaries (written by other means than sk-copyin)
 * gets them made from its rows.  What earlier sks left incomplete their
 * migrations complete (sql/migrations/). */
void summary_prepare(PGconn *conn, const char *name);
/* Adds every play of songplays to the summaries: after a COPY into an
 * empty songplays, whose rows are all new. */
void summary_add_all(PGconn *conn, const char *name);
/* The summaries made again from songplays (sk-copyin --summarize), for a
 * songplays changed by other means than sk-copyin. */
void summary_rebuild(PGconn *conn, const char *name);

/* Before a load's merges, when it has unresolved rows: the table of new
 * unresolved plays that summaries.keep-unresolved fills. */
void summary_unresolved_begin(PGconn *conn, const char *name);

enum plays_taken {
	PLAYS_NONE,                /* the load took no songplays */
	PLAYS_ALL_NEW,             /* every play read was inserted */
	PLAYS_SOME_NEW,            /* merged only, some plays left out */
	PLAYS_SOME_NEW_INTO_EMPTY, /* some left out, into an empty songplays */
};

/* rows (NULL, or a query of the unresolved rows staged so far) with the
 * rows of the staging table stage, numbered part, added; the caller frees
 * it. */
char *summary_unresolved_rows(const char *rows, size_t part, const char *stage);
/* Adds the new unresolved plays among rows (a query of start_time,
 * user_id, session_id, item_in_session, title, artist, sk_part, sk_ord:
 * a play's first row wins) to the summary name (sk_plays_unresolved, as
 * named); returns how many were counted. */
uint64_t summary_add_unresolved(PGconn *conn, const char *name, const char *songplays,
				const char *rows, enum plays_taken taken);

#endif
