/* statements.h — the load's SQL, kept as SQL: sql/load/FILE.sql holds
 * statements, each under a "-- name: NAME" line and asked for here as
 * "FILE.NAME" (yesql's way).  A statement's {placeholder}s (letters,
 * digits and '_' between braces) are filled by name: a quoted table, or a
 * fragment that another statement of the files is; lines that are only a
 * "--" comment are left out, so a fragment may sit anywhere in a line.
 *
 * The files are read from load/ in sk's SQL (common/files.h: $SK_SQL_DIR,
 * else beside the program), once each.  A missing file or statement, a placeholder
 * the caller did not fill, or a value for one the statement lacks ends the
 * tool (SK_EXIT_SYSTEM): each is a mistake in sk or its installation, not
 * in the data. */
#ifndef SK_STATEMENTS_H
#define SK_STATEMENTS_H

struct sql_arg {
	const char *name, *value;
};

/* A statement's arguments, as a compound literal ended by a NULL name:
 * SQL_ARGS({ "target", target }, { "stage", stage }). */
#define SQL_ARGS(...) ((const struct sql_arg[]){ __VA_ARGS__, { NULL, NULL } })
#define SQL_NO_ARGS ((const struct sql_arg[]){ { NULL, NULL } })

/* "FILE.NAME" with its placeholders filled; the caller frees it. */
char *sql_statement(const char *name, const struct sql_arg *args);

#endif
