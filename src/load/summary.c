#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/statements.h"
#include "load/summary.h"
#include "transform/tables.h"

/* The summaries made from songplays, by the names their statements give
 * them (sql/load/summaries.sql); not the unresolved plays' titles, which
 * songplays does not keep. */
static const char *const tables[] = { "sk_plays_hourly", "sk_plays_sessions", "sk_plays_songs",
				      "sk_plays_songs_total", "sk_plays_users" };

enum { SUMMARIES = sizeof tables / sizeof tables[0] };

char *summary_ctes(PGconn *conn, const char *name, bool keep_unresolved)
{
	char *quoted[SUMMARIES], *totals, *users, *keep, *sql;

	for (int i = 0; i < SUMMARIES; i++)
		quoted[i] = db_quote_beside(conn, name, tables[i]);
	totals = sql_statement("summaries.songs-total",
			       SQL_ARGS({ "totals", quoted[3] }, { "days", "sk_songs" }));
	users = sql_statement("summaries.users",
			      SQL_ARGS({ "users", quoted[4] }, { "sessions", "sk_sessions" }));
	keep = keep_unresolved ? sql_statement("summaries.keep-unresolved", SQL_NO_ARGS)
			       : sk_strndup("", 0);
	sql = sql_statement("summaries.additions", SQL_ARGS(
		{ "hourly", quoted[0] }, { "sessions", quoted[1] }, { "songs", quoted[2] },
		{ "songs_total", totals }, { "users", users }, { "keep_unresolved", keep }));
	free(keep);
	free(users);
	free(totals);
	for (int i = 0; i < SUMMARIES; i++)
		free(quoted[i]);
	return sql;
}

static void roomy_work_mem(PGconn *conn, const char *name)
{
	db_run(conn, "summaries.work-mem", SQL_NO_ARGS, name);
	db_run(conn, "summaries.citus-intermediate", SQL_NO_ARGS, name);
}

void summary_add_all(PGconn *conn, const char *name)
{
	char *songplays = db_quote_name(conn, name), *ctes = summary_ctes(conn, name, false);
	char *columns = table_column_list(&table_songplays, NULL, false);

	db_run(conn, "summaries.add-all", SQL_ARGS({ "songplays", songplays },
		       { "columns", columns }, { "additions", ctes }), name);
	free(columns);
	free(ctes);
	free(songplays);
}

static void empty_beside(PGconn *conn, const char *name, const char *summary)
{
	char *table = db_quote_beside(conn, name, summary);

	db_run(conn, "summaries.empty", SQL_ARGS({ "summary", table }), name);
	free(table);
}

static void empty_summaries(PGconn *conn, const char *name)
{
	for (int i = 0; i < SUMMARIES; i++)
		empty_beside(conn, name, tables[i]);
}

void summary_prepare(PGconn *conn, const char *name)
{
	char *songplays = db_quote_name(conn, name);
	char *hourly = db_quote_beside(conn, name, tables[0]);

	roomy_work_mem(conn, name);
	if (!db_has_rows(conn, songplays, name)) {
		if (db_has_rows(conn, hourly, name))
			empty_summaries(conn, name);
		empty_beside(conn, name, SUMMARY_UNRESOLVED);
		empty_beside(conn, name, SUMMARY_UNRESOLVED_TOTAL);
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

void summary_unresolved_begin(PGconn *conn, const char *name)
{
	db_run(conn, "summaries.new-unresolved-table", SQL_NO_ARGS, name);
}

/* The new unresolved plays, when some plays read were not inserted: those
 * the merges recorded, and every unresolved play of a songplays that was
 * empty before the load (its direct COPY's rows are all new). */
static void gather_new_unresolved(PGconn *conn, const char *songplays, const char *name)
{
	char *table = db_quote_name(conn, songplays);

	db_run(conn, "summaries.new-unresolved-empty", SQL_NO_ARGS, name);
	db_run(conn, "summaries.new-unresolved-from-songplays",
		       SQL_ARGS({ "songplays", table }), name);
	free(table);
}

char *summary_unresolved_rows(const char *rows, size_t part, const char *stage)
{
	char number[24], *one, *all;

	snprintf(number, sizeof number, "%zu", part);
	one = sql_statement("summaries.unresolved-part",
			    SQL_ARGS({ "part", number }, { "stage", stage }));
	if (!rows)
		return one;
	all = sql_statement("summaries.unresolved-parts",
			    SQL_ARGS({ "parts", rows }, { "part", one }));
	free(one);
	return all;
}

uint64_t summary_add_unresolved(PGconn *conn, const char *name, const char *songplays,
				const char *rows, enum plays_taken taken)
{
	char *days, *totals_table, *counted, *totals, *sql;
	PGresult *res;
	uint64_t plays;

	if (taken == PLAYS_NONE)
		return 0;
	if (taken == PLAYS_SOME_NEW_INTO_EMPTY)
		gather_new_unresolved(conn, songplays, name);
	days = db_quote_name(conn, name);
	totals_table = db_quote_beside(conn, name, SUMMARY_UNRESOLVED_TOTAL);
	counted = sql_statement(taken == PLAYS_ALL_NEW ? "summaries.counted-every"
						       : "summaries.counted-new",
				SQL_ARGS({ "rows", rows }));
	totals = sql_statement("summaries.unresolved-total",
			       SQL_ARGS({ "totals", totals_table }, { "days", "counted" }));
	sql = sql_statement("summaries.count-unresolved", SQL_ARGS(
		{ "counted", counted }, { "days", days }, { "totals", totals }));
	res = db_exec(conn, sql, name);
	plays = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	free(sql);
	free(totals);
	free(counted);
	free(totals_table);
	free(days);
	return plays;
}
