/* pages.h — memory for the large tables that are probed at random: the
 * song lookup, the hash maps, sk-copyin's groups.  From 2 MB up it is
 * advised to the kernel's huge pages (madvise(MADV_HUGEPAGE), honoured
 * when transparent huge pages are "always" or "madvise"): a probe then
 * misses the cache but no longer the TLB as well.  Smaller blocks come
 * from malloc as before.  Both are released with free(). */
#ifndef SK_PAGES_H
#define SK_PAGES_H

#include <stddef.h>

/* n bytes, zeroed, aligned to a huge page from 2 MB up; exits when memory
 * runs out. */
void *pages_zalloc(size_t n);
/* realloc(p, n), exiting when memory runs out. */
void *pages_grow(void *p, size_t n);

#endif
