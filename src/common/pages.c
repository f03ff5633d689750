#define _GNU_SOURCE /* mremap */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/err.h"
#include "common/pages.h"

enum { HUGE_PAGE = 2 << 20, CACHE_LINE = 64 };

static size_t huge_round(size_t n)
{
	return (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

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
 * huge pages; its bytes must be written before they are read, which is
 * when the kernel picks the pages.  A smaller one starts on a cache
 * line's, so that a slot of a line's size costs one miss, not two. */
void *pages_alloc(size_t n)
{
	size_t align = n < HUGE_PAGE ? CACHE_LINE : HUGE_PAGE;
	void *p;

	n = n ? (n + align - 1) / align * align : align;
	p = aligned_alloc(align, n);
	if (!p)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes)", n);
	if (align == HUGE_PAGE)
		advise_huge(p, n);
	return p;
}

void *pages_zalloc(size_t n)
{
	return memset(pages_alloc(n), 0, n);
}

/* len bytes of address space (a multiple of HUGE_PAGE) on a huge page's
 * edge, reserved, not yet usable: mmap aligns to small pages only. */
static char *reserve_aligned(size_t len)
{
	char *r = mmap(NULL, len + HUGE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a;

	if (r == MAP_FAILED)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes):", len);
	a = (char *)(((uintptr_t)r + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE);
	if (a > r)
		munmap(r, (size_t)(a - r));
	munmap(a + len, HUGE_PAGE - (size_t)(a - r));
	return a;
}

/* A new block of len bytes, advised as one mapping: a range advised apart
 * from the rest of its mapping splits it, and mremap cannot move a block
 * that spans two mappings (glibc's realloc then falls back to copying). */
static void *map_huge(size_t len)
{
	char *a = reserve_aligned(len);

	if (mmap(a, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	    MAP_FAILED)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes):", len);
	(void)madvise(a, len, MADV_HUGEPAGE);
	return a;
}

/* The block p grown from old_len to len bytes: in place if the addresses
 * after it are free, else its pages moved to an aligned range, where its
 * huge pages stay whole. */
static void *move_huge(void *p, size_t old_len, size_t len)
{
	void *q = mremap(p, old_len, len, 0);

	if (q == MAP_FAILED)
		q = mremap(p, old_len, len, MREMAP_MAYMOVE | MREMAP_FIXED, reserve_aligned(len));
	if (q == MAP_FAILED)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes):", len);
	return q;
}

void *pages_grow(void *p, size_t old_n, size_t n)
{
	void *q;

	if (n < HUGE_PAGE)
		return sk_realloc(p, n);
	if (old_n >= HUGE_PAGE)
		return huge_round(n) == huge_round(old_n)
			       ? p
			       : move_huge(p, huge_round(old_n), huge_round(n));
	q = map_huge(huge_round(n));
	if (old_n)
		memcpy(q, p, old_n);
	free(p);
	return q;
}

void pages_release(void *p, size_t n)
{
	if (n < HUGE_PAGE)
		free(p);
	else if (p)
		munmap(p, huge_round(n));
}
