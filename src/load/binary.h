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

/* COPY binary written field by field: the encoder's output below, and the
 * rows a load computes itself (load/tally.c).  Timestamps are bigints of
 * microseconds since 2000-01-01, dates integers of days since then. */
struct binary_writer {
	char *out;
	size_t used, cap;
};

/* Opens with the signature and header written. */
void binary_writer_open(struct binary_writer *w);
void binary_writer_row(struct binary_writer *w, int ncolumns);
void binary_writer_int4(struct binary_writer *w, int32_t v);
void binary_writer_int8(struct binary_writer *w, int64_t v);
/* s NULL: a NULL. */
void binary_writer_text(struct binary_writer *w, const char *s, size_t n);
/* The trailer: no more rows. */
void binary_writer_end(struct binary_writer *w);
void binary_writer_close(struct binary_writer *w);

/* One field of a row the encoder read: integers and timestamps in i, text
 * (its escapes undone) in s[0..n), valid during the call that gets it. */
struct binary_field {
	bool null;
	int64_t i;
	const char *s;
	size_t n;
};

/* Called with each row's fields as it is encoded (see binary_observe). */
typedef void binary_row_hook(void *ctx, const struct binary_field fields[]);

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
	struct binary_writer w; /* binary encoded, w.out[sent..w.used) not returned yet */
	size_t sent;
	bool trailer_done;
	uint64_t line;
	struct binary_field fields[BINARY_MAX_COLUMNS]; /* the row being encoded */
	size_t text_at[BINARY_MAX_COLUMNS];             /* its text fields in w.out */
	binary_row_hook *hook;
	void *hook_ctx;
	bool numbered;          /* a first column of row numbers, next_number on */
	int64_t next_number;
};

/* The type of a column by its SQL name ("timestamp without time zone",
 * "integer", ...); false for a type not encoded here. */
bool binary_column_type(const char *sql_type, enum column_type *type);
/* Starts encoding what read gives for the columns named, of these types. */
void binary_open(struct binary_copy *b, db_reader *read, void *ctx, const char *where,
		 const char *const names[], const enum column_type types[], int ncolumns);
/* Has hook see every row encoded from now on, with ctx. */
void binary_observe(struct binary_copy *b, binary_row_hook *hook, void *ctx);
/* Writes a bigint column before the text's, first, first + 1, ...: the
 * values of an identity column that a COPY into an empty table would
 * otherwise draw from its sequence, a nextval a row (a quarter of the
 * songplays COPY's server time). */
void binary_number_rows(struct binary_copy *b, int64_t first);
/* A db_reader: the COPY binary stream, header to trailer. */
size_t binary_read(void *ctx, char *buf, size_t cap);
void binary_close(struct binary_copy *b);

#endif
