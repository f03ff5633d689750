/* report.h — the analysts' questions: one SQL file per question under
 * sql/report/, run against the star for a period.
 *
 * A question's file starts with comment lines: "-- title: ..." (required)
 * "-- chart: bar|hbar|line|stacked" (optional) and "-- basis: resolved|titles"
 * (optional: the answer counts only the plays resolved to a song, or only
 * the unresolved plays whose titles were counted; about.h), then one SELECT that may
 * use $1 and $2, the period's start (inclusive) and end (exclusive), as
 * timestamps.  Its name is the file's name without the ".sql" and without
 * a leading "NN-" ordering number.  Adding a question is adding a file. */
#ifndef SK_REPORT_H
#define SK_REPORT_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

struct question {
	char *name, *title, *chart, *basis, *sql; /* chart, basis: NULL when none */
};

struct answer {
	const struct question *q;
	int ncols, nrows;
	char **columns;
	bool *numeric;    /* per column */
	char **cells;     /* nrows * ncols, row-major; NULL for SQL NULL */
};

/* The questions of dir, in file-name order; exits when there are none. */
void questions_load(const char *dir, struct question **qs, size_t *n);
void questions_free(struct question *qs, size_t n);

/* The period as PostgreSQL timestamps: from (inclusive) and to (a date,
 * inclusive) given as YYYY-MM-DD or NULL; exits 2 on a bad date. */
struct period {
	char start[64], end[64];
};
void period_resolve(PGconn *conn, const char *from, const char *to, struct period *p);
/* Exits 2 on a bad date, naming what is wrong in it (its form, its month,
 * its day), before anything is asked of the database. */
void period_check(const char *from, const char *to);

/* Exits with a one-line error when the star is missing or empty. */
void star_check(PGconn *conn);

/* The sessions in one transaction each, all reading the first one's
 * snapshot: the questions answered in parallel see the same star, even
 * while a load commits. */
void sessions_share_snapshot(PGconn *const *conns, int nconns);
/* Each question asked in turn of whichever session is free, nconns at
 * once; answers[i] is qs[i]'s. */
void questions_answer(PGconn *const *conns, int nconns, const struct question *const *qs,
		      size_t n, const struct period *p, struct answer *answers);
void answer_free(struct answer *a);
const char *answer_cell(const struct answer *a, int row, int col);

#endif
