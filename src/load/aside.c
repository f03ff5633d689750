#include <stdlib.h>

#include "load/aside.h"
#include "load/statements.h"

void set_aside(PGconn *conn, enum aside_kind what, const char *target, const char *name,
	       struct set_aside *aside)
{
	char *query = sql_statement(what == ASIDE_INDEXES ? "aside.indexes" : "aside.foreign-keys",
				    SQL_NO_ARGS);

	aside->sql = db_check(conn, PQexecParams(conn, query, 1, NULL, &target, NULL, NULL, 0),
			      name);
	free(query);
	aside->name = name;
	for (int i = 0; i < PQntuples(aside->sql); i++)
		PQclear(db_exec(conn, PQgetvalue(aside->sql, i, 0), name));
}

void aside_forget(struct set_aside *aside)
{
	PQclear(aside->sql);
	aside->sql = NULL;
}

/* Runs sql, a statement or nothing; NULL, or the failure (for the caller). */
static PGresult *try_statement(PGconn *conn, const char *sql)
{
	PGresult *res;

	if (!*sql)
		return NULL;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	return res;
}

PGresult *aside_try_put_back(PGconn *conn, struct set_aside *aside)
{
	static const int columns[] = { 2, 1, 3 }; /* before, the statement, after */
	PGresult *failed = NULL;

	for (int i = 0; i < PQntuples(aside->sql) && !failed; i++)
		for (size_t c = 0; c < 3 && !failed; c++)
			failed = try_statement(conn, PQgetvalue(aside->sql, i, columns[c]));
	aside_forget(aside);
	return failed;
}

void aside_put_back(PGconn *conn, struct set_aside *aside)
{
	const char *name = aside->name;
	PGresult *failed = aside_try_put_back(conn, aside);

	if (failed)
		db_die(conn, failed, name);
}
