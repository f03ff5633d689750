/* pages.h — memory for the large tables that are probed at random: the
 * song lookup, the hash maps, sk-copyin's groups.  From 2 MB up it is
 * advised to the kernel's huge pages (madvise(MADV_HUGEPAGE), honoured
 * when transparent huge pages are "always" or "madvise"): a probe then
 * misses the cache but no longer the TLB as well.  Smaller blocks come
 * from malloc. */
#ifndef SK_PAGES_H
#define SK_PAGES_H

#include <stddef.h>

/* n bytes aligned to a huge page from 2 MB up, to a cache line below
 * (from malloc), zeroed or not; released
 * with free().  Both exit when memory runs out. */
void *pages_zalloc(size_t n);
void *pages_alloc(size_t n);

/* A table that grows: p (old_n bytes; NULL and 0 at first) made n bytes,
 * n >= old_n, its contents kept.  Below 2 MB it is realloc.  Past 2 MB
 * the block is mapped by pages_grow itself, on a huge page's edge (its
 * first, smaller bytes copied there once), and from then on grows by
 * moving its pages (mremap), never by copying them: a copy would hold the
 * old block and the new at once.  Released with pages_release(p, n), n
 * its last size. */
void *pages_grow(void *p, size_t old_n, size_t n);
void pages_release(void *p, size_t n);

#endif
