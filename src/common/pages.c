#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/err.h"
#include "common/pages.h"

enum { HUGE_PAGE = 2 << 20 };

/* Advice only: a kernel without huge pages keeps small ones.  The whole
 * huge pages inside p[0..n) are advised (madvise wants an aligned start). */
static void advise_huge(void *p, size_t n)
{
	uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	uintptr_t end = ((uintptr_t)p + n) / HUGE_PAGE * HUGE_PAGE;

	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}

/* A new table starts on a huge page's edge, so that all of it can be in
 * huge pages; its bytes are zeroed before they are touched, which is when
 * the kernel picks the pages. */
void *pages_zalloc(size_t n)
{
	void *p;

	if (n < HUGE_PAGE)
		return sk_calloc(1, n);
	n = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	p = aligned_alloc(HUGE_PAGE, n);
	if (!p)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes)", n);
	advise_huge(p, n);
	memset(p, 0, n);
	return p;
}

/* A growing array keeps realloc, which moves a large block's pages
 * (mremap) instead of copying them: a copy would hold the old block and
 * the new one at once, the peak of a large table's memory doubled.  Its
 * new bytes are advised before they are touched. */
void *pages_grow(void *p, size_t n)
{
	p = sk_realloc(p, n);
	if (n >= HUGE_PAGE)
		advise_huge(p, n);
	return p;
}
