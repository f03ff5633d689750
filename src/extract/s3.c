#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract/http.h"
#include "extract/s3.h"

bool s3_parse(const char *url, char **bucket, char **key)
{
	const char *b, *slash;

	if (strncmp(url, "s3://", 5) != 0)
		return false;
	b = url + 5;
	slash = strchr(b, '/');
	*bucket = sk_strndup(b, slash ? (size_t)(slash - b) : strlen(b));
	*key = sk_strndup(slash ? slash + 1 : "", slash ? strlen(slash + 1) : 0);
	return **bucket != '\0';
}

/* The bucket's base URL: path-style on a custom endpoint (S3-compatible
 * servers), virtual-hosted on AWS. */
static char *bucket_url(const struct aws_config *c, const char *bucket, const char *path)
{
	size_t n = strlen(bucket) + strlen(path) + strlen(c->region) +
		   (c->endpoint ? strlen(c->endpoint) : 0) + 64;
	char *url = sk_malloc(n);

	if (c->endpoint)
		snprintf(url, n, "%s/%s/%s", c->endpoint, bucket, path);
	else
		snprintf(url, n, "https://%s.s3.%s.amazonaws.com/%s", bucket, c->region, path);
	return url;
}

char *s3_http_url(const struct aws_config *c, const char *s3_url)
{
	char *bucket, *key, *path, *url;

	if (!s3_parse(s3_url, &bucket, &key))
		sk_die(SK_EXIT_USAGE, "%s: not an s3://bucket/key URL", s3_url);
	path = url_encode(key, true);
	url = bucket_url(c, bucket, path);
	free(bucket);
	free(key);
	free(path);
	return url;
}

/* One GET, retried by the policy in http.h; the body and status come back.
 * Exits on a failure that is not worth retrying or outlasts the tries. */
static long get(const struct aws_config *c, const char *url, const char *what,
		struct http_body *body)
{
	for (int attempt = 1;; attempt++) {
		struct curl_slist *headers;
		CURL *h = http_easy(c, url, true, &headers);
		long status = 0;
		CURLcode rc;
		char errbuf[CURL_ERROR_SIZE] = "";

		http_body_free(body);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, http_body_write);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
		rc = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(h);
		curl_slist_free_all(headers);
		if (!http_retryable(rc, status) || attempt >= c->max_attempts) {
			if (rc != CURLE_OK)
				sk_die(SK_EXIT_NETWORK, "%s: %s", what,
				       *errbuf ? errbuf : curl_easy_strerror(rc));
			return status;
		}
		http_sleep(http_backoff(attempt));
	}
}

static void push(struct s3_listing *l, const char *bucket, char *key, uint64_t size, char *etag)
{
	struct s3_object *o;
	size_t n = strlen(bucket) + strlen(key) + 8;

	if (l->count == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->objects = sk_realloc(l->objects, l->cap * sizeof *l->objects);
	}
	o = &l->objects[l->count++];
	o->key = key;
	o->size = size;
	o->etag = etag;
	o->url = sk_malloc(n);
	snprintf(o->url, n, "s3://%s/%s", bucket, key);
}

/* A key ending in '/' is the empty "folder" the S3 console makes: no
 * object of data, and not the empty object an export that failed left. */
static bool is_folder_marker(const char *key)
{
	size_t n = strlen(key);

	return n > 0 && key[n - 1] == '/';
}

char *s3_listing_page(const char *xml, const char *bucket, const char *what,
		      struct s3_listing *out)
{
	const char *at = NULL;
	char *truncated, *next = NULL;

	for (char *block; (block = xml_text(xml, &at, "Contents")) != NULL; free(block)) {
		const char *b = NULL;
		char *key = xml_text(block, &b, "Key"), *size;
		b = NULL;
		size = xml_text(block, &b, "Size");
		b = NULL;
		if (key && !is_folder_marker(key))
			push(out, bucket, key, size ? strtoull(size, NULL, 10) : 0,
			     xml_text(block, &b, "ETag"));
		else
			free(key);
		free(size);
	}
	at = NULL;
	truncated = xml_text(xml, &at, "IsTruncated");
	if (truncated && strcmp(truncated, "true") == 0) {
		at = NULL;
		if (!(next = xml_text(xml, &at, "NextContinuationToken"))) {
			free(truncated);
			sk_die(SK_EXIT_NETWORK, "%s: a truncated listing without a continuation token",
			       what);
		}
	}
	free(truncated);
	return next;
}

/* One page of ListObjectsV2: its <Contents>, and the token of the next. */
static char *list_page(const struct aws_config *c, const char *bucket, const char *prefix,
		       const char *token, const char *what, struct s3_listing *out)
{
	char *eprefix = url_encode(prefix, false), *etoken = token ? url_encode(token, false) : NULL;
	size_t n = strlen(eprefix) + (etoken ? strlen(etoken) : 0) + 64;
	char *query = sk_malloc(n), *url, *next;
	struct http_body body = { 0 };
	long status;

	/* Parameters in SigV4's canonical order: libcurl 7.88 signs the query
	 * as it is written and does not sort it (curl issue #9717). */
	snprintf(query, n, "?%s%s%slist-type=2&prefix=%s", etoken ? "continuation-token=" : "",
		 etoken ? etoken : "", etoken ? "&" : "", eprefix);
	url = bucket_url(c, bucket, query);
	free(query);
	free(eprefix);
	free(etoken);
	status = get(c, url, what, &body);
	free(url);
	if (status != 200)
		http_die_answer(what, status, &body, c->no_credentials);
	next = s3_listing_page(body.data, bucket, what, out);
	http_body_free(&body);
	return next;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct s3_object *)a)->key, ((const struct s3_object *)b)->key);
}

static void drop(struct s3_object *o)
{
	free(o->url);
	free(o->key);
	free(o->etag);
}

/* A prefix that is itself a key names that object alone; a prefix without
 * a trailing slash ("log_data") names the folder, not "log_data_old/". */
static void keep_named(struct s3_listing *l, const char *prefix)
{
	size_t plen = strlen(prefix), exact = SIZE_MAX, kept = 0;

	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->objects[i].key, prefix) == 0)
			exact = i;
	if (exact == SIZE_MAX && (plen == 0 || prefix[plen - 1] == '/'))
		return;
	for (size_t i = 0; i < l->count; i++) {
		struct s3_object *o = &l->objects[i];
		if (exact != SIZE_MAX ? i == exact : o->key[plen] == '/')
			l->objects[kept++] = *o;
		else
			drop(o);
	}
	l->count = kept;
}

void s3_list(const struct aws_config *c, const char *url, struct s3_listing *out)
{
	char *bucket, *prefix, *token = NULL;

	memset(out, 0, sizeof *out);
	if (!s3_parse(url, &bucket, &prefix))
		sk_die(SK_EXIT_USAGE, "%s: not an s3://bucket/prefix URL", url);
	do {
		char *next = list_page(c, bucket, prefix, token, url, out);
		free(token);
		token = next;
	} while (token);
	if (out->count > 1) /* S3 sorts; others may not */
		qsort(out->objects, out->count, sizeof *out->objects, by_key);
	keep_named(out, prefix);
	free(bucket);
	free(prefix);
}

void s3_listing_free(struct s3_listing *l)
{
	for (size_t i = 0; i < l->count; i++)
		drop(&l->objects[i]);
	free(l->objects);
	memset(l, 0, sizeof *l);
}
