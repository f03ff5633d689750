/* tables.h — the tables sk's filters write and sk-copyin loads, each
 * described once: its TSV columns in order, with their PostgreSQL types.
 *
 * sk-copyin's staging tables, COPY column lists and binary encoding are
 * made from these; the writers (events.c, catalog.c, sk-time) write their
 * fields in this order, and the tests hold the filters' output, their
 * usage and man pages, and sql/schema.sql to it (tests/tables.sh). */
#ifndef SK_TABLES_H
#define SK_TABLES_H

#include <stdbool.h>

enum { TABLE_MAX_COLUMNS = 16 };

struct table_column {
	const char *name;
	const char *type;   /* as PostgreSQL's format_type() names it */
	bool tsv_only;      /* in the TSV, not a column of the table:
			     * users' ts and item_in_session, which decide
			     * the newest event */
};

struct table_def {
	const char *output;  /* the filter's -t name */
	const char *table;   /* where sk-copyin loads it */
	bool counted_only;   /* no table of its own: counted into the table */
	int ncolumns;
	struct table_column columns[TABLE_MAX_COLUMNS];
};

extern const struct table_def table_songplays, table_users, table_songs, table_artists,
	table_lookup, table_time, table_unresolved;

/* Every description, ended by NULL. */
extern const struct table_def *const tables_all[];

/* The columns as SQL lists them: "a, b, ..." (names) or "a type, b type,
 * ..." (typed, for a CREATE TABLE), after first when it is not NULL.  The
 * caller frees it. */
char *table_column_list(const struct table_def *def, const char *first, bool typed);

/* The description loaded into table (an unqualified name), or NULL. */
const struct table_def *table_loaded_into(const char *table);

#endif
