#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

#include "common/err.h"
#include "common/files.h"
#include "load/db.h"
#include "report/report.h"

/* The value of "-- key: value" in the file's leading comments, or NULL. */
static char *header(const char *sql, const char *key)
{
	size_t klen = strlen(key);

	for (const char *line = sql; strncmp(line, "--", 2) == 0;) {
		const char *p = line + 2, *end = strchr(line, '\n');
		size_t n;
		while (*p == ' ')
			p++;
		if (!end)
			end = line + strlen(line);
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			p += klen + 1;
			while (*p == ' ')
				p++;
			n = (size_t)(end - p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
				n--;
			return sk_strndup(p, n);
		}
		if (!*end)
			break;
		line = end + 1;
	}
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_one(const char *dir, const char *file, struct question *q)
{
	size_t n = strlen(dir) + strlen(file) + 2, len = strlen(file) - 4;
	char *path = sk_malloc(n);
	const char *base = file;

	snprintf(path, n, "%s/%s", dir, file);
	q->sql = sk_read_file(path);
	q->title = header(q->sql, "title");
	q->chart = header(q->sql, "chart");
	q->basis = header(q->sql, "basis");
	if (!q->title)
		sk_die(SK_EXIT_USAGE, "%s: no '-- title:' line at the top", path);
	if (q->chart && strcmp(q->chart, "bar") && strcmp(q->chart, "hbar") &&
	    strcmp(q->chart, "line") && strcmp(q->chart, "stacked"))
		sk_die(SK_EXIT_USAGE, "%s: unknown chart '%s' (bar, hbar, line, stacked)", path,
		       q->chart);
	if (q->basis && strcmp(q->basis, "resolved") && strcmp(q->basis, "titles"))
		sk_die(SK_EXIT_USAGE, "%s: unknown basis '%s' (resolved, titles)", path, q->basis);
	while (*base >= '0' && *base <= '9')
		base++, len--;
	if (*base == '-' && base != file)
		base++, len--;
	else
		base = file, len = strlen(file) - 4;
	q->name = sk_strndup(base, len);
	free(path);
}

void questions_load(const char *dir, struct question **qs, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **files = NULL;
	size_t count = 0;

	if (!d)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot open the questions' directory:", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		files = sk_realloc(files, (count + 1) * sizeof *files);
		files[count++] = sk_strndup(e->d_name, len);
	}
	closedir(d);
	if (count == 0)
		sk_die(SK_EXIT_USAGE, "%s: no questions (*.sql) there", dir);
	qsort(files, count, sizeof *files, by_name);
	*qs = sk_malloc(count * sizeof **qs);
	for (size_t i = 0; i < count; i++) {
		load_one(dir, files[i], &(*qs)[i]);
		free(files[i]);
	}
	free(files);
	*n = count;
}

void questions_free(struct question *qs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(qs[i].name);
		free(qs[i].title);
		free(qs[i].chart);
		free(qs[i].basis);
		free(qs[i].sql);
	}
	free(qs);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Exits 2 naming the part of a date that is wrong: its form, its month
 * or its day. */
static void date_check(const char *option, const char *d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, day, n = 0;

	if (!d)
		return;
	if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%n", &y, &m, &day, &n) != 3 || n != 10 ||
	    strspn(d, "0123456789") != 4 || d[4] != '-' || d[7] != '-')
		sk_die(SK_EXIT_USAGE, "%s %s: dates are YYYY-MM-DD", option, d);
	if (m < 1 || m > 12)
		sk_die(SK_EXIT_USAGE, "%s %s: no month %02d (01 to 12)", option, d, m);
	if (day < 1 || day > days[m - 1] + (m == 2 && leap(y)))
		sk_die(SK_EXIT_USAGE, "%s %s: no day %02d in %.7s (01 to %02d)", option, d, day, d,
		       days[m - 1] + (m == 2 && leap(y)));
}

void period_check(const char *from, const char *to)
{
	date_check("--from", from);
	date_check("--to", to);
}

