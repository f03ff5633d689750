/* rowqueue.h — a row hook run on a thread of its own.
 *
 * The tally (load/tally.c) counts every play into hash tables far larger
 * than the caches: on sk-copyin's one thread, the server would wait for
 * its cache misses between the COPY's rows.  A row queue copies each row's fields into a
 * batch and hands full batches to a second thread, which calls the hook:
 * the encoder goes on feeding the COPY while the tally counts.  The hook
 * sees the rows in order, one at a time, as it would have. */
#ifndef SK_ROWQUEUE_H
#define SK_ROWQUEUE_H

#include "load/binary.h"

struct row_queue;

/* Starts the thread that will call hook(ctx, fields) for each row pushed,
 * rows of ncolumns fields of these types. */
struct row_queue *row_queue_start(binary_row_hook *hook, void *ctx, int ncolumns,
				  const enum column_type types[]);
/* A binary_row_hook: copies the row into the queue (queue: a row_queue). */
void row_queue_push(void *queue, const struct binary_field fields[]);
/* Hands over the last rows, waits until the hook has seen every one, and
 * frees the queue. */
void row_queue_finish(struct row_queue *q);

#endif
