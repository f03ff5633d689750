/* db.h — the PostgreSQL side, through libpq: connecting by libpq's own
 * conventions, running statements, and streaming COPY FROM STDIN the way
 * psql's copy.c does (large chunks, PQputCopyEnd with a message when the
 * input fails so the server aborts the COPY, then PQgetResult until the
 * command's final status).  Every failure exits with SK_EXIT_DATABASE and a
 * one-line "sk-NAME: where: message"; the server then rolls back the open
 * transaction as the connection closes. */
#ifndef SK_DB_H
#define SK_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load/statements.h"

/* conninfo NULL: DATABASE_URL, else libpq's PG* variables. */
PGconn *db_connect(const char *conninfo);
/* Returns res when it is a success; else exits with its error. */
PGresult *db_check(PGconn *conn, PGresult *res, const char *where);
/* Runs SQL (one or more statements); returns the last result (caller
 * clears it) or exits on error.  where names the table or file. */
PGresult *db_exec(PGconn *conn, const char *sql, const char *where);
/* Where COPY data comes from: fills buf, returns 0 at the end.  cap is at
 * least DB_READ_MIN: a reader may hold a few bytes back between calls. */
enum { DB_READ_MIN = 1 << 16 };
typedef size_t db_reader(void *ctx, char *buf, size_t cap);

/* Runs the load's statement "FILE.NAME" (statements.h) filled with args;
 * returns its last result (the caller clears it) or exits on error. */
PGresult *db_statement(PGconn *conn, const char *statement, const struct sql_arg *args,
		       const char *where);
/* The same, for a statement whose result is not read. */
void db_run(PGconn *conn, const char *statement, const struct sql_arg *args, const char *where);
/* The same for a statement without placeholders, on the bound parameters
 * $1, $2 ... (text). */
PGresult *db_statement_params(PGconn *conn, const char *statement, int nparams,
			      const char *const *params, const char *where);
/* Streams read's bytes to a COPY ... FROM STDIN statement; returns the rows
 * copied and adds the bytes sent to *bytes. */
uint64_t db_copy_in(PGconn *conn, const char *copy_sql, db_reader *read, void *ctx,
		    const char *where, uint64_t *bytes);
/* The same, but an error the server reports is returned (the caller clears
 * it) instead of ending the process, for a caller with a plan B; NULL when
 * the COPY succeeded, with its row count in *rows. */
PGresult *db_copy_try(PGconn *conn, const char *copy_sql, db_reader *read, void *ctx,
		      const char *where, uint64_t *bytes, uint64_t *rows);
/* Whether the table (quoted) has a row.  By "SELECT 1 ... LIMIT 1", not
 * NOT EXISTS (...): for the latter Citus would pull every row of a sharded
 * table to the coordinator, where each shard takes a LIMIT. */
bool db_has_rows(PGconn *conn, const char *quoted, const char *where);
/* Whether a failed result carries this SQLSTATE ("23505": unique_violation). */
bool db_failed_with(PGresult *res, const char *sqlstate);
/* Exits with res's error (or the connection's, for NULL). */
_Noreturn void db_die(PGconn *conn, PGresult *res, const char *where);
/* A quoted identifier for a possibly schema-qualified name ("s.t"); the
 * caller frees it with free(). */
char *db_quote_name(PGconn *conn, const char *name);
/* The quoted name of table in name's schema: ("s.songplays", "sk_x") gives
 * "s"."sk_x", ("songplays", "sk_x") "sk_x".  The caller frees it. */
char *db_quote_beside(PGconn *conn, const char *name, const char *table);

#endif