void period_resolve(PGconn *conn, const char *from, const char *to, struct period *p)
{
	const char *params[2] = { from, to };
	PGresult *res;

	res = PQexecParams(conn,
		"SELECT coalesce($1::date::timestamp, '-infinity')::text,"
		" coalesce(($2::date + 1)::timestamp, 'infinity')::text",
		2, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		sk_die(SK_EXIT_USAGE, "--from/--to: dates are YYYY-MM-DD (%s %s)",
		       from ? from : "", to ? to : "");
	snprintf(p->start, sizeof p->start, "%s", PQgetvalue(res, 0, 0));
	snprintf(p->end, sizeof p->end, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (strcmp(p->start, "-infinity") && strcmp(p->end, "infinity") && strcmp(p->start, p->end) >= 0)
		sk_die(SK_EXIT_USAGE, "--from %s is after --to %s", from, to);
}

/* A star loaded by an sk before the summaries has plays they do not
 * count: its next load makes them (sql/schema.sql, then the backfill). */
static void summaries_check(PGconn *conn)
{
	PGresult *res = db_exec(conn, "SELECT to_regclass('sk_plays_hourly') IS NOT NULL"
				" AND to_regclass('sk_plays_sessions') IS NOT NULL"
				" AND to_regclass('sk_plays_users') IS NOT NULL"
				" AND to_regclass('sk_plays_songs') IS NOT NULL"
				" AND to_regclass('sk_plays_songs_total') IS NOT NULL"
				" AND to_regclass('sk_plays_unresolved') IS NOT NULL"
				" AND to_regclass('sk_plays_unresolved_total') IS NOT NULL", "summaries");
	bool exist = PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	if (!exist || !db_has_rows(conn, "sk_plays_hourly", "summaries"))
		sk_die(SK_EXIT_DATA, "songplays: the plays' summaries are missing (the star was "
		       "loaded by an earlier sk): the next sk-load makes them");
}

void star_check(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT to_regclass('songplays') IS NOT NULL");
	bool exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	if (!exists)
		sk_die(SK_EXIT_DATABASE, "songplays: no such table: the star is not loaded here "
		       "(sk-load SOURCE)");
	if (!db_has_rows(conn, "songplays", "songplays"))
		sk_die(SK_EXIT_DATA, "songplays: the star is empty: nothing to report");
	summaries_check(conn);
}

static bool numeric_type(Oid type)
{
	/* int2, int4, int8, float4, float8, numeric */
	return type == 21 || type == 23 || type == 20 || type == 700 || type == 701 || type == 1700;
}

/* The answer from the question's result, which it clears. */
static void answer_take(const struct question *q, PGresult *res, struct answer *a)
{
	a->q = q;
	a->ncols = PQnfields(res);
	a->nrows = PQntuples(res);
	a->columns = sk_malloc((size_t)a->ncols * sizeof *a->columns);
	a->numeric = sk_malloc((size_t)a->ncols * sizeof *a->numeric);
	a->cells = sk_malloc((size_t)(a->ncols * a->nrows + 1) * sizeof *a->cells);
	for (int c = 0; c < a->ncols; c++) {
		a->columns[c] = sk_strndup(PQfname(res, c), strlen(PQfname(res, c)));
		a->numeric[c] = numeric_type(PQftype(res, c));
	}
	for (int r = 0; r < a->nrows; r++)
		for (int c = 0; c < a->ncols; c++) {
			const char *v = PQgetvalue(res, r, c);
			a->cells[r * a->ncols + c] = PQgetisnull(res, r, c) ? NULL
							 : sk_strndup(v, strlen(v));
		}
	PQclear(res);
}

static void ask(PGconn *conn, const struct question *q, const struct period *p)
{
	const char *params[2] = { p->start, p->end };
	int nparams = strstr(q->sql, "$2") ? 2 : strstr(q->sql, "$1") ? 1 : 0;

	if (!PQsendQueryParams(conn, q->sql, nparams, NULL, params, NULL, NULL, 0))
		db_die(conn, NULL, q->name);
}

/* The question's result, once it has come whole; NULL while it has not. */
static PGresult *answer_if_ready(PGconn *conn, const struct question *q)
{
	PGresult *res, *extra;

	if (!PQconsumeInput(conn))
		db_die(conn, NULL, q->name);
	if (PQisBusy(conn))
		return NULL;
	res = db_check(conn, PQgetResult(conn), q->name);
	while ((extra = PQgetResult(conn)))
		PQclear(extra);
	return res;
}

/* Sleeps until a busy session has something to read. */
static void wait_for_any(PGconn *const *conns, const long *asked, int n)
{
	fd_set readable;
	int top = -1;

	FD_ZERO(&readable);
	for (int i = 0; i < n; i++)
		if (asked[i] >= 0) {
			FD_SET(PQsocket(conns[i]), &readable);
			top = PQsocket(conns[i]) > top ? PQsocket(conns[i]) : top;
		}
	if (select(top + 1, &readable, NULL, NULL, NULL) < 0 && errno != EINTR)
		sk_die(SK_EXIT_SYSTEM, "select:");
}

/* The bytes of every table the summaries hold, by name: on Citus, of
 * their shards (the coordinator's tables are empty shells). */
#define SUMMARY_TABLES " FROM pg_class c WHERE c.relname LIKE 'sk\\_plays\\_%'" \
	" AND c.relkind IN ('r', 'p') AND c.relnamespace = ANY (current_schemas(false)::regnamespace[])"
static const char sizes_sql[] = "SELECT c.relname::text, pg_relation_size(c.oid)" SUMMARY_TABLES;
static const char citus_sizes_sql[] = "SELECT c.relname::text, coalesce((SELECT sum(shard_size)"
	" FROM citus_shards s WHERE s.table_name = c.oid), pg_relation_size(c.oid))" SUMMARY_TABLES;

/* A question's weight: the bytes of the summaries its SQL names. */
static void weigh(PGconn *conn, const struct question *const *qs, size_t n, double weight[])
{
	PGresult *res = db_exec(conn, "SELECT EXISTS (SELECT 1 FROM pg_extension"
				" WHERE extname = 'citus')", "summaries");
	bool citus = PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	res = db_exec(conn, citus ? citus_sizes_sql : sizes_sql, "summaries");
	for (size_t q = 0; q < n; q++) {
		weight[q] = 0;
		for (int r = 0; r < PQntuples(res); r++)
			if (strstr(qs[q]->sql, PQgetvalue(res, r, 0)))
				weight[q] += strtod(PQgetvalue(res, r, 1), NULL);
	}
	PQclear(res);
}

/* The order to ask in: heaviest first, so that the longest question does
 * not start last and leave the other sessions idle (as in LPT scheduling);
 * the answers keep the questions' order whatever it is. */
static void order_by_weight(PGconn *conn, const struct question *const *qs, size_t n,
			    size_t order[])
{
	double weight[n ? n : 1];

	weigh(conn, qs, n, weight);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		for (; j > 0 && weight[order[j - 1]] < weight[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

void questions_answer(PGconn *const *conns, int nconns, const struct question *const *qs,
		      size_t n, const struct period *p, struct answer *answers)
{
	long asked[nconns];
	size_t next = 0, done = 0, order[n ? n : 1];

	order_by_weight(conns[0], qs, n, order);
	for (int i = 0; i < nconns; i++)
		asked[i] = -1;
	while (done < n) {
		bool answered = false;
		for (int i = 0; i < nconns; i++) {
			PGresult *res;
			if (asked[i] < 0 && next < n) {
				ask(conns[i], qs[order[next]], p);
				asked[i] = (long)order[next++];
			}
			if (asked[i] >= 0 && (res = answer_if_ready(conns[i], qs[asked[i]]))) {
				answer_take(qs[asked[i]], res, &answers[asked[i]]);
				asked[i] = -1;
				answered = true;
				done++;
			}
		}
		if (!answered)
			wait_for_any(conns, asked, nconns);
	}
}

void sessions_share_snapshot(PGconn *const *conns, int nconns)
{
	PGresult *res;

	PQclear(db_exec(conns[0], "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "BEGIN"));
	if (nconns == 1)
		return;
	res = db_exec(conns[0], "SELECT pg_export_snapshot()", "BEGIN");
	for (int i = 1; i < nconns; i++) {
		char *id = PQescapeLiteral(conns[i], PQgetvalue(res, 0, 0),
					   strlen(PQgetvalue(res, 0, 0)));
		char sql[256];
		snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
			 " SET TRANSACTION SNAPSHOT %s", id);
		PQclear(db_exec(conns[i], sql, "BEGIN"));
		PQfreemem(id);
	}
	PQclear(res);
}

const char *answer_cell(const struct answer *a, int row, int col)
{
	return a->cells[row * a->ncols + col];
}

void answer_free(struct answer *a)
{
	for (int i = 0; i < a->ncols * a->nrows; i++)
		free(a->cells[i]);
	for (int c = 0; c < a->ncols; c++)
		free(a->columns[c]);
	free(a->cells);
	free(a->columns);
	free(a->numeric);
}
