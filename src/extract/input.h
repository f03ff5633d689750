/* input.h — the sources a tool reads, as one byte stream per object.
 *
 * A source is a file, a directory (every regular file under it, recursively,
 * in sorted path order, hidden names skipped), "-" for stdin (SPEC §1), or
 * a remote source in a tool that reads them (below).
 * Each object is decompressed on the fly when its first bytes are a gzip or
 * zstd frame, whatever its name says. */
#ifndef SK_INPUT_H
#define SK_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cli_common;
struct remote_sources;

/* What a tool is asked to read, as its command line says. */
struct input_sources {
	char *const *names;     /* the sources; none means stdin */
	size_t count;
	/* A file (or "-") naming objects to read, one a line, before the
	 * sources (--files-from): taken as they are, no directory walked
	 * and no prefix listed; an s3:// name is one object. */
	const char *files_from;
	/* A directory or prefix that names no object is an error unless
	 * this is set (--allow-empty). */
	bool allow_empty;
};

/* The sources as the options common to every tool set them. */
struct input_sources input_sources_of(const struct cli_common *opt, char *const names[],
				      size_t count);

/* What a listing said of an object (--files-from of sk-fetch --list's
 * rows): its size and version, which a local file must still have when
 * it has been read. */
struct input_listed {
	bool known;
	uint64_t size;
	char *version;
};

/* The objects named by the sources, in the order they are to be read. */
struct input_list {
	char **paths;
	struct input_listed *listed; /* per path */
	size_t count, cap;
	bool allow_empty;              /* as the sources said */
	struct remote_sources *remote; /* the remote objects' state, or NULL */
};

/* Expands the sources: local paths, and in a tool that reads them,
 * s3://bucket/prefix and http(s):// URLs.  Exits on a source that does
 * not exist, or names nothing and may not. */
void input_list_expand(struct input_list *list, const struct input_sources *sources);
void input_list_push(struct input_list *list, char *path);
void input_list_free(struct input_list *list);

/* How s3:// and http(s):// sources are read, in a tool that reads them:
 * it installs these by input_enable_remote() (extract/remote_input.h).
 * A tool that does not links no HTTP client and refuses such a source,
 * naming it. */
struct input_remote_ops {
	/* Appends the objects a remote source names to the list. */
	void (*expand)(struct input_list *list, const char *source);
	/* Up to cap bytes of remote object i, 0 at its end. */
	size_t (*read)(struct input_list *list, size_t i, char *buf, size_t cap);
	/* Frees list->remote. */
	void (*free)(struct input_list *list);
};
extern const struct input_remote_ops *input_remote_ops;
/* A local file's version, as a listing gives it: "mtime:SECONDS.NANOS". */
struct stat;
int input_local_version(const struct stat *st, char *buf, size_t cap);
/* Exits, naming it, when object i was listed and is a local file that is
 * no longer the size or version listed: it changed while it was read. */
void input_check_listed(const struct input_list *list, size_t i);

/* Exits, naming the source, when it names no object and may not. */
void input_found(const char *source, size_t count, bool allow_empty);
/* s3://, http:// or https://. */
bool input_is_remote(const char *path);

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
