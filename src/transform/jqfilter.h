/* jqfilter.h — a user's own jq expression as a record filter (--where).
 *
 * libjq compiles the expression once; each good record is then parsed by
 * libjq as well (several times slower than sk's reader, so only when a user
 * asks for it) and kept when the expression's first output is neither
 * false nor null, as jq's select() decides. */
#ifndef SK_JQFILTER_H
#define SK_JQFILTER_H

#include <stdbool.h>
#include <stddef.h>

struct jq_filter;

/* Exits 2 with jq's own message when expr does not compile. */
struct jq_filter *jq_filter_new(const char *expr);
/* NULL and *keep set, or the reason the expression failed on this record. */
const char *jq_filter_run(struct jq_filter *f, const char *text, size_t len, bool *keep);
void jq_filter_free(struct jq_filter *f);

#endif
