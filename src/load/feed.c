#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "load/feed.h"

void feed_open(struct feed *f, const char *path, struct progress *progress)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	f->in = input_open_path(path);
	f->progress = progress;
}

static void keep(struct feed *f, const char *buf, size_t n)
{
	if (fwrite(buf, 1, n, f->spool) != n)
		sk_die(SK_EXIT_SYSTEM, "%s: temporary copy for a second reading: write error:",
		       f->path);
}

static size_t read_raw(struct feed *f, char *buf, size_t cap)
{
	size_t n;

	if (f->replaying) {
		n = fread(buf, 1, cap, f->spool);
		if (n == 0 && ferror(f->spool))
			sk_die(SK_EXIT_SYSTEM, "%s: temporary copy: read error:", f->path);
		return n;
	}
	n = input_read(f->in, buf, cap);
	if (f->spool)
		keep(f, buf, n);
	return n;
}

size_t feed_read(void *ctx, char *buf, size_t cap)
{
	struct feed *f = ctx;
	size_t n = read_raw(f, buf, cap);

	f->bytes += n;
	if (f->progress->on) {
		for (const char *p = buf; (p = memchr(p, '\n', n - (size_t)(p - buf))); p++)
			f->rows++;
		progress_tick(f->progress, f->rows, f->bytes);
	}
	return n;
}

/* A regular file or a remote object can be opened again; stdin or a pipe
 * (<(cmd), a FIFO) cannot. */
static bool can_reopen(const char *path)
{
	struct stat st;

	if (strstr(path, "://"))
		return true;
	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* An unlinked file in TMPDIR (glibc's tmpfile() looks only in /tmp), or
 * NULL. */
static FILE *temporary_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *file = NULL;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	path = sk_malloc(strlen(dir) + sizeof "/sk-copyin-XXXXXX");
	sprintf(path, "%s/sk-copyin-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd >= 0) {
		unlink(path);
		file = fdopen(fd, "w+");
		if (!file)
			close(fd);
	}
	free(path);
	return file;
}

bool feed_replayable(void *ctx)
{
	struct feed *f = ctx;

	if (can_reopen(f->path))
		return true;
	f->spool = temporary_file();
	return f->spool != NULL;
}

void feed_rewind(void *ctx)
{
	struct feed *f = ctx;
	char buf[1 << 16];

	f->rows = f->bytes = 0;
	if (!f->spool) {
		input_close(f->in);
		f->in = input_open_path(f->path);
		return;
	}
	if (!f->replaying) {
		while (read_raw(f, buf, sizeof buf) > 0)
			continue;
		input_close(f->in);
		f->in = NULL;
		f->replaying = true;
	}
	if (fflush(f->spool) != 0 || fseek(f->spool, 0, SEEK_SET) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: temporary copy: seek error:", f->path);
}

void feed_close(struct feed *f)
{
	if (f->in)
		input_close(f->in);
	if (f->spool)
		fclose(f->spool);
	memset(f, 0, sizeof *f);
}
