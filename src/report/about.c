#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "load/db.h"
#include "report/about.h"
#include "report/text.h"

static void copy_value(char *dst, size_t cap, const PGresult *res, int row, int col)
{
	snprintf(dst, cap, "%s", PQntuples(res) > row && !PQgetisnull(res, row, col)
				 ? PQgetvalue(res, row, col) : "");
}

static void gather_plays(PGconn *conn, const struct period *p, struct report_about *a)
{
	const char *params[2] = { p->start, p->end };
	PGresult *res = db_statement_params(conn, "about.plays", 2, params, "sk_plays_hourly");

	a->of_plays = true;
	a->plays = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	a->resolved = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	copy_value(a->first_play, sizeof a->first_play, res, 0, 2);
	copy_value(a->last_play, sizeof a->last_play, res, 0, 3);
	PQclear(res);
}

/* From the history of loads where the star has one, else the newest
 * object its record holds. */
static void gather_last_load(PGconn *conn, struct report_about *a)
{
	PGresult *res = db_statement(conn, "history.exists", SQL_NO_ARGS, "sk_loads");
	bool history = PQgetvalue(res, 0, 0)[0] == 't', record = PQgetvalue(res, 0, 1)[0] == 't';

	PQclear(res);
	if (history) {
		res = db_statement(conn, "about.last-load", SQL_NO_ARGS, "sk_loads");
		copy_value(a->last_load, sizeof a->last_load, res, 0, 0);
		copy_value(a->last_status, sizeof a->last_status, res, 0, 1);
		copy_value(a->last_id, sizeof a->last_id, res, 0, 2);
		PQclear(res);
	}
	if (!*a->last_load && record) {
		res = db_statement(conn, "about.last-object", SQL_NO_ARGS, "sk_objects");
		copy_value(a->last_load, sizeof a->last_load, res, 0, 0);
		PQclear(res);
	}
}

void about_gather(PGconn *conn, const struct period *p, const char *from, const char *to,
		  struct report_about *a)
{
	PGresult *res;

	memset(a, 0, sizeof *a);
	a->from = from;
	a->to = to;
	if (p)
		gather_plays(conn, p, a);
	gather_last_load(conn, a);
	/* Where the star was read, as libpq connected: never a password. */
	snprintf(a->db_name, sizeof a->db_name, "%s", PQdb(conn));
	snprintf(a->db_host, sizeof a->db_host, "%s", PQhost(conn) ? PQhost(conn) : "");
	snprintf(a->db_port, sizeof a->db_port, "%s", PQport(conn) ? PQport(conn) : "");
	res = db_statement(conn, "about.now", SQL_NO_ARGS, "now");
	copy_value(a->made_at, sizeof a->made_at, res, 0, 0);
	PQclear(res);
}

bool about_needs_titled(const struct question *const *qs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (qs[i]->basis && strcmp(qs[i]->basis, "titles") == 0)
			return true;
	return false;
}

struct question *about_titled_question(void)
{
	struct question *q = sk_calloc(1, sizeof *q);

	q->name = sk_strndup("titled", 6);
	q->title = sk_strndup("", 0);
	q->sql = sql_statement("about.titled", SQL_NO_ARGS);
	return q;
}

void about_take_titled(struct report_about *a, const struct answer *titled)
{
	a->titled = strtoull(answer_cell(titled, 0, 0), NULL, 10);
	a->titled_known = true;
}

static void asked(const struct report_about *a, char *out, size_t cap)
{
	if (a->from && a->to)
		snprintf(out, cap, "%s to %s", a->from, a->to);
	else if (a->from)
		snprintf(out, cap, "%s on", a->from);
	else if (a->to)
		snprintf(out, cap, "up to %s", a->to);
	else
		snprintf(out, cap, "every day loaded");
}

static void count(unsigned long long n, char *out, size_t cap)
{
	char digits[24];

	snprintf(digits, sizeof digits, "%llu", n);
	format_number(digits, out, cap);
}

static void plays_line(const struct report_about *a, char *out, size_t cap)
{
	char n[32];

	count(a->plays, n, sizeof n);
	if (a->plays == 0)
		snprintf(out, cap, "none in the period asked");
	else
		snprintf(out, cap, "%s, from %s to %s UTC", n, a->first_play, a->last_play);
}

static void last_load_line(const struct report_about *a, char *out, size_t cap)
{
	if (!*a->last_load)
		snprintf(out, cap, "not recorded");
	else if (*a->last_status)
		snprintf(out, cap, "%s, %s (sk_loads %s)", a->last_load, a->last_status, a->last_id);
	else
		snprintf(out, cap, "%s (its newest object; no history of loads)", a->last_load);
}

int about_lines(const struct report_about *a, const char *label[ABOUT_LINES],
		char value[ABOUT_LINES][ABOUT_VALUE])
{
	int n = 0;

	if (a->of_plays) {
		label[n] = "plays";
		plays_line(a, value[n++], ABOUT_VALUE);
		label[n] = "period asked";
		asked(a, value[n++], ABOUT_VALUE);
	}
	label[n] = "last load";
	last_load_line(a, value[n++], ABOUT_VALUE);
	label[n] = "database";
	snprintf(value[n++], ABOUT_VALUE, "%s on %s:%s", a->db_name, a->db_host, a->db_port);
	label[n] = "made";
	snprintf(value[n++], ABOUT_VALUE, "%s by sk %s", a->made_at, SK_VERSION);
	return n;
}

/* "39 of 6,820 plays (0.6%)". */
static int share(char *out, size_t cap, unsigned long long part, unsigned long long whole,
		 const char *what)
{
	char p[32], w[32];

	count(part, p, sizeof p);
	count(whole, w, sizeof w);
	return snprintf(out, cap, "%s of %s %s (%.1f%%)", p, w, what,
			whole ? 100.0 * (double)part / (double)whole : 0.0);
}

static void basis_resolved(const struct report_about *a, struct basis *b)
{
	int n;

	b->part = a->resolved;
	b->whole = a->plays;
	n = share(b->note, sizeof b->note, b->part, b->whole, "plays");
	snprintf(b->note + n, sizeof b->note - (size_t)n, " have a song in the catalogue");
}

static void basis_titles(const struct report_about *a, struct basis *b)
{
	char w[32];
	int n;

	b->whole = a->plays - a->resolved;
	b->part = a->titled < b->whole ? a->titled : b->whole;
	b->counted = b->part > 0 || b->whole == 0;
	count(b->whole, w, sizeof w);
	if (!b->counted) {
		snprintf(b->note, sizeof b->note, "not counted: the titles of the period's %s "
			 "unresolved plays were not loaded (make load counts them: "
			 "sk-events2tsv -o unresolved)", w);
		return;
	}
	n = share(b->note, sizeof b->note, b->part, b->whole, "unresolved plays");
	snprintf(b->note + n, sizeof b->note - (size_t)n, " have their title counted");
}

void about_basis(const struct report_about *a, const struct question *q, struct basis *b)
{
	memset(b, 0, sizeof *b);
	b->counted = true;
	if (!q->basis || !a->of_plays)
		return;
	b->shown = true;
	if (strcmp(q->basis, "resolved") == 0)
		basis_resolved(a, b);
	else
		basis_titles(a, b);
	b->thin = b->counted && b->whole > 0 && 100 * b->part < THIN_PERCENT * b->whole;
	if (b->thin) {
		size_t len = strlen(b->note);
		snprintf(b->note + len, sizeof b->note - len, ": thin, under %d%%", THIN_PERCENT);
	}
}
