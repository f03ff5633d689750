/* progress.h — the one-line progress report of long work (SPEC §4): on
 * stderr, only when stderr is a terminal, never with -q. */
#ifndef SK_PROGRESS_H
#define SK_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool on;
	double start, last;
	const char *unit; /* "records", "rows" */
};

void progress_start(struct progress *p, bool quiet, const char *unit);
/* Cheap enough to call per record: looks at the clock every 4096 calls. */
void progress_tick(struct progress *p, uint64_t count, uint64_t bytes);
/* Prints the final figures and ends the line. */
void progress_end(struct progress *p, uint64_t count, uint64_t bytes);

#endif
