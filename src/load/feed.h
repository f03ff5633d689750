/* feed.h — one table's COPY data for sk-copyin: a file, a URL or stdin,
 * counted for the progress report, and readable a second time when a
 * direct COPY has to be retried as a merge (star.h).  A file or URL is
 * opened again; a pipe keeps a copy of what it reads in an unlinked
 * temporary file, so that it streams into the COPY as before and the
 * copy costs a second reading only when the merge needs one. */
#ifndef SK_FEED_H
#define SK_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/progress.h"
#include "extract/input.h"

struct feed {
	const char *path;
	struct input *in;        /* NULL once the spool replays */
	FILE *spool;             /* a pipe's copy, while kept */
	bool replaying;
	struct progress *progress;
	uint64_t rows, bytes;
};

void feed_open(struct feed *f, const char *path, struct progress *progress);
/* A db_reader: fills buf, returns 0 at the end. */
size_t feed_read(void *ctx, char *buf, size_t cap);
/* Called before the first read: makes the feed able to rewind (a pipe
 * starts its copy); false when it cannot (no temporary file). */
bool feed_replayable(void *ctx);
/* Back to the first byte: a pipe first copies what is left of it. */
void feed_rewind(void *ctx);
void feed_close(struct feed *f);

#endif
