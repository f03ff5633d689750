/* migrate.h — the star's schema version, and the migrations that bring
 * an older star to the one these tools know (sql/migrations/NNN-what.sql,
 * installed with sk's other SQL: NNN is the version each makes).
 *
 * A tool that writes calls schema_bring_up first, in its transaction and
 * under its lock (sk-copyin's advisory lock), so that two loads of an old
 * star migrate it once: the second finds it current.  A star newer than
 * the tools is refused, and nothing is changed. */
#ifndef SK_MIGRATE_H
#define SK_MIGRATE_H

#include <stdbool.h>

#include "load/db.h"

/* The version these tools know: the number of the last migration. */
int schema_current_version(void);
/* Brings the star in the connection's schema to the current version (no
 * star: nothing to do); exits when it is newer. */
void schema_bring_up(PGconn *conn);
/* Whether the star is newer than the tools: nothing of it is theirs to
 * write, the history neither.  Changes nothing. */
bool schema_is_newer(PGconn *conn);

#endif
