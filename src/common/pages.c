#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/err.h"
#include "common/pages.h"

enum { HUGE_PAGE = 2 << 20 };

/* n rounded up to whole huge pages, aligned to one, advised. */
static void *huge_block(size_t n)
{
	void *p;

	n = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	p = aligned_alloc(HUGE_PAGE, n);
	if (!p)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes)", n);
	/* Advice only: a kernel without huge pages keeps small ones. */
	(void)madvise(p, n, MADV_HUGEPAGE);
	return p;
}

void *pages_zalloc(size_t n)
{
	void *p;

	if (n < HUGE_PAGE)
		return sk_calloc(1, n);
	p = huge_block(n);
	memset(p, 0, n);
	return p;
}

void *pages_grow(void *p, size_t used, size_t n)
{
	void *bigger;

	if (n < HUGE_PAGE)
		return sk_realloc(p, n);
	bigger = huge_block(n);
	if (used)
		memcpy(bigger, p, used);
	free(p);
	return bigger;
}
