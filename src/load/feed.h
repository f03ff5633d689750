/* feed.h — one table's COPY data for sk-copyin: one or more files, URLs or
 * stdin, read one after the other as one stream, counted for the progress
 * report, and readable a second time when a direct COPY has to be retried
 * as a merge (star.h).  Files and URLs are opened again; a pipe has what
 * the COPY was sent kept in an unlinked temporary file, so that it streams
 * into the COPY as before and the copy costs a second reading only when
 * the merge needs one.
 *
 * Each part is complete when it ends with the end-of-data line (tsv.h).
 * The line itself is not sent: the server would take the first one as the
 * end of everything.  A part that ends without it (when one is needed), or
 * goes on after it, ends the process with a message before the COPY can
 * finish, so its transaction commits nothing. */
#ifndef SK_FEED_H
#define SK_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/progress.h"
#include "extract/input.h"
#include "transform/tsv.h"

struct feed {
	char *const *paths;      /* the parts, read in this order */
	size_t count, next;      /* next: the part after the open one */
	bool need_end_line;
	struct input *in;        /* the open part; NULL once the spool replays */
	FILE *spool;             /* a pipe's stream as sent, while kept */
	bool replaying;
	struct progress *progress;
	uint64_t rows, bytes;
	/* The part's last bytes are held back until it is known whether they
	 * are its end-of-data line. */
	char held[TSV_END_LINE_LEN];
	size_t nheld;
	char before;             /* the byte before held[]: '\n' at a start */
	bool ended;              /* held[] is the part's end-of-data line */
	bool started;            /* the first part opened */
};

void feed_open(struct feed *f, char *const paths[], size_t count, bool need_end_line,
	       struct progress *progress);
/* The same, its first part opened (its writer waited for) by the first
 * read: for a feed read on another thread (star_count_ahead). */
void feed_open_later(struct feed *f, char *const paths[], size_t count, bool need_end_line,
		     struct progress *progress);
/* A db_reader: fills buf (DB_READ_MIN at least), returns 0 at the end. */
size_t feed_read(void *ctx, char *buf, size_t cap);
/* Called before the first read: makes the feed able to rewind (a pipe
 * starts its copy); false when it cannot (no temporary file). */
bool feed_replayable(void *ctx);
/* Back to the first byte: a pipe first copies what is left of it. */
void feed_rewind(void *ctx);
void feed_close(struct feed *f);

#endif
