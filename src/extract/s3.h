/* s3.h — S3's side of a source: s3://bucket/prefix names every object
 * under the prefix (ListObjectsV2, following continuation tokens past
 * 1,000 keys), in key order; a prefix that is itself a key names that one
 * object; a prefix without a trailing slash lists it as a directory. */
#ifndef SK_S3_H
#define SK_S3_H

#include <stdbool.h>
#include <stdint.h>

#include "extract/aws.h"

struct s3_object {
	char *url;   /* s3://bucket/key, as messages name it */
	char *key;
	uint64_t size;
	char *etag;
};

struct s3_listing {
	struct s3_object *objects;
	size_t count, cap;
};

/* Lists s3://bucket/prefix; exits with the key and S3's answer on failure. */
void s3_list(const struct aws_config *c, const char *url, struct s3_listing *out);
void s3_listing_free(struct s3_listing *l);
/* Adds the objects of one ListObjectsV2 answer (xml, NUL-terminated) to
 * out; returns the next page's continuation token (freed by the caller),
 * or NULL on the last page.  what names the listing in messages. */
char *s3_listing_page(const char *xml, const char *bucket, const char *what,
		      struct s3_listing *out);

/* The http(s) URL of an s3:// URL (path-style on a custom endpoint). */
char *s3_http_url(const struct aws_config *c, const char *s3_url);

/* Splits s3://bucket/key; false when url is not one. */
bool s3_parse(const char *url, char **bucket, char **key);

#endif
