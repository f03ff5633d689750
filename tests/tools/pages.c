/* pages.c — common/pages.c's growing tables, for tests/large.sh: a block
 * grown from 1 KB to 64 MB by doubling keeps every byte written, sits on
 * a huge page's edge from 2 MB up, and grows by moving its pages, not by
 * copying them: a copy faults in every page of its destination (thousands
 * of small pages, or one a huge page), a move none.  Prints one line per
 * growth; exits 1 if a byte is lost, a block past 2 MB is unaligned, or
 * a growth past 2 MB faults 8 pages or more. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "common/pages.h"

enum { HUGE_PAGE = 2 << 20, LAST = 64 << 20 };

static long minor_faults(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_minflt;
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 2654435761u >> 13);
}

int main(void)
{
	unsigned char *p = NULL;
	size_t n = 0;
	int bad = 0;

	for (size_t next = 1024; next <= LAST; next *= 2) {
		long before = minor_faults(), faults;
		p = pages_grow(p, n, next);
		faults = minor_faults() - before;
		for (size_t i = 0; i < n; i++)
			if (p[i] != pattern(i)) {
				printf("%zu bytes: byte %zu lost\n", next, i);
				return 1;
			}
		for (size_t i = n; i < next; i++)
			p[i] = pattern(i);
		printf("%zu bytes: kept %zu, %ld page faults in the growth, %s\n", next, n, faults,
		       (uintptr_t)p % HUGE_PAGE ? "unaligned" : "aligned");
		if (next >= HUGE_PAGE && (uintptr_t)p % HUGE_PAGE)
			bad = 1;
		if (n >= HUGE_PAGE && faults >= 8)
			bad = 1;
		n = next;
	}
	pages_release(p, n);
	return bad;
}
