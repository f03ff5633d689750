#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/files.h"

char *sk_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot read:", path);
	text = sk_malloc((size_t)n + 1);
	if (fread(text, 1, (size_t)n, f) != (size_t)n)
		sk_die(SK_EXIT_SYSTEM, "%s: read error:", path);
	text[n] = '\0';
	fclose(f);
	return text;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

const char *sk_sql_path(const char *name, char *buf, size_t cap)
{
	static const char *const beside[] = { "../sql", "../share/sk" };
	const char *dir = getenv("SK_SQL_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (dir) {
		snprintf(buf, cap, "%s/%s", dir, name);
		return exists(buf) ? buf : NULL;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return NULL;
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
		snprintf(buf, cap, "%s/%s/%s", exe, beside[i], name);
		if (exists(buf))
			return buf;
	}
	return NULL;
}

const char *sk_sql_path_or_die(const char *name, char *buf, size_t cap)
{
	const char *path = sk_sql_path(name, buf, cap);

	if (!path)
		sk_die(SK_EXIT_SYSTEM, "cannot find sk's %s (sql/%s beside the program, or "
		       "share/sk/%s installed): set SK_SQL_DIR", name, name, name);
	return path;
}
