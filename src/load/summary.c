#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/summary.h"

/* The per-user-day summary's rows, summed from session rows (a relation
 * named by `from`): its addition, and its filling on a star that had
 * session rows before it. */
#define USER_DAY_COLUMNS "day, user_id, level, location, user_agent"
#define USER_DAY_ADDITION(from) \
	"(" USER_DAY_COLUMNS ", plays, resolved, first_at, last_at) SELECT " USER_DAY_COLUMNS \
	", sum(plays), sum(resolved), min(first_at), max(last_at) FROM " from \
	" GROUP BY 1, 2, 3, 4, 5"

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
	" GROUP BY 1, 2, 3, 4, 5, 6 RETURNING " USER_DAY_COLUMNS ", plays, resolved,"
	" first_at, last_at",

	"INSERT INTO {x} (day, song_id, artist_id, plays)"
	" SELECT start_time::date, song_id, artist_id, count(*) FROM " SUMMARY_NEW
	" WHERE song_id IS NOT NULL GROUP BY 1, 2, 3 RETURNING song_id, artist_id, plays",

	/* The whole history's totals, one row per song, added to: from the
	 * day rows just added (the member before), fewer than the plays. */
	"INSERT INTO {x} AS t (song_id, artist_id, plays)"
	" SELECT song_id, artist_id, sum(plays) FROM sk_summary_2 GROUP BY 1, 2"
	" ON CONFLICT (song_id, artist_id) DO UPDATE SET plays = t.plays + EXCLUDED.plays",

	/* Per user and day: from the session rows just added (sk_summary_1),
	 * a third as many, which most questions read instead. */
	"INSERT INTO {x} " USER_DAY_ADDITION("sk_summary_1"),
};

static const char *const tables[] = { "sk_plays_hourly", "sk_plays_sessions", "sk_plays_songs",
				      "sk_plays_songs_total", "sk_plays_users" };

enum { SUMMARIES = sizeof tables / sizeof tables[0] };

char *summary_ctes(PGconn *conn, const char *name, bool keep_unresolved)
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
	if (keep_unresolved) {
		sql = sk_realloc(sql, cap += sizeof SUMMARY_KEEP_UNRESOLVED);
		strcpy(sql + len, SUMMARY_KEEP_UNRESOLVED);
	}
	return sql;
}

/* The hash aggregates of a large batch's plays in memory, not spilled to
 * disk, for the rest of the load's transaction.  On Citus, the plays the
 * summaries count (a merge's RETURNING, or songplays after a COPY) are an
 * intermediate result, refused past 1 GB by default: at 10M events, half
 * the plays pass it. */
static void roomy_work_mem(PGconn *conn, const char *name)
{
	PQclear(db_exec(conn, "SET LOCAL work_mem = '256MB'", name));
	PQclear(db_exec(conn, "SELECT set_config('citus.max_intermediate_result_size', '-1', true)"
			" FROM pg_extension WHERE extname = 'citus'", name));
}

void summary_add_all(PGconn *conn, const char *name)
{
	static const char format[] =
		"WITH " SUMMARY_NEW " AS (SELECT " SUMMARY_COLUMNS " FROM %s)%s SELECT 1";
	char *songplays = db_quote_name(conn, name), *ctes = summary_ctes(conn, name, false);
	size_t len = sizeof format + strlen(songplays) + strlen(ctes);
	char *sql = sk_malloc(len);

	snprintf(sql, len, format, songplays, ctes);
	PQclear(db_exec(conn, sql, name));
	free(sql);
	free(ctes);
	free(songplays);
}

static void empty_beside(PGconn *conn, const char *name, const char *summary)
{
	char *table = db_quote_beside(conn, name, summary), sql[256];

	snprintf(sql, sizeof sql, "DELETE FROM %s", table);
	PQclear(db_exec(conn, sql, name));
	free(table);
}

/* The summaries made from songplays; not the unresolved plays' titles,
 * which it does not keep. */
static void empty_summaries(PGconn *conn, const char *name)
{
	for (int i = 0; i < SUMMARIES; i++)
		empty_beside(conn, name, tables[i]);
}

/* The summaries an earlier sk did not keep, made from the finer ones it
 * did: a target empty beside a source that is not is filled from it. */
static const struct {
	const char *target, *source, *select;
} fills[] = {
	{ "sk_plays_songs_total", "sk_plays_songs",
	  "(song_id, artist_id, plays) SELECT song_id, artist_id, sum(plays) FROM %s GROUP BY 1, 2" },
	{ "sk_plays_users", "sk_plays_sessions", USER_DAY_ADDITION("%s") },
	{ SUMMARY_UNRESOLVED_TOTAL, SUMMARY_UNRESOLVED,
	  "(title, artist, plays) SELECT title, artist, sum(plays) FROM %s GROUP BY 1, 2" },
};

