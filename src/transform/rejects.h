/* rejects.h — what happens to a bad record (SPEC §4).
 *
 * Each bad record is reported on stderr as "sk-NAME: source:line: reason",
 * line being where the record starts; when the fault lies on a later line
 * of a record spread over several, " (at line N)" follows.
 * By default the first one stops the tool with exit 1.  With --max-errors N
 * up to N are let through, each appended to the --rejects file as a TSV row:
 * source, line, reason, the record's text (COPY-escaped), so nothing is lost
 * and the file can itself be loaded or fixed and fed back.  Appended, one
 * write(2) a row: the tools of one load (the songs' filter, each part of
 * the events') add to the same file, none truncating another's rows. */
#ifndef SK_REJECTS_H
#define SK_REJECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "transform/records.h"
#include "transform/tsv.h"

struct rejects {
	uint64_t max, count;
	bool to_file;
	struct tsv_out file;
};

/* path may be NULL when max is 0. */
void rejects_open(struct rejects *r, uint64_t max, const char *path);
/* Reports one bad record; exits with SK_EXIT_DATA past the limit.  line is
 * the line of the fault (a pretty-printed record spans several); the
 * rejects file keeps the record's first line, as the message leads with. */
void rejects_add(struct rejects *r, const struct record *rec, uint64_t line, const char *reason);
/* Flushes the file and says how many records were set aside. */
void rejects_close(struct rejects *r);

#endif
