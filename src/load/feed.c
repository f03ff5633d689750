/* memmem(3) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "load/db.h"
#include "load/feed.h"

/* A part starts as if after a newline, so that a first line "\." counts. */
static void part_start(struct feed *f)
{
	f->nheld = 0;
	f->before = '\n';
	f->ended = false;
}

/* A file whose writer holds an exclusive flock(2) on it is still being
 * written: wait until the writer is done, so that a load may start before
 * all its files are complete (make load runs sk-copyin beside the filters
 * of its later parts).  A writer that dies releases its lock too; its file
 * then lacks the end-of-data line, and the load fails. */
static void wait_for_writer(const char *path)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0 || input_is_remote(path))
		return;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return; /* input_open_path says why */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		while (flock(fd, LOCK_SH) != 0 && errno == EINTR)
			;
	close(fd);
}

/* Opens the next part: false after the last. */
static bool next_part(struct feed *f)
{
	if (f->in)
		input_close(f->in);
	f->in = NULL;
	if (f->next == f->count)
		return false;
	wait_for_writer(f->paths[f->next]);
	f->started = true;
	f->in = input_open_path(f->paths[f->next++]);
	part_start(f);
	return true;
}

void feed_open_later(struct feed *f, char *const paths[], size_t count, bool need_end_line,
		     struct progress *progress)
{
	memset(f, 0, sizeof *f);
	f->paths = paths;
	f->count = count;
	f->need_end_line = need_end_line;
	f->progress = progress;
}

void feed_open(struct feed *f, char *const paths[], size_t count, bool need_end_line,
	       struct progress *progress)
{
	feed_open_later(f, paths, count, need_end_line, progress);
	next_part(f);
}

static const char *part_name(const struct feed *f)
{
	const char *path = f->paths[f->next - 1];

	return strcmp(path, "-") == 0 ? "stdin" : path;
}

static uint64_t lines_in(const char *buf, size_t n)
{
	uint64_t count = 0;

	for (const char *p = buf; (p = memchr(p, '\n', n - (size_t)(p - buf))); p++)
		count++;
	return count;
}

/* Exits: a part went on after its end-of-data line. */
static _Noreturn void data_after_end(struct feed *f, const char *buf, size_t at)
{
	tsv_die_after_end_line(part_name(f), f->rows + lines_in(buf, at) + 1);
}

/* buf[0..n) goes on from the byte f->before: the end-of-data line may
 * only be its last bytes.  After a read that ended with the end line,
 * buf starts with that line, held back: the data after it is a line on. */
static void watch_end_line(struct feed *f, const char *buf, size_t n)
{
	static const char line[] = "\n" TSV_END_LINE;
	const char *hit;
	size_t end;

	if (f->ended)
		data_after_end(f, buf, f->nheld);
	if (f->before == '\n' && n >= TSV_END_LINE_LEN &&
	    memcmp(buf, TSV_END_LINE, TSV_END_LINE_LEN) == 0)
		end = TSV_END_LINE_LEN;
	else if ((hit = memmem(buf, n, line, sizeof line - 1)) != NULL)
		end = (size_t)(hit - buf) + sizeof line - 1;
	else
		return;
	if (end < n)
		data_after_end(f, buf, end);
	f->ended = true;
}

/* At a part's end: the held bytes that are data (not its end-of-data line,
 * "\." without a newline counting too, as COPY takes it) move to buf. */
static size_t finish_part(struct feed *f, char *buf)
{
	size_t keep = f->nheld;
	const char *h = f->held;

	if (f->ended)
		keep = 0;
	else if (keep >= 2 && h[keep - 2] == '\\' && h[keep - 1] == '.' &&
		 (keep == 2 ? f->before == '\n' : h[keep - 3] == '\n'))
		keep -= 2;
	else if (f->need_end_line)
		tsv_die_no_end_line(part_name(f));
	memcpy(buf, f->held, keep);
	f->nheld = 0;
	return keep;
}

/* Bytes about to be sent, counted for messages and progress. */
static size_t count(struct feed *f, const char *buf, size_t n)
{
	f->bytes += n;
	f->rows += lines_in(buf, n);
	progress_tick(f->progress, f->rows, f->bytes);
	return n;
}

/* The same, kept when a pipe may be replayed. */
static size_t send(struct feed *f, const char *buf, size_t n)
{
	if (f->spool && fwrite(buf, 1, n, f->spool) != n)
		sk_die(SK_EXIT_SYSTEM, "%s: temporary copy for a second reading: write error:",
		       part_name(f));
	return count(f, buf, n);
}

/* The next bytes of the parts, the held ones first, all but the last few,
 * which are held back in turn. */
static size_t read_parts(struct feed *f, char *buf, size_t cap)
{
	if (cap < DB_READ_MIN) /* no room past the held bytes reads as the end */
		sk_die(SK_EXIT_SYSTEM, "internal error: a read of %zu bytes", cap);
	if (!f->started)
		next_part(f);
	while (f->in) {
		size_t n, total, keep;
		memcpy(buf, f->held, f->nheld);
		n = input_read(f->in, buf + f->nheld, cap - f->nheld);
		if (n == 0) {
			size_t tail = finish_part(f, buf);
			next_part(f);
			if (tail > 0)
				return send(f, buf, tail);
			continue;
		}
		total = f->nheld + n;
		watch_end_line(f, buf, total);
		keep = total < TSV_END_LINE_LEN ? total : TSV_END_LINE_LEN;
		memcpy(f->held, buf + total - keep, keep);
		f->nheld = keep;
		if (total > keep) {
			f->before = buf[total - keep - 1];
			return send(f, buf, total - keep);
		}
	}
	return 0;
}

size_t feed_read(void *ctx, char *buf, size_t cap)
{
	struct feed *f = ctx;
	size_t n;

	if (!f->replaying)
		return read_parts(f, buf, cap);
	n = fread(buf, 1, cap, f->spool);
	if (n == 0 && ferror(f->spool))
		sk_die(SK_EXIT_SYSTEM, "%s: temporary copy: read error:", f->paths[0]);
	return count(f, buf, n);
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
	bool reopen = true;

	for (size_t i = 0; i < f->count; i++)
		reopen &= can_reopen(f->paths[i]);
	if (reopen)
		return true;
	f->spool = temporary_file();
	return f->spool != NULL;
}

void feed_rewind(void *ctx)
{
	struct feed *f = ctx;
	char buf[1 << 16];

	if (!f->spool) {
		if (f->in)
			input_close(f->in), f->in = NULL;
		f->next = 0;
		next_part(f);
		f->rows = f->bytes = 0;
		return;
	}
	if (!f->replaying) { /* the rest of the stream, checked and kept */
		while (read_parts(f, buf, sizeof buf) > 0)
			continue;
		f->replaying = true;
	}
	f->rows = f->bytes = 0;
	if (fflush(f->spool) != 0 || fseek(f->spool, 0, SEEK_SET) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: temporary copy: seek error:", f->paths[0]);
}

void feed_close(struct feed *f)
{
	if (f->in)
		input_close(f->in);
	if (f->spool)
		fclose(f->spool);
	memset(f, 0, sizeof *f);
}