static void fill_from_finer(PGconn *conn, const char *name)
{
	for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++) {
		char *target = db_quote_beside(conn, name, fills[i].target);
		char *source = db_quote_beside(conn, name, fills[i].source);
		size_t len = strlen(target) + strlen(fills[i].select) + strlen(source) + 16;
		char *sql = sk_malloc(len);
		int n = snprintf(sql, len, "INSERT INTO %s ", target);

		if (!db_has_rows(conn, target, name) && db_has_rows(conn, source, name)) {
			snprintf(sql + n, len - (size_t)n, fills[i].select, source);
			PQclear(db_exec(conn, sql, name));
		}
		free(sql);
		free(source);
		free(target);
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
		empty_beside(conn, name, SUMMARY_UNRESOLVED);
		empty_beside(conn, name, SUMMARY_UNRESOLVED_TOTAL);
	} else if (!db_has_rows(conn, hourly, name)) {
		summary_add_all(conn, name);
	} else {
		fill_from_finer(conn, name);
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
	PQclear(db_exec(conn, "CREATE TEMP TABLE " SUMMARY_NEW_UNRESOLVED " (user_id integer,"
			" session_id integer, item_in_session integer) ON COMMIT DROP", name));
}

/* The new unresolved plays, when some plays read were not inserted: those
 * the merges recorded, and every unresolved play of a songplays that was
 * empty before the load (its direct COPY's rows are all new). */
static void gather_new_unresolved(PGconn *conn, const char *songplays, bool plays_were_empty,
				  const char *name)
{
	static const char format[] = "INSERT INTO " SUMMARY_NEW_UNRESOLVED
		" SELECT user_id, session_id, item_in_session FROM %s WHERE song_id IS NULL";
	char *table, *sql;
	size_t len;

	if (!plays_were_empty)
		return;
	PQclear(db_exec(conn, "TRUNCATE " SUMMARY_NEW_UNRESOLVED, name));
	table = db_quote_name(conn, songplays);
	len = sizeof format + strlen(table);
	sql = sk_malloc(len);
	snprintf(sql, len, format, table);
	PQclear(db_exec(conn, sql, name));
	free(sql);
	free(table);
}

uint64_t summary_add_unresolved(PGconn *conn, const char *name, const char *songplays,
				const char *rows, enum plays_taken taken)
{
	static const char every[] = "WITH counted AS (SELECT start_time::date AS day, title,"
		" artist, count(*) AS plays FROM (%s) u GROUP BY 1, 2, 3)";
	static const char some[] = "WITH counted AS (SELECT start_time::date AS day, title,"
		" artist, count(*) AS plays FROM (SELECT DISTINCT ON (user_id, session_id,"
		" item_in_session) * FROM (%s) r ORDER BY user_id, session_id, item_in_session,"
		" sk_part, sk_ord) u JOIN " SUMMARY_NEW_UNRESOLVED " USING (user_id, session_id,"
		" item_in_session) GROUP BY 1, 2, 3)";
	static const char add[] = ", days AS (INSERT INTO %s (day, title, artist, plays)"
		" SELECT day, title, artist, plays FROM counted),"
		" totals AS (INSERT INTO %s AS t (title, artist, plays)"
		" SELECT title, artist, sum(plays) FROM counted GROUP BY 1, 2"
		" ON CONFLICT (title, artist) DO UPDATE SET plays = t.plays + EXCLUDED.plays)"
		" SELECT coalesce(sum(plays), 0) FROM counted";
	char *days = db_quote_name(conn, name);
	char *totals = db_quote_beside(conn, name, SUMMARY_UNRESOLVED_TOTAL);
	size_t len = sizeof some + strlen(rows) + sizeof add + strlen(days) + strlen(totals);
	char *sql = sk_malloc(len);
	int n;
	PGresult *res;
	uint64_t counted = 0;

	if (taken != PLAYS_NONE) {
		if (taken != PLAYS_ALL_NEW)
			gather_new_unresolved(conn, songplays,
					      taken == PLAYS_SOME_NEW_INTO_EMPTY, name);
		n = snprintf(sql, len, taken == PLAYS_ALL_NEW ? every : some, rows);
		snprintf(sql + n, len - (size_t)n, add, days, totals);
		res = db_exec(conn, sql, name);
		counted = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	free(sql);
	free(totals);
	free(days);
	return counted;
}
