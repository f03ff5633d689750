#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/feed.h"
#include "load/objects.h"
#include "load/statements.h"
#include "transform/tsv.h"

/* The listing, as sk-fetch --list writes it, in the temporary table
 * sk_listing, numbered in its order. */
static void stage_listing(PGconn *conn, const char *listing)
{
	char *paths[] = { (char *)listing };
	struct progress quiet = { 0 };
	struct feed feed;
	uint64_t bytes = 0;

	char *copy = sql_statement("objects.copy-listing", SQL_NO_ARGS);

	db_run(conn, "objects.listing", SQL_NO_ARGS, listing);
	feed_open(&feed, paths, 1, true, &quiet); /* a cut listing is refused */
	db_copy_in(conn, copy, feed_read, &feed, listing, &bytes);
	feed_close(&feed);
	free(copy);
}

void objects_unloaded(PGconn *conn, const char *listing)
{
	PGresult *res;
	struct tsv_out tsv;
	bool recorded;

	db_run(conn, "objects.begin", SQL_NO_ARGS, listing); /* rolled back: only sk_listing is written */
	stage_listing(conn, listing);
	res = db_statement(conn, "objects.is-recorded", SQL_NO_ARGS, listing);
	recorded = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	res = db_statement(conn, recorded ? "objects.unloaded" : "objects.unrecorded", SQL_NO_ARGS,
			   listing);
	tsv_open(&tsv, "-");
	for (int i = 0; i < PQntuples(res); i++) {
		for (int c = 0; c < 4; c++)
			if (PQgetisnull(res, i, c))
				tsv_null(&tsv);
			else
				tsv_text(&tsv, PQgetvalue(res, i, c), (size_t)PQgetlength(res, i, c));
		tsv_end_row(&tsv);
	}
	tsv_end_data(&tsv); /* the objects to read are a listing too */
	tsv_close(&tsv);
	PQclear(res);
	db_run(conn, "objects.rollback", SQL_NO_ARGS, listing);
}

void objects_record(PGconn *conn, const char *listing, struct objects_count *count)
{
	PGresult *res;
	uint64_t listed;

	stage_listing(conn, listing);
	res = db_statement(conn, "objects.record", SQL_NO_ARGS, "sk_objects");
	count->added = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	count->changed = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	listed = strtoull(PQgetvalue(res, 0, 2), NULL, 10);
	count->unchanged = listed - count->added - count->changed;
	PQclear(res);
}
