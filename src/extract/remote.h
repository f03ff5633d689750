/* remote.h — many remote objects fetched at once, read in order.
 *
 * Up to `jobs` transfers run side by side through libcurl's multi
 * interface over reused connections, and objects ahead of the reader are
 * started early; yet the bytes come out object by object in list order,
 * the same as a serial run.  Memory is bounded: a transfer that has more
 * than REMOTE_BUFFER bytes waiting is paused until the reader catches up,
 * so a large object streams.  Failed transfers are retried by http.h's
 * policy, resuming with a Range request after a connection cut mid-body;
 * a failure that cannot be retried exits with the object's name.
 *
 * Each object is read at one version: the one its listing gave (an S3
 * ETag), or else the one its first answer named.  Every request asks for
 * it (If-Match), and an answer of another version, refused by the server
 * (412) or named by its ETag (a server that ignores If-Match), exits
 * naming the object: its rows would be of a version the record does not
 * name, or a resumed transfer would join two versions. */
#ifndef SK_REMOTE_H
#define SK_REMOTE_H

#include <stddef.h>
#include <stdint.h>

#include "extract/aws.h"

enum { REMOTE_BUFFER = 1 << 20 };

struct fetcher;

struct remote_object {
	const char *name; /* an s3:// or http(s):// URL */
	const char *etag; /* the version listed, or NULL */
};

/* The objects in the order they will be read; they are not copied. */
struct fetcher *fetcher_new(const struct aws_config *c, const struct remote_object objects[],
			    size_t n, int jobs);
/* Up to cap bytes of object i, 0 at its end.  Objects are read in
 * increasing order, each to its end. */
size_t fetcher_read(struct fetcher *f, size_t i, char *buf, size_t cap);
void fetcher_free(struct fetcher *f);

#endif
