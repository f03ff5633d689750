#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/summary.h"

/* Each summary's addition, {x} standing for its table: the new plays
 * grouped by the summary's key, added to the counts already there (a day
 * may come in several loads), first and last plays widened. */
static const char *const additions[] = {
	"INSERT INTO {x} (day, hour, plays, resolved)"
	" SELECT start_time::date, extract(hour FROM start_time)::integer, count(*),"
	" count(song_id) FROM " SUMMARY_NEW " GROUP BY 1, 2",

	"INSERT INTO {x} (user_id, day, session_id, level, location, user_agent,"
	" plays, resolved, first_at, first_item, last_at, last_item)"
	" SELECT user_id, start_time::date, session_id, level, location, user_agent,"
	" count(*), count(song_id), min(start_time), min(item_in_session),"
	" max(start_time), max(item_in_session) FROM " SUMMARY_NEW
	" GROUP BY 1, 2, 3, 4, 5, 6",

	"INSERT INTO {x} (day, song_id, artist_id, plays)"
	" SELECT start_time::date, song_id, artist_id, count(*) FROM " SUMMARY_NEW
	" WHERE song_id IS NOT NULL GROUP BY 1, 2, 3",
};

static const char *const tables[] = { "sk_plays_hourly", "sk_plays_sessions", "sk_plays_songs" };

enum { SUMMARIES = sizeof tables / sizeof tables[0] };

char *summary_ctes(PGconn *conn, const char *name)
{
	char *sql = NULL;
	size_t len = 0, cap = 1;

	for (int i = 0; i < SUMMARIES; i++) {
		char *table = db_quote_beside(conn, name, tables[i]);
		const char *at = strstr(additions[i], "{x}");
		cap += strlen(additions[i]) + strlen(table) + 32;
		sql = sk_realloc(sql, cap);
		len += (size_t)sprintf(sql + len, ", sk_summary_%d AS (%.*s%s%s)", i,
				       (int)(at - additions[i]), additions[i], table, at + 3);
		free(table);
	}
	return sql;
}

/* The hash aggregates of a large batch's plays in memory, not spilled to
 * disk, for the rest of the load's transaction. */
static void roomy_work_mem(PGconn *conn, const char *name)
{
	PQclear(db_exec(conn, "SET LOCAL work_mem = '256MB'", name));
}

void summary_add_all(PGconn *conn, const char *name)
{
	static const char format[] =
		"WITH " SUMMARY_NEW " AS (SELECT " SUMMARY_COLUMNS " FROM %s)%s SELECT 1";
	char *songplays = db_quote_name(conn, name), *ctes = summary_ctes(conn, name);
	size_t len = sizeof format + strlen(songplays) + strlen(ctes);
	char *sql = sk_malloc(len);

	snprintf(sql, len, format, songplays, ctes);
	PQclear(db_exec(conn, sql, name));
	free(sql);
	free(ctes);
	free(songplays);
}

static void empty_summaries(PGconn *conn, const char *name)
{
	for (int i = 0; i < SUMMARIES; i++) {
		char *table = db_quote_beside(conn, name, tables[i]), sql[256];
		snprintf(sql, sizeof sql, "DELETE FROM %s", table);
		PQclear(db_exec(conn, sql, name));
		free(table);
	}
}

void summary_prepare(PGconn *conn, const char *name)
{
	char *songplays = db_quote_name(conn, name);
	char *hourly = db_quote_beside(conn, name, tables[0]);

	roomy_work_mem(conn, name);
	if (!db_has_rows(conn, songplays, name)) {
		if (db_has_rows(conn, hourly, name))
			empty_summaries(conn, name);
	} else if (!db_has_rows(conn, hourly, name)) {
		summary_add_all(conn, name);
	}
	free(hourly);
	free(songplays);
}

void summary_rebuild(PGconn *conn, const char *name)
{
	roomy_work_mem(conn, name);
	empty_summaries(conn, name);
	summary_add_all(conn, name);
}
