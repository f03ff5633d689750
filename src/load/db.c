#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/db.h"

enum { COPY_CHUNK = 1 << 18 };

/* libpq's messages span lines and indent with tabs; SPEC §4 wants one line. */
static void one_line(char *msg)
{
	char *p;

	while ((p = strpbrk(msg, "\n\t")) != NULL) {
		if (*p == '\n' && p[1] == '\0')
			*p = '\0';
		else
			*p = ' ';
	}
}

/* The primary message, joined with the detail and the context (which says
 * which line of the COPY data failed), on one line. */
_Noreturn void db_die(PGconn *conn, PGresult *res, const char *where)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *context = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	char msg[1024];

	snprintf(msg, sizeof msg, "%s%s%s%s", primary ? primary : PQerrorMessage(conn),
		 detail ? " (" : "", detail ? detail : "", detail ? ")" : "");
	if (context) {
		size_t used = strlen(msg);
		snprintf(msg + used, sizeof msg - used, "; %s", context);
	}
	one_line(msg);
	sk_die(SK_EXIT_DATABASE, "%s: %s", where, msg);
}

PGconn *db_connect(const char *conninfo)
{
	PGconn *conn;
	char msg[1024];

	if (!conninfo)
		conninfo = getenv("DATABASE_URL");
	conn = PQconnectdb(conninfo ? conninfo : "");
	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(msg, sizeof msg, "%s", PQerrorMessage(conn));
		one_line(msg);
		PQfinish(conn);
		sk_die(SK_EXIT_DATABASE, "cannot connect: %s", msg);
	}
	db_run(conn, "db.connect", SQL_NO_ARGS, "connect");
	return conn;
}

PGresult *db_check(PGconn *conn, PGresult *res, const char *where)
{
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		db_die(conn, res, where);
	return res;
}

PGresult *db_exec(PGconn *conn, const char *sql, const char *where)
{
	return db_check(conn, PQexec(conn, sql), where);
}

/* While a COPY reads its input: a reader that fails (sk_die) ends the COPY
 * with its reason, as psql does, and reads the COPY's result, so that the
 * server aborts it and logs why ("COPY from stdin failed: ...") rather
 * than a dropped connection. */
static void abort_copy(void *ctx, const char *message)
{
	PGconn *conn = ctx;
	PGresult *res;

	if (PQputCopyEnd(conn, message) != 1)
		return;
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
}

PGresult *db_copy_try(PGconn *conn, const char *copy_sql, db_reader *read, void *ctx,
		      const char *where, uint64_t *bytes, uint64_t *rows)
{
	PGresult *res = PQexec(conn, copy_sql), *failed = NULL;
	char *buf;
	size_t n;

	if (PQresultStatus(res) != PGRES_COPY_IN)
		return res;
	PQclear(res);
	buf = sk_malloc(COPY_CHUNK);
	sk_at_die(abort_copy, conn);
	while ((n = read(ctx, buf, COPY_CHUNK)) > 0) {
		*bytes += n;
		if (PQputCopyData(conn, buf, (int)n) != 1)
			db_die(conn, NULL, where);
	}
	sk_at_die_done(abort_copy);
	free(buf);
	if (PQputCopyEnd(conn, NULL) != 1)
		db_die(conn, NULL, where);
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !failed) {
			failed = res;
			continue;
		}
		if (!failed)
			*rows = strtoull(PQcmdTuples(res), NULL, 10);
		PQclear(res);
	}
	return failed;
}

uint64_t db_copy_in(PGconn *conn, const char *copy_sql, db_reader *read, void *ctx,
		    const char *where, uint64_t *bytes)
{
	uint64_t rows = 0;
	PGresult *failed = db_copy_try(conn, copy_sql, read, ctx, where, bytes, &rows);

	if (failed)
		db_die(conn, failed, where);
	return rows;
}

bool db_failed_with(PGresult *res, const char *sqlstate)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state && strcmp(state, sqlstate) == 0;
}

char *db_quote_name(PGconn *conn, const char *name)
{
	const char *dot = strchr(name, '.');
	char *schema, *table, *out;
	size_t n;

	if (!dot) {
		out = PQescapeIdentifier(conn, name, strlen(name));
		if (!out)
			sk_die(SK_EXIT_USAGE, "%s: not a table name", name);
		table = sk_strndup(out, strlen(out));
		PQfreemem(out);
		return table;
	}
	schema = PQescapeIdentifier(conn, name, (size_t)(dot - name));
	table = PQescapeIdentifier(conn, dot + 1, strlen(dot + 1));
	if (!schema || !table)
		sk_die(SK_EXIT_USAGE, "%s: not a table name", name);
	n = strlen(schema) + strlen(table) + 2;
	out = sk_malloc(n);
	snprintf(out, n, "%s.%s", schema, table);
	PQfreemem(schema);
	PQfreemem(table);
	return out;
}

char *db_quote_beside(PGconn *conn, const char *name, const char *table)
{
	const char *dot = strrchr(name, '.');
	size_t prefix = dot ? (size_t)(dot - name) + 1 : 0;
	char *qualified = sk_malloc(prefix + strlen(table) + 1);
	char *quoted;

	memcpy(qualified, name, prefix);
	strcpy(qualified + prefix, table);
	quoted = db_quote_name(conn, qualified);
	free(qualified);
	return quoted;
}

bool db_has_rows(PGconn *conn, const char *quoted, const char *where)
{
	PGresult *res = db_statement(conn, "db.has-rows", SQL_ARGS({ "table", quoted }), where);
	bool any;

	any = PQntuples(res) > 0;
	PQclear(res);
	return any;
}

PGresult *db_statement(PGconn *conn, const char *statement, const struct sql_arg *args,
		       const char *where)
{
	char *sql = sql_statement(statement, args);
	PGresult *res = db_exec(conn, sql, where);

	free(sql);
	return res;
}

void db_run(PGconn *conn, const char *statement, const struct sql_arg *args, const char *where)
{
	PQclear(db_statement(conn, statement, args, where));
}

PGresult *db_statement_params(PGconn *conn, const char *statement, int nparams,
			      const char *const *params, const char *where)
{
	char *sql = sql_statement(statement, SQL_NO_ARGS);
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);

	free(sql);
	return db_check(conn, res, where);
}
