#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/files.h"
#include "load/statements.h"

/* The files read so far, by name; a load asks for a dozen at most. */
enum { MAX_FILES = 32 };
static struct {
	char *name, *text;
} files[MAX_FILES];
static int nfiles;

static const char *file_text(const char *file, size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	const char *found;

	for (int i = 0; i < nfiles; i++)
		if (strlen(files[i].name) == len && strncmp(files[i].name, file, len) == 0)
			return files[i].text;
	if (nfiles == MAX_FILES)
		sk_die(SK_EXIT_SYSTEM, "more than %d files of SQL", MAX_FILES);
	found = sk_sql_path_or_die("load", dir, sizeof dir);
	snprintf(path, sizeof path, "%s/%.*s.sql", found, (int)len, file);
	files[nfiles].name = sk_strndup(file, len);
	files[nfiles].text = sk_read_file(path);
	return files[nfiles++].text;
}

/* The line after "-- name: NAME" in text, or NULL. */
static const char *find_named(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line += !!line)
		if (strncmp(line, "-- name: ", 9) == 0 && strncmp(line + 9, name, len) == 0 &&
		    (line[9 + len] == '\n' || line[9 + len] == '\0'))
			return line + 9 + len + (line[9 + len] == '\n');
	return NULL;
}

static bool is_comment_line(const char *line)
{
	line += strspn(line, " \t");
	return strncmp(line, "--", 2) == 0;
}

/* The statement from body to the next "-- name:" line or the end, its
 * comment lines left out, its ends trimmed of blanks and a ';'. */
static char *statement_text(const char *body)
{
	size_t cap = strlen(body) + 1, n = 0;
	char *out = sk_malloc(cap);

	for (const char *line = body; *line && strncmp(line, "-- name: ", 9) != 0;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		if (!is_comment_line(line)) {
			memcpy(out + n, line, len);
			n += len;
		}
		line += len;
	}
	while (n > 0 && strchr(" \t\n;", out[n - 1]))
		n--;
	out[n] = '\0';
	return out;
}

/* A placeholder's name length at p (just past '{'), 0 when p holds none. */
static size_t placeholder(const char *p)
{
	size_t n = 0;

	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
		n++;
	return n > 0 && p[n] == '}' ? n : 0;
}

static const struct sql_arg *find_arg(const struct sql_arg *args, const char *p, size_t n)
{
	for (; args->name; args++)
		if (strlen(args->name) == n && strncmp(args->name, p, n) == 0)
			return args;
	return NULL;
}

/* text with each placeholder replaced by its argument's value. */
static char *fill(const char *statement, const char *text, const struct sql_arg *args)
{
	size_t cap = strlen(text) + 1, n = 0, used = 0, nargs = 0;
	char *out;

	for (const struct sql_arg *a = args; a->name; a++)
		cap += strlen(a->value) * 4, nargs++;
	out = sk_malloc(cap);
	for (const char *p = text; *p; p++) {
		size_t len = *p == '{' ? placeholder(p + 1) : 0;
		const struct sql_arg *arg = len ? find_arg(args, p + 1, len) : NULL;
		if (len && !arg)
			sk_die(SK_EXIT_SYSTEM, "%s: no value for {%.*s}", statement, (int)len, p + 1);
		if (!arg) {
			out[n++] = *p;
			continue;
		}
		if (n + strlen(arg->value) + strlen(p) >= cap)
			out = sk_realloc(out, cap = 2 * cap + strlen(arg->value));
		n += (size_t)sprintf(out + n, "%s", arg->value);
		used |= (size_t)1 << (arg - args);
		p += len + 1;
	}
	out[n] = '\0';
	for (size_t i = 0; i < nargs; i++)
		if (!(used & ((size_t)1 << i)))
			sk_die(SK_EXIT_SYSTEM, "%s: has no {%s}", statement, args[i].name);
	return out;
}

char *sql_statement(const char *name, const struct sql_arg *args)
{
	const char *dot = strchr(name, '.');
	const char *body;
	char *text, *filled;

	if (!dot)
		sk_die(SK_EXIT_SYSTEM, "%s: a statement is named FILE.NAME", name);
	body = find_named(file_text(name, (size_t)(dot - name)), dot + 1);
	if (!body)
		sk_die(SK_EXIT_SYSTEM, "%s: no such statement in sql/load/%.*s.sql", name,
		       (int)(dot - name), name);
	text = statement_text(body);
	filled = fill(name, text, args);
	free(text);
	return filled;
}
