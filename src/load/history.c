#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "load/feed.h"
#include "load/history.h"
#include "load/migrate.h"

struct history {
	PGconn *conn;
	struct history_options o;
	bool active;               /* the star has a history */
	char id[24], started[64];
	char *tables;              /* the tables' JSON object, being built */
	size_t tables_len, tables_cap;
	bool have_objects;
	uint64_t objects[3];       /* new, changed, unchanged */
	uint64_t bytes, rejected;
};

static void append(struct history *h, const char *s, size_t n)
{
	if (h->tables_len + n + 2 > h->tables_cap) {
		h->tables_cap = 2 * (h->tables_len + n + 2);
		h->tables = sk_realloc(h->tables, h->tables_cap);
	}
	memcpy(h->tables + h->tables_len, s, n);
	h->tables_len += n;
	h->tables[h->tables_len] = '\0';
}

/* A table's name as a JSON string: a name may hold any character. */
static void append_json_string(struct history *h, const char *s)
{
	char esc[8];

	append(h, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\' || c < 0x20)
			append(h, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", c));
		else
			append(h, s, 1);
	}
	append(h, "\"", 1);
}

static void on_die(void *ctx, const char *message);

/* Whether the database has a history of loads; with star, whether it has
 * a star (the record of loaded objects) too. */
static bool has_history(PGconn *conn, bool *star)
{
	PGresult *res = db_statement(conn, "history.exists", SQL_NO_ARGS, "sk_loads");
	bool history = strcmp(PQgetvalue(res, 0, 0), "t") == 0;

	if (star)
		*star = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	PQclear(res);
	return history;
}

struct history *history_begin(PGconn *conn, const struct history_options *options)
{
	struct history *h = sk_calloc(1, sizeof *h);
	PGresult *res;
	bool star;

	h->conn = conn;
	h->o = *options;
	h->active = has_history(conn, &star);
	append(h, "{", 1);
	if (!h->active) {
		if (star)
			sk_warn("sk_loads: this star keeps no history of loads (--create adds it)");
		return h;
	}
	res = db_statement(conn, "history.next-id", SQL_NO_ARGS, "sk_loads");
	snprintf(h->id, sizeof h->id, "%s", PQgetvalue(res, 0, 0));
	snprintf(h->started, sizeof h->started, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (h->o.failure_row)
		sk_at_die(on_die, h);
	return h;
}

void history_table(struct history *h, const char *table, uint64_t read, uint64_t inserted,
		   uint64_t updated, bool merged)
{
	char counts[160];
	int n = snprintf(counts, sizeof counts,
			 ": {\"read\": %" PRIu64 ", \"inserted\": %" PRIu64
			 ", \"updated\": %" PRIu64 ", \"merged\": %s}",
			 read, inserted, updated, merged ? "true" : "false");

	if (h->tables_len > 1)
		append(h, ", ", 2);
	append_json_string(h, table);
	append(h, counts, (size_t)n);
}

void history_objects(struct history *h, uint64_t added, uint64_t changed, uint64_t unchanged)
{
	h->have_objects = true;
	h->objects[0] = added, h->objects[1] = changed, h->objects[2] = unchanged;
}

void history_bytes(struct history *h, uint64_t bytes)
{
	h->bytes += bytes;
}

/* The run's rejects files into sk_rejects, under its id: counted. */
static void add_rejects(struct history *h, PGconn *conn)
{
	char *copy = sql_statement("history.copy-rejects", SQL_NO_ARGS);
	const char *params[] = { h->id };
	PGresult *res;

	db_run(conn, "history.stage-rejects", SQL_NO_ARGS, "sk_rejects");
	for (int i = 0; i < h->o.nrejects_files; i++) {
		char *paths[] = { (char *)h->o.rejects_files[i] };
		struct progress quiet = { 0 };
		struct feed feed;
		uint64_t bytes = 0;
		feed_open(&feed, paths, 1, false, &quiet);
		db_copy_in(conn, copy, feed_read, &feed, paths[0], &bytes);
		feed_close(&feed);
	}
	free(copy);
	res = db_statement_params(conn, "history.add-rejects", 1, params, "sk_rejects");
	h->rejected = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
}

/* The part of a message before its first ": ", where sk's messages say
 * where they happened (SPEC §4); "sk-NAME: " first is passed over. */
static char *where_of(const char *message)
{
	const char *start = message, *colon;

	if (strncmp(start, "sk-", 3) == 0 && (colon = strstr(start, ": ")) != NULL &&
	    strcspn(start, " /") > (size_t)(colon - start))
		start = colon + 2;
	colon = strstr(start, ": ");
	return colon ? sk_strndup(start, (size_t)(colon - start)) : NULL;
}

static void add_row(struct history *h, PGconn *conn, const char *status, const char *error)
{
	char counts[3][24], rejected[24], bytes[24];
	char *at = error ? where_of(error) : NULL;
	const char *params[13];

	for (int i = 0; i < 3; i++)
		snprintf(counts[i], sizeof counts[i], "%" PRIu64, h->objects[i]);
	snprintf(rejected, sizeof rejected, "%" PRIu64, h->rejected);
	snprintf(bytes, sizeof bytes, "%" PRIu64, h->bytes);
	append(h, "}", 1);
	params[0] = h->id, params[1] = h->started, params[2] = status;
	params[3] = h->o.source, params[4] = SK_VERSION;
	for (int i = 0; i < 3; i++)
		params[5 + i] = h->have_objects ? counts[i] : NULL;
	params[8] = h->tables, params[9] = rejected, params[10] = bytes;
	params[11] = error, params[12] = at;
	PQclear(db_statement_params(conn, "history.add", 13, params, "sk_loads"));
	h->tables[--h->tables_len] = '\0'; /* the JSON stays open for more */
	free(at);
}

void history_commit(struct history *h)
{
	const char *params[] = { h->id };

	if (!h->active)
		return;
	add_rejects(h, h->conn);
	add_row(h, h->conn, "ok", NULL);
	if (h->have_objects)
		PQclear(db_statement_params(h->conn, "history.name-objects", 1, params,
					    "sk_objects"));
}

/* The row and rejects of a run whose transaction was rolled back, in a
 * transaction of their own.  A history made by that transaction (--create
 * of a first load) went with it, and a star newer than the tools is not
 * theirs to write: nothing is added. */
static void add_after_rollback(struct history *h, PGconn *conn, const char *status,
			       const char *error)
{
	if (!has_history(conn, NULL) || schema_is_newer(conn)) {
		h->active = false;
		return;
	}
	db_run(conn, "history.begin", SQL_NO_ARGS, "sk_loads");
	add_rejects(h, conn);
	add_row(h, conn, status, error);
	db_run(conn, "history.commit", SQL_NO_ARGS, "sk_loads");
}

void history_dry_run(struct history *h)
{
	if (h->active)
		add_after_rollback(h, h->conn, "dry-run", NULL);
}

void history_failed(struct history *h, const char *message)
{
	if (h->active)
		add_after_rollback(h, h->conn, "failed", message);
}

/* The process is dying of message: its transaction is rolled back (or
 * gone with a broken connection, then opened again) and the failure
 * recorded.  A failure here says so and ends the process with the first
 * failure's code (common/err.h). */
static void on_die(void *ctx, const char *message)
{
	struct history *h = ctx;
	PGconn *conn = h->conn;

	if (PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		conn = h->conn = db_connect(h->o.conninfo);
	} else {
		PQclear(PQexec(conn, "ROLLBACK"));
	}
	add_after_rollback(h, conn, "failed", message);
	history_end(h);
}

static void write_json(struct history *h)
{
	const char *params[] = { h->id };
	PGresult *res = db_statement_params(h->conn, "history.as-json", 1, params, "sk_loads");
	bool to_stdout = strcmp(h->o.summary_json, "-") == 0;
	FILE *f = to_stdout ? stdout : fopen(h->o.summary_json, "w");

	if (!f)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot write:", h->o.summary_json);
	fprintf(f, "%s\n", PQntuples(res) ? PQgetvalue(res, 0, 0) : "null");
	PQclear(res);
	if (fflush(f) != 0 || ferror(f) || (!to_stdout && fclose(f) != 0))
		sk_die(SK_EXIT_SYSTEM, "%s: write error:", h->o.summary_json);
}

void history_end(struct history *h)
{
	sk_at_die_done(on_die);
	if (h->active && h->o.summary_json)
		write_json(h);
	free(h->tables);
	free(h);
}
