/* http.h — what every request to S3 or an http(s) server shares: libcurl
 * handles set up with SigV4 signing (libcurl's own CURLOPT_AWS_SIGV4, with
 * the x-amz-content-sha256 header S3 requires), timeouts that catch a
 * stalled transfer, and the AWS SDKs' "standard" retry policy: retry
 * throttling, 5xx and broken connections, with exponential backoff and
 * full jitter, up to max_attempts tries in all. */
#ifndef SK_HTTP_H
#define SK_HTTP_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "extract/aws.h"

/* A new easy handle for url.  An s3 request is signed with c's keys when c
 * has them, and its path is sent as it is (a key's "../" included).
 * *headers receives the header list the caller frees after the transfer. */
CURL *http_easy(const struct aws_config *c, const char *url, bool s3,
		struct curl_slist **headers);
/* True for failures worth another try: throttling (429, 503 SlowDown),
 * 500/502/503/504, timeouts, refused, reset or cut connections. */
bool http_retryable(CURLcode rc, long status);
/* Seconds to wait before try number `attempt` (2, 3, ...): full jitter
 * over an exponential ceiling, as the SDKs do. */
double http_backoff(int attempt);
void http_sleep(double seconds);

/* A whole response in memory (listings, error bodies). */
struct http_body {
	char *data;
	size_t len, cap;
};
size_t http_body_write(char *ptr, size_t size, size_t n, void *body);
void http_body_free(struct http_body *b);
/* Exits with the status and, when the body is S3's XML error, its Code
 * and Message: "s3://b/k: HTTP 404 NoSuchKey: The specified key ...";
 * for a 401 or 403, refused_why after it, when not NULL (no credentials). */
_Noreturn void http_die_answer(const char *what, long status, const struct http_body *b,
			       const char *refused_why);

/* The text of <tag>...</tag> at or after *from in xml, entities decoded,
 * NUL-terminated and freed by the caller; NULL when absent.  *from moves
 * past the element.  Enough XML for S3's flat answers. */
char *xml_text(const char *xml, const char **from, const char *tag);

/* Percent-encoding as SigV4 canonicalises it: unreserved characters stay,
 * '/' stays when keep_slash, everything else is %XX. */
char *url_encode(const char *s, bool keep_slash);

#endif
