/* input.h — the sources a tool reads, as one byte stream per object.
 *
 * A source is a file, a directory (every regular file under it, recursively,
 * in sorted path order, hidden names skipped) or "-" for stdin (SPEC §1).
 * Each object is decompressed on the fly when its first bytes are a gzip or
 * zstd frame, whatever its name says. */
#ifndef SK_INPUT_H
#define SK_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How remote objects are fetched; sk-fetch's options set it. */
struct input_remote {
	int jobs;        /* transfers at once */
	bool no_sign;    /* anonymous requests */
};
extern struct input_remote input_remote;

struct fetcher;
struct aws_config;

/* The objects named by the sources, in the order they are to be read. */
struct input_list {
	char **paths;
	size_t count, cap;
	struct aws_config *aws;   /* loaded at the first remote source */
	struct fetcher *remote;   /* fetches the remote objects, started lazily */
	size_t *remote_index;     /* per object: its index in remote, or SIZE_MAX */
};

/* Expands the command line's sources (none means stdin): local paths,
 * s3://bucket/prefix (listed, see s3.h) and http(s):// URLs.  Exits on a
 * source that does not exist. */
void input_list_expand(struct input_list *list, char *const sources[], size_t n);
void input_list_free(struct input_list *list);

struct input; /* one open object */

/* Opens object i of the list. */
struct input *input_open(struct input_list *list, size_t i);
/* Opens a local file, or stdin for "-". */
struct input *input_open_path(const char *path);
/* Reads up to cap decompressed bytes: >0 bytes, 0 at the end; on a read or
 * decompression error, exits with a message naming the object. */
size_t input_read(struct input *in, char *buf, size_t cap);
/* Compressed (raw) bytes consumed so far, for progress reports. */
off_t input_raw_bytes(const struct input *in);
void input_close(struct input *in);

#endif
