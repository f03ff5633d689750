/* objects.h — the record of the source objects loaded into the star
 * (SPEC §2: a load costs the new data, not the history).
 *
 * The table sk_objects, beside the star, holds one row per object read:
 * its name (a file's absolute path, an s3:// or http(s):// URL), its size
 * and its version (the ETag, or a file's "mtime:SECONDS.NANOSECONDS"), as
 * `sk-fetch --list` prints them.  A load records its objects in the
 * transaction that commits their rows, so the record never names an
 * object whose rows are not in the star, nor misses one whose rows are;
 * a later load reads only the objects the record has not seen with that
 * size and version. */
#ifndef SK_OBJECTS_H
#define SK_OBJECTS_H

#include <stdint.h>

#include "load/db.h"

struct objects_count {
	uint64_t added, changed, unchanged;
};

/* Writes to stdout the listing's objects that are not recorded with the
 * same size and version, as the listing's rows with a fourth column, "new"
 * or "changed", in the listing's order.  Changes nothing. */
void objects_unloaded(PGconn *conn, const char *listing);
/* Records the listing's objects in the caller's transaction, and counts
 * them as the record saw them. */
void objects_record(PGconn *conn, const char *listing, struct objects_count *count);

#endif
