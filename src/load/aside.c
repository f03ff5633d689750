#include "load/aside.h"

/* The target's foreign keys: how to drop one, add it back, and what to run
 * before and after adding it.  A key that refers to a table about as large
 * as the target (the plays' start_time: a row of time each) is validated
 * with the planner's hash join off, decided when it is put back, once the
 * rows are in and counted (building a table's keys counts its rows): the
 * hash of the whole referred table spills to disk in batches, where a
 * merge join reads the referred key's index in order and sorts rows that
 * mostly came in order (1.04 s against 0.53 s for 1.55M plays).  Each is
 * a statement of its own: Citus refuses several in one string. */
static const char foreign_keys_sql[] =
	"SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', $1::text, conname),"
	" format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1::text, conname,"
	" pg_get_constraintdef(oid)),"
	" format('SELECT set_config(''enable_hashjoin'', ''off'', true)"
	" WHERE (SELECT reltuples FROM pg_class WHERE oid = %L::regclass) * 2 >="
	" (SELECT reltuples FROM pg_class WHERE oid = %L::regclass)',"
	" confrelid::regclass::text, conrelid::regclass::text),"
	" format('SET LOCAL enable_hashjoin = %s', current_setting('enable_hashjoin'))"
	" FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname";

/* The target's indexes, with the constraints they back, but those another
 * table's foreign key needs.  Rows COPYed into a table without indexes and
 * indexed after in one sort load several times faster than rows that each
 * find their place in every index (21.4 s against 8.0 s for 2M songplays,
 * whose unique key comes in no order); a duplicate key then fails the
 * unique index's build instead of the COPY. */
static const char indexes_sql[] =
	"SELECT CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)"
	" ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', $1::text, c.conname) END,"
	" CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)"
	" ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1::text, c.conname,"
	" pg_get_constraintdef(c.oid)) END, NULL, NULL"
	" FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid"
	" AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')"
	" WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint f"
	" WHERE f.contype = 'f' AND f.conindid = i.indexrelid)"
	" ORDER BY i.indisprimary DESC, i.indexrelid";

void set_aside(PGconn *conn, enum aside_kind what, const char *target, const char *name,
	       struct set_aside *aside)
{
	const char *query = what == ASIDE_INDEXES ? indexes_sql : foreign_keys_sql;

	aside->sql = db_check(conn, PQexecParams(conn, query, 1, NULL, &target, NULL, NULL, 0),
			      name);
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
