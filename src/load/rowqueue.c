#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/rowqueue.h"

/* Rows go over in batches, so that the threads meet once per 4,096 rows,
 * not once a row; three batches let one fill while one is counted. */
enum { BATCH_ROWS = 4096, BATCHES = 3, BATCH_TEXT = BATCH_ROWS * 256 };

/* Rows copied out of the encoder's buffer: their fields, text in bytes. */
struct batch {
	struct binary_field *fields; /* BATCH_ROWS rows of ncolumns */
	char *bytes;
	size_t rows, used, cap;
};

/* The batches from first on, nfull of them, are the thread's; the one
 * after them is being filled.  lock guards first, nfull and done. */
struct row_queue {
	binary_row_hook *hook;
	void *ctx;
	int ncolumns;
	enum column_type types[BINARY_MAX_COLUMNS];
	struct batch batches[BATCHES];
	size_t filling, first, nfull;
	bool done;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	pthread_t thread;
};

static void *consume(void *arg)
{
	struct row_queue *q = arg;

	for (;;) {
		struct batch *b;
		pthread_mutex_lock(&q->lock);
		while (q->nfull == 0 && !q->done)
			pthread_cond_wait(&q->changed, &q->lock);
		if (q->nfull == 0) {
			pthread_mutex_unlock(&q->lock);
			return NULL;
		}
		b = &q->batches[q->first];
		pthread_mutex_unlock(&q->lock);
		for (size_t r = 0; r < b->rows; r++)
			q->hook(q->ctx, b->fields + r * (size_t)q->ncolumns);
		pthread_mutex_lock(&q->lock);
		q->first = (q->first + 1) % BATCHES;
		q->nfull--;
		pthread_cond_broadcast(&q->changed);
		pthread_mutex_unlock(&q->lock);
	}
}

struct row_queue *row_queue_start(binary_row_hook *hook, void *ctx, int ncolumns,
				  const enum column_type types[])
{
	struct row_queue *q = sk_calloc(1, sizeof *q);

	q->hook = hook;
	q->ctx = ctx;
	q->ncolumns = ncolumns;
	memcpy(q->types, types, (size_t)ncolumns * sizeof *types);
	for (int i = 0; i < BATCHES; i++) {
		q->batches[i].fields = sk_malloc(BATCH_ROWS * (size_t)ncolumns * sizeof(struct binary_field));
		q->batches[i].bytes = sk_malloc(q->batches[i].cap = BATCH_TEXT);
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->changed, NULL);
	if (pthread_create(&q->thread, NULL, consume, q) != 0)
		sk_die(SK_EXIT_SYSTEM, "cannot start the tally's thread");
	return q;
}

/* The batch being filled goes to the thread; the producer waits for a
 * free one if the thread is two batches behind. */
static struct batch *hand_over(struct row_queue *q)
{
	struct batch *b;

	pthread_mutex_lock(&q->lock);
	q->nfull++;
	pthread_cond_broadcast(&q->changed);
	while (q->nfull == BATCHES)
		pthread_cond_wait(&q->changed, &q->lock);
	q->filling = (q->first + q->nfull) % BATCHES;
	pthread_mutex_unlock(&q->lock);
	b = &q->batches[q->filling];
	b->rows = b->used = 0;
	return b;
}

static size_t text_bytes(const struct row_queue *q, const struct binary_field fields[])
{
	size_t n = 0;

	for (int c = 0; c < q->ncolumns; c++)
		if (q->types[c] == COLUMN_TEXT && !fields[c].null)
			n += fields[c].n;
	return n;
}

void row_queue_push(void *queue, const struct binary_field fields[])
{
	struct row_queue *q = queue;
	struct batch *b = &q->batches[q->filling];
	size_t text = text_bytes(q, fields);
	struct binary_field *row;

	if (b->used + text > b->cap) {
		if (b->rows)
			b = hand_over(q);
		if (text > b->cap) /* an empty batch: no row points into it */
			b->bytes = sk_realloc(b->bytes, b->cap = 2 * text);
	}
	row = b->fields + b->rows * (size_t)q->ncolumns;
	memcpy(row, fields, (size_t)q->ncolumns * sizeof *row);
	for (int c = 0; c < q->ncolumns; c++)
		if (q->types[c] == COLUMN_TEXT && !row[c].null) {
			memcpy(b->bytes + b->used, row[c].s, row[c].n);
			row[c].s = b->bytes + b->used;
			b->used += row[c].n;
		}
	if (++b->rows == BATCH_ROWS)
		hand_over(q);
}

void row_queue_finish(struct row_queue *q)
{
	pthread_mutex_lock(&q->lock);
	if (q->batches[q->filling].rows)
		q->nfull++;
	q->done = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->changed);
	for (int i = 0; i < BATCHES; i++) {
		free(q->batches[i].fields);
		free(q->batches[i].bytes);
	}
	free(q);
}
