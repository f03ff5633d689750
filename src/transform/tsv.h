/* tsv.h — PostgreSQL COPY text format, written and read (SPEC §3).
 *
 * A row is fields separated by a tab and ended by a newline; NULL is \N;
 * backslash, tab, newline and carriage return inside a value are written
 * \\ \t \n \r.  The writer buffers whole rows in memory it owns and hands
 * them to write(2) in large blocks, so the hot path does no allocation. */
#ifndef SK_TSV_H
#define SK_TSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tsv_out {
	int fd;
	const char *name; /* for error messages: "stdout" or the file's path */
	char *buf;
	size_t len, cap;
	bool row_started;  /* a field was written since the last row end */
	bool whole_rows;   /* the buffer grows rather than flush part of a row */
	uint64_t rows;
};

/* The end-of-data line of COPY text, "\\." alone on a line.  sk's filters
 * end a stream with it only when they finished successfully, and sk-copyin
 * commits only a stream that ends with it: a producer that fails, is
 * killed or is cut off leaves a stream without it (SPEC §4). */
#define TSV_END_LINE "\\.\n"
enum { TSV_END_LINE_LEN = 3 };

/* Opens path for writing ("-" is stdout); exits on failure. */
void tsv_open(struct tsv_out *out, const char *path);
/* Opens path for appending, readable and writable by its owner only (mode
 * 0600, an existing file's too): for the rejects, which hold users' raw
 * records and to which every tool of one load adds its own. */
void tsv_open_private_append(struct tsv_out *out, const char *path);
/* Hands what is buffered to write(2) at once: for a writer opened by
 * tsv_open_private_append, a row flushed alone is one write, which
 * O_APPEND keeps whole beside other writers' rows. */
void tsv_flush(struct tsv_out *out);
/* Flushes, checks the close (a full disk is an error), frees. */
void tsv_close(struct tsv_out *out);

void tsv_text(struct tsv_out *out, const char *s, size_t n); /* escaped */
void tsv_raw(struct tsv_out *out, const char *s, size_t n);  /* known safe */
void tsv_null(struct tsv_out *out);
void tsv_int(struct tsv_out *out, int64_t v);
void tsv_end_row(struct tsv_out *out);
/* Writes the end-of-data line: the stream is complete. */
void tsv_end_data(struct tsv_out *out);
/* True when a line (without its newline) is the end-of-data line. */
bool tsv_is_end_line(const char *line, size_t len);
/* Exit 1, saying so: where (a source) ended without its end-of-data line;
 * where went on at line after its end-of-data line.  Every reader of COPY
 * text says these in the same words. */
_Noreturn void tsv_die_no_end_line(const char *where);
_Noreturn void tsv_die_after_end_line(const char *where, uint64_t line);

/* Reading: splits one line (without its newline) in place into at most
 * max fields; returns the number of fields found, which may exceed max
 * (the rest are not stored).  Values stay escaped: see tsv_unescape. */
size_t tsv_split(char *line, size_t len, char *fields[], size_t lens[], size_t max);
/* True when a field read by tsv_split is \N. */
bool tsv_is_null(const char *f, size_t n);
/* Undoes COPY escapes in place; returns the new length. */
size_t tsv_unescape(char *f, size_t n);

#endif
