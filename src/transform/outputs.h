/* outputs.h — the tables a filter writes: "-t NAME" to stdout, or any
 * number of "-o NAME=FILE" in one pass over the input. */
#ifndef SK_OUTPUTS_H
#define SK_OUTPUTS_H

#include <stdbool.h>

#include "transform/tsv.h"

enum { OUTPUTS_MAX = 8 };

struct outputs {
	const char *const *names; /* the tables this tool knows */
	int count;
	const char *paths[OUTPUTS_MAX]; /* NULL: not wanted; "-": stdout */
};

void outputs_init(struct outputs *o, const char *const *names, int count);
/* Parses -t's or -o's argument; exits 2 on an unknown table. */
void outputs_want(struct outputs *o, const char *arg, bool to_stdout);
/* When nothing was asked for, the first table goes to stdout.  Opens the
 * files; files[i] stays closed (buf NULL) for tables not wanted. */
void outputs_open(struct outputs *o, struct tsv_out files[]);
/* The wanted file of table i, or NULL. */
struct tsv_out *outputs_get(const struct outputs *o, struct tsv_out files[], int i);
/* After a successful run: ends each file with the end-of-data line (unless
 * end_line is false), then closes it. */
void outputs_close(const struct outputs *o, struct tsv_out files[], bool end_line);

#endif
