/* remote_input.h — s3:// and http(s):// sources for input.h's lists.
 *
 * A tool that reads remote sources calls input_enable_remote() before it
 * expands any; only such a tool links this module, and with it libcurl.
 * An S3 prefix becomes its objects in key order (s3.h); the list's remote
 * objects are fetched side by side, ahead of the reader (remote.h). */
#ifndef SK_REMOTE_INPUT_H
#define SK_REMOTE_INPUT_H

#include <stdbool.h>

/* How remote objects are fetched: sk-fetch's options set it, the other
 * tools take the defaults. */
struct input_remote {
	int jobs;        /* transfers at once */
	bool no_sign;    /* anonymous requests (--no-sign-request) */
	long timeout;    /* seconds without a byte before a transfer is dropped */
};

struct input_remote input_remote_defaults(bool no_sign);
/* Kept for every list expanded after it. */
void input_enable_remote(const struct input_remote *how);

#endif
