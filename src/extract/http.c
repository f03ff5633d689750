#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/cli.h"
#include "common/err.h"
#include "extract/http.h"

CURL *http_easy(const struct aws_config *c, const char *url, bool s3,
		struct curl_slist **headers)
{
	CURL *h = curl_easy_init();
	char sigv4[128];

	if (!h)
		sk_die(SK_EXIT_SYSTEM, "cannot start libcurl");
	*headers = NULL;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "sk/" SK_VERSION);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	/* A transfer that brings nothing for `timeout` seconds has stalled. */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (c->ca_bundle)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_bundle);
	if (s3)
		aws_unsigned_said(c);
	/* An S3 key is a name, not a path: "a/../b" names its own object,
	 * which libcurl's dot-segment squashing would turn into "b". */
	if (s3)
		curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	if (s3 && c->access_key && c->secret_key) {
		snprintf(sigv4, sizeof sigv4, "aws:amz:%s:s3", c->region);
		curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4);
		curl_easy_setopt(h, CURLOPT_USERNAME, c->access_key);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->secret_key);
		/* S3 wants the payload's hash; a GET has none to sign.  libcurl
		 * signs the x-amz-* headers it is given, the token included. */
		*headers = curl_slist_append(*headers, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
		if (c->session_token) {
			size_t n = strlen(c->session_token) + 32;
			char *tok = sk_malloc(n);
			snprintf(tok, n, "x-amz-security-token: %s", c->session_token);
			*headers = curl_slist_append(*headers, tok);
			free(tok);
		}
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
	}
	return h;
}

bool http_retryable(CURLcode rc, long status)
{
	switch (rc) {
	case CURLE_OK:
		return status == 429 || status == 500 || status == 502 || status == 503 ||
		       status == 504;
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

double http_backoff(int attempt)
{
	double ceiling = 0.1 * (double)(1u << (attempt < 12 ? attempt : 12));

	if (ceiling > 20)
		ceiling = 20;
	return ceiling * ((double)rand() / RAND_MAX);
}

void http_sleep(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9) };

	nanosleep(&ts, NULL);
}

size_t http_body_write(char *ptr, size_t size, size_t n, void *body)
{
	struct http_body *b = body;

	n *= size;
	if (b->len + n + 1 > b->cap) {
		b->cap = 2 * (b->len + n + 1);
		b->data = sk_realloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

void http_body_free(struct http_body *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

static size_t decode_entity(const char *s, char *out)
{
	static const struct { const char *name; char c; } named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
	};

	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strncmp(s, named[i].name, strlen(named[i].name)) == 0) {
			*out = named[i].c;
			return strlen(named[i].name);
		}
	return 0;
}

/* Numeric references (&#65; &#x41;) as UTF-8, *s at the '#': returns the
 * bytes written and moves *s past the ';', or 0 when it is not one. */
static size_t numeric_entity(const char **s, char *out)
{
	char *end;
	unsigned long cp = (*s)[1] == 'x' ? strtoul(*s + 2, &end, 16) : strtoul(*s + 1, &end, 10);

	if (*end != ';' || cp == 0 || cp > 0x10ffff)
		return 0;
	*s = end + 1;
	if (cp < 0x80)
		return out[0] = (char)cp, 1;
	if (cp < 0x800)
		return out[0] = (char)(0xc0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3f)), 2;
	if (cp < 0x10000)
		return out[0] = (char)(0xe0 | cp >> 12), out[1] = (char)(0x80 | (cp >> 6 & 0x3f)),
		       out[2] = (char)(0x80 | (cp & 0x3f)), 3;
	return out[0] = (char)(0xf0 | cp >> 18), out[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
	       out[2] = (char)(0x80 | (cp >> 6 & 0x3f)), out[3] = (char)(0x80 | (cp & 0x3f)), 4;
}

char *xml_text(const char *xml, const char **from, const char *tag)
{
	char open[64], close[64], *out, *o;
	const char *start, *end, *s;

	snprintf(open, sizeof open, "<%s>", tag);
	snprintf(close, sizeof close, "</%s>", tag);
	if (!(start = strstr(*from ? *from : xml, open)))
		return NULL;
	start += strlen(open);
	if (!(end = strstr(start, close)))
		return NULL;
	*from = end + strlen(close);
	o = out = sk_malloc((size_t)(end - start) + 1);
	for (s = start; s < end;) {
		const char *p = s + 1;
		size_t n;
		if (*s == '&' && *p == '#' && (n = numeric_entity(&p, o)) > 0) {
			o += n;
			s = p;
		} else if (*s == '&' && (n = decode_entity(s + 1, o)) > 0) {
			o++;
			s += n + 1;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

char *url_encode(const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = sk_malloc(3 * strlen(s) + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

void http_die_answer(const char *what, long status, const struct http_body *b,
		     const char *refused_why)
{
	const char *at_code = NULL, *at_msg = NULL;
	char *code = b->data ? xml_text(b->data, &at_code, "Code") : NULL;
	char *msg = b->data ? xml_text(b->data, &at_msg, "Message") : NULL;
	bool refused = (status == 401 || status == 403) && refused_why;

	sk_die(SK_EXIT_NETWORK, "%s: HTTP %ld%s%s%s%s%s%s%s", what, status, code ? " " : "",
	       code ? code : "", msg ? ": " : "", msg ? msg : "", refused ? " (" : "",
	       refused ? refused_why : "", refused ? ")" : "");
}
