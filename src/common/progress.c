#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/progress.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, bool quiet, const char *unit, uint64_t every)
{
	p->on = !quiet && isatty(STDERR_FILENO);
	p->start = p->last = p->on ? now() : 0;
	p->unit = unit;
	p->what = NULL;
	p->calls = 0;
	p->every = every ? every : 1;
}

static void show(struct progress *p, uint64_t count, uint64_t bytes, double t, char end)
{
	double secs = t - p->start > 1e-9 ? t - p->start : 1e-9;

	fprintf(stderr, "\r%s: %s%s%llu %s, %.1f MB, %.1f MB/s, %.0f %s/s%c", sk_progname,
		p->what ? p->what : "", p->what ? ": " : "", (unsigned long long)count, p->unit,
		(double)bytes / 1e6,
		(double)bytes / 1e6 / secs, (double)count / secs, p->unit, end);
}

void progress_tick(struct progress *p, uint64_t count, uint64_t bytes)
{
	double t;

	if (!p->on || ++p->calls % p->every != 0)
		return;
	t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	show(p, count, bytes, t, ' ');
}

void progress_end(struct progress *p, uint64_t count, uint64_t bytes)
{
	if (p->on)
		show(p, count, bytes, now(), '\n');
}
