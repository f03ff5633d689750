#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/files.h"
#include "load/migrate.h"
#include "load/statements.h"

/* Versions start at 1, the star before versions; migration N makes N. */
enum { FIRST_VERSION = 1, MAX_VERSION = 999 };

/* The version a file name "NNN-what.sql" makes, or 0. */
static int version_of(const char *name)
{
	size_t len = strlen(name);

	if (len < 9 || strspn(name, "0123456789") != 3 || name[3] != '-' ||
	    strcmp(name + len - 4, ".sql") != 0)
		return 0;
	return atoi(name);
}

/* The migrations' file names by the version they make; the highest
 * version returned.  A gap is a broken installation. */
static int scan(char *names[MAX_VERSION + 1])
{
	char buf[PATH_MAX];
	const char *dir = sk_sql_path_or_die("migrations", buf, sizeof buf);
	DIR *d = opendir(dir);
	struct dirent *e;
	int last = FIRST_VERSION;

	if (!d)
		sk_die(SK_EXIT_SYSTEM, "%s:", dir);
	memset(names, 0, (MAX_VERSION + 1) * sizeof *names);
	while ((e = readdir(d)) != NULL) {
		int v = version_of(e->d_name);
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		if (v <= FIRST_VERSION)
			continue;
		names[v] = sk_malloc(n);
		snprintf(names[v], n, "%s/%s", dir, e->d_name);
		last = v > last ? v : last;
	}
	closedir(d);
	for (int v = FIRST_VERSION + 1; v <= last; v++)
		if (!names[v])
			sk_die(SK_EXIT_SYSTEM, "%s: no migration %03d (sk is installed in part)", dir, v);
	return last;
}

static void free_names(char *names[MAX_VERSION + 1])
{
	for (int v = 0; v <= MAX_VERSION; v++)
		free(names[v]);
}

int schema_current_version(void)
{
	char *names[MAX_VERSION + 1];
	int last = scan(names);

	free_names(names);
	return last;
}

/* The star's version; a star made before versions is given version 1. */
static int star_version(PGconn *conn, bool *star)
{
	PGresult *res = db_statement(conn, "migrate.state", SQL_NO_ARGS, "sk_schema");
	bool versioned = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	int version = FIRST_VERSION;

	*star = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!*star)
		return 0;
	if (!versioned) {
		db_run(conn, "migrate.unversioned", SQL_NO_ARGS, "sk_schema");
		return FIRST_VERSION;
	}
	res = db_statement(conn, "migrate.version", SQL_NO_ARGS, "sk_schema");
	if (!PQgetisnull(res, 0, 0))
		version = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return version;
}

static void migrate(PGconn *conn, const char *path, int version)
{
	char *sql = sk_read_file(path), number[16];
	const char *params[] = { number };

	PQclear(db_exec(conn, sql, path));
	snprintf(number, sizeof number, "%d", version);
	PQclear(db_statement_params(conn, "migrate.set-version", 1, params, "sk_schema"));
	free(sql);
}

bool schema_is_newer(PGconn *conn)
{
	PGresult *res = db_statement(conn, "migrate.state", SQL_NO_ARGS, "sk_schema");
	bool versioned = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	int version = 0;

	PQclear(res);
	if (!versioned)
		return false;
	res = db_statement(conn, "migrate.version", SQL_NO_ARGS, "sk_schema");
	version = PQgetisnull(res, 0, 0) ? 0 : atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return version > schema_current_version();
}

void schema_bring_up(PGconn *conn)
{
	char *names[MAX_VERSION + 1];
	int current = scan(names);
	bool star;
	int version = star_version(conn, &star);

	if (star && version > current)
		sk_die(SK_EXIT_DATABASE, "sk_schema: the star is at schema version %d, newer than "
		       "these tools' %d: load it with the sk that made it, or install a newer sk",
		       version, current);
	for (int v = version + 1; star && v <= current; v++)
		migrate(conn, names[v], v);
	if (star && version < current)
		sk_warn("sk_schema: the star's schema brought from version %d to %d", version,
			current);
	free_names(names);
}
