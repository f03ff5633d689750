/* remote.h — many remote objects fetched at once, read in order.
 *
 * Up to `jobs` transfers run side by side through libcurl's multi
 * interface over reused connections, and objects ahead of the reader are
 * started early; yet the bytes come out object by object in list order,
 * the same as a serial run.  Memory is bounded: a transfer that has more
 * than REMOTE_BUFFER bytes waiting is paused until the reader catches up,
 * so a large object streams.  Failed transfers are retried by http.h's
 * policy, resuming with a Range request after a connection cut mid-body;
 * a failure that cannot be retried exits with the object's name. */
#ifndef SK_REMOTE_H
#define SK_REMOTE_H

#include <stddef.h>
#include <stdint.h>

#include "extract/aws.h"

enum { REMOTE_BUFFER = 1 << 20 };

struct fetcher;

/* names: s3:// or http(s):// URLs, in the order they will be read. */
struct fetcher *fetcher_new(const struct aws_config *c, char *const names[], size_t n, int jobs);
/* Up to cap bytes of object i, 0 at its end.  Objects are read in
 * increasing order, each to its end. */
size_t fetcher_read(struct fetcher *f, size_t i, char *buf, size_t cap);
void fetcher_free(struct fetcher *f);

#endif
