#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "common/cli.h"
#include "common/err.h"
#include "extract/input.h"

enum codec { CODEC_PLAIN, CODEC_GZIP, CODEC_ZSTD };
enum { RAW_BUFSIZE = 1 << 17 };

const struct input_remote_ops *input_remote_ops;

struct input {
	const char *path;
	int fd;                  /* -1 for a remote object */
	struct input_list *list; /* a remote object's list, and its index there */
	size_t index;
	enum codec codec;
	char *raw;               /* compressed bytes waiting to be decoded */
	size_t raw_pos, raw_len;
	bool raw_eof;
	off_t raw_total;
	z_stream gz;
	bool gz_done;            /* last gzip member ended exactly at EOF */
	ZSTD_DStream *zs;
	size_t zs_hint;          /* 0 between frames */
	bool zs_full;            /* last call filled the output buffer */
};

void input_list_push(struct input_list *list, char *path)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 64;
		list->paths = sk_realloc(list->paths, list->cap * sizeof *list->paths);
		list->listed = sk_realloc(list->listed, list->cap * sizeof *list->listed);
	}
	list->listed[list->count] = (struct input_listed){ 0 };
	list->paths[list->count++] = path;
}

int input_local_version(const struct stat *st, char *buf, size_t cap)
{
	return snprintf(buf, cap, "mtime:%lld.%09ld", (long long)st->st_mtim.tv_sec,
			st->st_mtim.tv_nsec);
}

