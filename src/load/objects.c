#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/feed.h"
#include "load/objects.h"
#include "transform/tsv.h"

/* The listing, as sk-fetch --list writes it, in the temporary table
 * sk_listing, numbered in its order. */
static void stage_listing(PGconn *conn, const char *listing)
{
	char *paths[] = { (char *)listing };
	struct progress quiet = { 0 };
	struct feed feed;
	uint64_t bytes = 0;

	PQclear(db_exec(conn, "CREATE TEMPORARY TABLE sk_listing (source text NOT NULL,"
			" size bigint NOT NULL, version text, ord bigserial) ON COMMIT DROP",
			listing));
	feed_open(&feed, paths, 1, false, &quiet);
	db_copy_in(conn, "COPY sk_listing (source, size, version) FROM STDIN", feed_read, &feed,
		   listing, &bytes);
	feed_close(&feed);
}

static const char unloaded_sql[] =
	"SELECT l.source, l.size, l.version, CASE WHEN o.source IS NULL THEN 'new'"
	" ELSE 'changed' END FROM sk_listing l LEFT JOIN sk_objects o USING (source)"
	" WHERE o.source IS NULL OR (o.size, o.version) IS DISTINCT FROM (l.size, l.version)"
	" ORDER BY l.ord";

/* Before the first load there is no record: every object is new. */
static const char unrecorded_sql[] =
	"SELECT source, size, version, 'new' FROM sk_listing ORDER BY ord";

void objects_unloaded(PGconn *conn, const char *listing)
{
	PGresult *res;
	struct tsv_out tsv;
	bool recorded;

	PQclear(db_exec(conn, "BEGIN", listing)); /* rolled back: only sk_listing is written */
	stage_listing(conn, listing);
	res = db_exec(conn, "SELECT to_regclass('sk_objects') IS NOT NULL", listing);
	recorded = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	res = db_exec(conn, recorded ? unloaded_sql : unrecorded_sql, listing);
	tsv_open(&tsv, "-");
	for (int i = 0; i < PQntuples(res); i++) {
		for (int c = 0; c < 4; c++)
			if (PQgetisnull(res, i, c))
				tsv_null(&tsv);
			else
				tsv_text(&tsv, PQgetvalue(res, i, c), (size_t)PQgetlength(res, i, c));
		tsv_end_row(&tsv);
	}
	tsv_close(&tsv);
	PQclear(res);
	PQclear(db_exec(conn, "ROLLBACK", listing));
}

void objects_record(PGconn *conn, const char *listing, struct objects_count *count)
{
	PGresult *res;
	uint64_t listed;

	stage_listing(conn, listing);
	/* loaded_at from the inserted row, not now() in the update: Citus
	 * takes only immutable functions there. */
	res = db_exec(conn, "WITH up AS (INSERT INTO sk_objects AS o (source, size, version,"
		      " loaded_at) SELECT DISTINCT ON (source) source, size, version, now()"
		      " FROM sk_listing ORDER BY source, ord DESC"
		      " ON CONFLICT (source) DO UPDATE SET size = EXCLUDED.size,"
		      " version = EXCLUDED.version, loaded_at = EXCLUDED.loaded_at"
		      " WHERE (o.size, o.version) IS DISTINCT FROM (EXCLUDED.size, EXCLUDED.version)"
		      " RETURNING (xmax = 0) AS added)"
		      " SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added),"
		      " (SELECT count(DISTINCT source) FROM sk_listing) FROM up", "sk_objects");
	count->added = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	count->changed = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	listed = strtoull(PQgetvalue(res, 0, 2), NULL, 10);
	count->unchanged = listed - count->added - count->changed;
	PQclear(res);
}
