/* progress.h — the one-line progress report of long work (SPEC §4): on
 * stderr, only when stderr is a terminal, never with -q. */
#ifndef SK_PROGRESS_H
#define SK_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool on;
	double start, last;
	const char *unit;   /* "records", "rows" */
	const char *what;   /* what the work is on ("songplays"), or NULL */
	uint64_t calls, every;
};

/* every: how many progress_tick calls between looks at the clock (4096 for
 * a call per record, 1 for a call per large chunk). */
void progress_start(struct progress *p, bool quiet, const char *unit, uint64_t every);
/* Cheap enough to call per record. */
void progress_tick(struct progress *p, uint64_t count, uint64_t bytes);
/* Prints the final figures and ends the line. */
void progress_end(struct progress *p, uint64_t count, uint64_t bytes);

#endif