void input_check_listed(const struct input_list *list, size_t i)
{
	const struct input_listed *l = &list->listed[i];
	char now[48];
	struct stat st;

	if (!l->known || !l->version || strncmp(l->version, "mtime:", 6) != 0)
		return; /* an S3 object's ETag, or no listing */
	if (stat(list->paths[i], &st) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: gone while it was read:", list->paths[i]);
	input_local_version(&st, now, sizeof now);
	if ((uint64_t)st.st_size != l->size || strcmp(now, l->version) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: changed since it was listed (%llu bytes, %s; now %llu "
		       "bytes, %s): nothing of it is loaded, load again", list->paths[i],
		       (unsigned long long)l->size, l->version, (unsigned long long)st.st_size, now);
}

static char *join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = sk_malloc(dl + nl + 2);

	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	if (dl > 0 && dir[dl - 1] == '/')
		memmove(p + dl, p + dl + 1, nl + 1);
	return p;
}

static void walk(struct input_list *list, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot open directory:", dir);
	while ((errno = 0, e = readdir(d)) != NULL) {
		struct stat st;
		char *path;
		if (e->d_name[0] == '.')
			continue; /* ".", "..", and hidden files such as .DS_Store */
		path = join_path(dir, e->d_name);
		if (stat(path, &st) != 0)
			sk_die(SK_EXIT_SYSTEM, "%s:", path);
		if (S_ISDIR(st.st_mode)) {
			walk(list, path);
			free(path);
		} else if (S_ISREG(st.st_mode)) {
			input_list_push(list, path);
		} else {
			free(path);
		}
	}
	if (errno)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot read directory:", dir);
	closedir(d);
}

bool input_is_remote(const char *path)
{
	return strncmp(path, "s3://", 5) == 0 || strncmp(path, "http://", 7) == 0 ||
	       strncmp(path, "https://", 8) == 0;
}

struct input_sources input_sources_of(const struct cli_common *opt, char *const names[],
				      size_t count)
{
	return (struct input_sources){ .names = names, .count = count,
				       .files_from = opt->files_from,
				       .allow_empty = opt->allow_empty };
}

/* A source that names nothing is most likely a typo: say so, by name. */
void input_found(const char *source, size_t count, bool allow_empty)
{
	if (count == 0 && !allow_empty)
		sk_die(SK_EXIT_SYSTEM, "%s: no objects (--allow-empty takes it as empty)", source);
}

/* A remote source in a tool that reads none: say where such data comes in. */
static const struct input_remote_ops *remote_ops(const char *source)
{
	if (!input_remote_ops)
		sk_die(SK_EXIT_USAGE, "%s: %s reads files and stdin only "
		       "(pipe a remote object in: aws s3 cp URL - | %s)", source, sk_progname,
		       sk_progname);
	return input_remote_ops;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A name as sk-fetch --list writes it (COPY text): its escapes undone. */
static size_t unescape_name(char *s, size_t n)
{
	static const char from[] = "tnr\\", to[] = "\t\n\r\\";
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		const char *e = s[i] == '\\' && i + 1 < n ? strchr(from, s[i + 1]) : NULL;
		s[o++] = e ? to[e - from] : s[i];
		i += e != NULL;
	}
	return o;
}

/* A --files-from file being read: a listing's rows (name, size and
 * version, tab-separated, as sk-fetch --list and sk-copyin --unloaded
 * write them) end with the end-of-data line, so that a cut listing is
 * refused; a plain list of names may end with one. */
struct names_file {
	const char *path;
	size_t line;
	bool listing, ended;
};

/* One line of it: the name it gives, in place, or NULL for none. */
static char *name_of_line(struct names_file *nf, char *line, size_t *len)
{
	nf->line++;
	if (nf->ended)
		sk_die(SK_EXIT_DATA, "%s:%zu: data after the end-of-data line \\.", nf->path,
		       nf->line);
	if (strcmp(line, "\\.\n") == 0 || strcmp(line, "\\.") == 0) {
		nf->ended = true;
		return NULL;
	}
	*len = strcspn(line, "\t\n");
	nf->listing |= line[*len] == '\t';
	return *len > 0 ? line : NULL;
}

/* A listing row's size and version, after its name: "SIZE\tVERSION...". */
static void note_listed(struct input_listed *l, const char *fields)
{
	char *end;
	size_t vlen;

	l->size = strtoull(fields, &end, 10);
	if (end == fields || *end != '\t')
		return;
	vlen = strcspn(end + 1, "\t\n");
	l->version = sk_strndup(end + 1, vlen);
	l->known = true;
}

/* The objects named in the file, one a line (its first field, so that
 * sk-fetch --list's output serves as it is), taken as they are: no
 * directory walked, no prefix listed. */
static void push_files_from(struct input_list *list, const char *files_from)
{
	FILE *f = strcmp(files_from, "-") == 0 ? stdin : fopen(files_from, "r");
	struct names_file nf = { .path = files_from };
	char *line = NULL, *name;
	size_t cap = 0, len = 0;

	if (!f)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot open:", files_from);
	while (getline(&line, &cap, f) > 0) {
		if (!(name = name_of_line(&nf, line, &len)))
			continue;
		if (input_is_remote(name))
			remote_ops(name);
		input_list_push(list, sk_strndup(name, unescape_name(name, len)));
		if (name[len] == '\t')
			note_listed(&list->listed[list->count - 1], name + len + 1);
	}
	if (ferror(f))
		sk_die(SK_EXIT_SYSTEM, "%s: read error:", files_from);
	if (nf.listing && !nf.ended)
		sk_die(SK_EXIT_DATA, "%s: a listing without its end-of-data line \\.: cut short "
		       "(its lister failed or was killed, or it was copied in part)", files_from);
	free(line);
	if (f != stdin)
		fclose(f);
}

/* Appends the objects one source names. */
static void push_source(struct input_list *list, char *source)
{
	struct stat st;
	size_t first = list->count;

	if (strcmp(source, "-") == 0) {
		input_list_push(list, sk_strndup("-", 1));
		return;
	}
	if (input_is_remote(source)) {
		remote_ops(source)->expand(list, source);
		input_found(source, list->count - first, list->allow_empty);
		return;
	}
	if (stat(source, &st) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s:", source);
	if (!S_ISDIR(st.st_mode)) {
		input_list_push(list, sk_strndup(source, strlen(source)));
		return;
	}
	walk(list, source);
	/* Sorted as whole paths, so that the order is the one an S3 listing
	 * of the same keys would give. */
	if (list->count > first) /* an empty list may have no array yet */
		qsort(list->paths + first, list->count - first, sizeof *list->paths,
		      compare_paths);
	input_found(source, list->count - first, list->allow_empty);
}

void input_list_expand(struct input_list *list, const struct input_sources *sources)
{
	memset(list, 0, sizeof *list);
	list->allow_empty = sources->allow_empty;
	if (sources->files_from)
		push_files_from(list, sources->files_from);
	else if (sources->count == 0)
		input_list_push(list, sk_strndup("-", 1));
	for (size_t i = 0; i < sources->count; i++)
		push_source(list, sources->names[i]);
}

void input_list_free(struct input_list *list)
{
	size_t i;

	if (list->remote)
		input_remote_ops->free(list);
	for (i = 0; i < list->count; i++) {
		free(list->paths[i]);
		free(list->listed[i].version);
	}
	free(list->paths);
	free(list->listed);
	memset(list, 0, sizeof *list);
}

/* Reads up to cap bytes of the object, from the remote fetcher or the file,
 * into at; notes the total and the end.  Returns the count, 0 at the end. */
static size_t read_source(struct input *in, char *at, size_t cap)
{
	ssize_t n;

	if (in->fd < 0)
		n = (ssize_t)input_remote_ops->read(in->list, in->index, at, cap);
	else
		do
			n = read(in->fd, at, cap);
		while (n < 0 && errno == EINTR);
	if (n < 0)
		sk_die(SK_EXIT_SYSTEM, "%s: read error:", in->path);
	in->raw_total += n;
	in->raw_eof = n == 0;
	return (size_t)n;
}

/* Appends up to cap raw bytes at in->raw + in->raw_len. */
static size_t raw_read(struct input *in, size_t cap)
{
	size_t n = read_source(in, in->raw + in->raw_len, cap);

	in->raw_len += n;
	return n;
}

/* Tops up the raw buffer; false at the end of the object. */
static bool fill_raw(struct input *in)
{
	if (in->raw_pos < in->raw_len)
		return true;
	if (in->raw_eof)
		return false;
	in->raw_pos = in->raw_len = 0;
	return raw_read(in, RAW_BUFSIZE) > 0;
}

static enum codec sniff(struct input *in)
{
	const unsigned char *b = (const unsigned char *)in->raw;

	/* A short first read is possible on a pipe; read until 4 bytes or EOF. */
	while (in->raw_len < 4 && !in->raw_eof)
		raw_read(in, RAW_BUFSIZE - in->raw_len);
	if (in->raw_len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return CODEC_GZIP;
	if (in->raw_len >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
		return CODEC_ZSTD;
	return CODEC_PLAIN;
}

/* Opens a local path, or object `index` of a remote `list`. */
static struct input *open_raw(const char *path, struct input_list *list, size_t index)
{
	struct input *in = sk_malloc(sizeof *in);

	memset(in, 0, sizeof *in);
	in->path = path;
	in->list = list;
	in->index = index;
	if (list)
		in->fd = -1;
	else if (strcmp(path, "-") == 0)
		in->fd = STDIN_FILENO;
	else if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot open:", path);
	in->raw = sk_malloc(RAW_BUFSIZE);
	in->codec = sniff(in);
	if (in->codec == CODEC_GZIP && inflateInit2(&in->gz, 15 + 16) != Z_OK)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot start gzip decoder", path);
	if (in->codec == CODEC_ZSTD && !(in->zs = ZSTD_createDStream()))
		sk_die(SK_EXIT_SYSTEM, "%s: cannot start zstd decoder", path);
	return in;
}

struct input *input_open(struct input_list *list, size_t i)
{
	if (!input_is_remote(list->paths[i]))
		return open_raw(list->paths[i], NULL, 0);
	return open_raw(list->paths[i], list, i);
}

struct input *input_open_path(const char *path)
{
	return open_raw(path, NULL, 0);
}

static size_t read_plain(struct input *in, char *buf, size_t cap)
{
	size_t n;

	/* Once the sniffed bytes are gone, large reads skip the raw buffer. */
	if (in->raw_pos == in->raw_len && !in->raw_eof && cap >= RAW_BUFSIZE)
		return read_source(in, buf, cap);

	if (!fill_raw(in))
		return 0;
	n = in->raw_len - in->raw_pos < cap ? in->raw_len - in->raw_pos : cap;
	memcpy(buf, in->raw + in->raw_pos, n);
	in->raw_pos += n;
	return n;
}

/* gzip files may hold several members back to back (cat a.gz b.gz).  The
 * decoder may still hold output when the raw bytes run out, so it is called
 * once more with no input before the stream is judged truncated. */
static size_t read_gzip(struct input *in, char *buf, size_t cap)
{
	in->gz.next_out = (unsigned char *)buf;
	in->gz.avail_out = (unsigned)cap;
	while (in->gz.avail_out == cap) {
		bool more = fill_raw(in);
		int rc;
		if (!more && in->gz_done)
			break;
		if (more && in->gz_done) { /* another member follows */
			inflateReset(&in->gz);
			in->gz_done = false;
		}
		in->gz.next_in = (unsigned char *)in->raw + in->raw_pos;
		in->gz.avail_in = (unsigned)(in->raw_len - in->raw_pos);
		rc = inflate(&in->gz, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->gz.avail_in;
		if (rc == Z_STREAM_END)
			in->gz_done = true;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			sk_die(SK_EXIT_SYSTEM, "%s: corrupt gzip data (%s)", in->path,
			       in->gz.msg ? in->gz.msg : "inflate failed");
		if (!more && !in->gz_done && in->gz.avail_out == cap)
			sk_die(SK_EXIT_SYSTEM, "%s: truncated gzip data", in->path);
	}
	return cap - in->gz.avail_out;
}

/* zstd decodes consecutive frames by itself; a frame is complete when the
 * decoder's hint is 0. */
static size_t read_zstd(struct input *in, char *buf, size_t cap)
{
	ZSTD_outBuffer out = { buf, cap, 0 };

	while (out.pos == 0) {
		bool more = fill_raw(in);
		ZSTD_inBuffer src = { in->raw + in->raw_pos, in->raw_len - in->raw_pos, 0 };
		size_t hint;
		if (!more && !in->zs_full)
			break;
		hint = ZSTD_decompressStream(in->zs, &out, &src);
		in->raw_pos += src.pos;
		if (ZSTD_isError(hint))
			sk_die(SK_EXIT_SYSTEM, "%s: corrupt zstd data (%s)", in->path,
			       ZSTD_getErrorName(hint));
		in->zs_hint = hint;
		in->zs_full = out.pos == out.size; /* it may hold more output */
	}
	if (out.pos == 0 && in->zs_hint != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: truncated zstd data", in->path);
	return out.pos;
}

size_t input_read(struct input *in, char *buf, size_t cap)
{
	switch (in->codec) {
	case CODEC_GZIP: return read_gzip(in, buf, cap);
	case CODEC_ZSTD: return read_zstd(in, buf, cap);
	default: return read_plain(in, buf, cap);
	}
}

off_t input_raw_bytes(const struct input *in)
{
	return in->raw_total;
}

void input_close(struct input *in)
{
	if (in->codec == CODEC_GZIP)
		inflateEnd(&in->gz);
	if (in->zs)
		ZSTD_freeDStream(in->zs);
	if (in->fd >= 0 && in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->raw);
	free(in);
}
