/* history.h — the history of loads (sk_loads) and the bad records each
 * run let through (sk_rejects), beside the star (sql/schema.sql).
 *
 * A run that commits writes its row, its rejects and the name of the run
 * on the objects it recorded in its own transaction: the history never
 * says "ok" of rows that are not in the star.  A run that fails writes its
 * row (status "failed", the error and where it was) and its rejects after
 * the rollback, as does a dry run (status "dry-run"); a connection the
 * failure broke is opened again for it.  A star without sk_loads (made
 * before it, and loaded without --create) gets no row, and is told so. */
#ifndef SK_HISTORY_H
#define SK_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "load/db.h"

struct history_options {
	const char *conninfo;     /* to connect again after a failure */
	const char *source;       /* what the run loads, as sk-load names it */
	const char *const *rejects_files; /* the run's --rejects files */
	int nrejects_files;
	const char *summary_json; /* where the run's row goes as JSON, or NULL */
	bool failure_row;         /* a failure of this process writes a row */
};

struct history;

/* Takes the run's id (with a star that has a history) and, with
 * failure_row, arms the row written when the process dies. */
struct history *history_begin(PGconn *conn, const struct history_options *options);
void history_table(struct history *h, const char *table, uint64_t read, uint64_t inserted,
		   uint64_t updated, bool merged);
void history_objects(struct history *h, uint64_t added, uint64_t changed, uint64_t unchanged);
void history_bytes(struct history *h, uint64_t bytes);
/* In the run's transaction, before its COMMIT: the row, the rejects, the
 * objects' run. */
void history_commit(struct history *h);
/* After the run's ROLLBACK: a dry run's row and rejects. */
void history_dry_run(struct history *h);
/* A failure that happened elsewhere (sk-load's other steps): its row and
 * rejects, on a connection of its own. */
void history_failed(struct history *h, const char *message);
/* Writes --summary-json, disarms the failure row, frees. */
void history_end(struct history *h);

#endif
