/* about.h — what a report covers, and how far each section may be
 * trusted: the period's plays (the first and the last, how many resolved
 * to a song, how many unresolved plays had their titles counted), the
 * star's last load, the database, sk's version and when the report was
 * made.  Every format prints it (render.h); each question that rests on a
 * part of the plays ("-- basis:" in its file, report.h) says which part,
 * and is marked thin below THIN_PERCENT. */
#ifndef SK_ABOUT_H
#define SK_ABOUT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "report/report.h"

enum { THIN_PERCENT = 10 };

struct report_about {
	const char *from, *to;   /* the period asked, or NULL */
	bool of_plays;           /* a report of the plays (not --loads) */
	unsigned long long plays, resolved, titled;
	bool titled_known;       /* titled counted: a question rests on it */
	char first_play[24], last_play[24]; /* "" when there is none */
	char last_load[40];      /* "" when the star has no record */
	char last_status[16];    /* "" without a history of loads */
	char last_id[24];
	char db_name[128], db_host[192], db_port[16];
	char made_at[40];
};

/* Read in the questions' snapshot, on conn; p NULL for --loads. */
void about_gather(PGconn *conn, const struct period *p, const char *from, const char *to,
		  struct report_about *a);

/* The unresolved plays whose titles were counted are summed only for a
 * question that rests on them, as a question of its own asked beside the
 * others (its cost hidden among theirs): about_titled_question() makes it
 * (questions_free(q, 1) frees it), about_take_titled() reads its answer. */
bool about_needs_titled(const struct question *const *qs, size_t n);
struct question *about_titled_question(void);
void about_take_titled(struct report_about *a, const struct answer *titled);

/* The header as label and value pairs, in order; returns how many. */
enum { ABOUT_LINES = 5, ABOUT_VALUE = 512 };
int about_lines(const struct report_about *a, const char *label[ABOUT_LINES],
		char value[ABOUT_LINES][ABOUT_VALUE]);

struct basis {
	bool shown;        /* the question rests on a part of the plays */
	bool counted;      /* false: that part was not counted at all */
	bool thin;         /* under THIN_PERCENT of what it stands for */
	unsigned long long part, whole;
	char note[256];
};
void about_basis(const struct report_about *a, const struct question *q, struct basis *b);

#endif
