/* binary.h — COPY text rows turned into COPY binary, for the star's known
 * column types.  The text's numbers and timestamps are read here, once, in
 * a few instructions each, instead of by the server's input functions,
 * which are most of a COPY's server time (1.6 times more for songplays'
 * text than for the same rows in binary).  TSV stays the interface between
 * the tools; the format on the wire is sk-copyin's business.
 *
 * Accepted, per column type (sk's filters write nothing else):
 *   integer, bigint     [-]digits
 *   double precision    what strtod(3) reads: decimal, exponent, NaN, Infinity
 *   timestamp           YYYY-MM-DD HH:MM:SS[.ffffff] (or a 'T' between)
 *   text                COPY text, its backslash escapes undone
 * and \N for NULL.  Anything else ends the process with the line and the
 * column: such rows are for COPY text (sk-copyin --text). */
#ifndef SK_BINARY_H
#define SK_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load/db.h"

enum column_type { COLUMN_TEXT, COLUMN_INT4, COLUMN_INT8, COLUMN_FLOAT8, COLUMN_TIMESTAMP };

enum { BINARY_MAX_COLUMNS = 16 };

struct binary_copy {
	db_reader *read; /* the COPY text */
	void *ctx;
	const char *where;                         /* the table, for messages */
	const char *names[BINARY_MAX_COLUMNS];     /* the columns, for messages */
	enum column_type types[BINARY_MAX_COLUMNS];
	int ncolumns;
	char *in;        /* text read, in[pos..len) not encoded yet */
	size_t pos, len, cap;
	bool in_ended;
	char *out;       /* binary encoded, out[sent..used) not returned yet */
	size_t sent, used, out_cap;
	bool header_done, trailer_done;
	uint64_t line;
};

/* The type of a column by its SQL name ("timestamp without time zone",
 * "integer", ...); false for a type not encoded here. */
bool binary_column_type(const char *sql_type, enum column_type *type);
/* Starts encoding what read gives for the columns named, of these types. */
void binary_open(struct binary_copy *b, db_reader *read, void *ctx, const char *where,
		 const char *const names[], const enum column_type types[], int ncolumns);
/* A db_reader: the COPY binary stream, header to trailer. */
size_t binary_read(void *ctx, char *buf, size_t cap);
void binary_close(struct binary_copy *b);

#endif
