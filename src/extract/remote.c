#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "extract/http.h"
#include "extract/remote.h"
#include "extract/s3.h"

struct chunk {
	struct chunk *next;
	size_t len, pos;
	char data[];
};

enum xfer_state { X_IDLE, X_RUNNING, X_WAITING, X_DONE };

struct xfer {
	const char *name;          /* as messages give it */
	char *url;                 /* what is requested */
	char *etag;                /* the version read: listed, or the first answer's */
	bool listed;               /* etag is the listing's */
	char *other_etag;          /* an answer's, when not etag: the object changed */
	bool sign;
	enum xfer_state state;
	CURL *h;
	struct curl_slist *headers;
	int attempt;
	double retry_at;
	struct chunk *head, *tail; /* received, not yet read */
	size_t buffered;
	bool paused, answered;     /* answered: this attempt's first bytes came */
	uint64_t received;         /* of the object, over all attempts */
	uint64_t skip;             /* bytes of a full answer to a Range request we already have */
	struct http_body error;    /* the body of an error answer */
	char errbuf[CURL_ERROR_SIZE];
};

struct fetcher {
	const struct aws_config *config;
	CURLM *multi;
	struct xfer *x;
	size_t count, reading;
	int jobs, running;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct fetcher *fetcher_new(const struct aws_config *c, const struct remote_object objects[],
			    size_t n, int jobs)
{
	struct fetcher *f = sk_malloc(sizeof *f);

	memset(f, 0, sizeof *f);
	srand((unsigned)time(NULL) ^ (unsigned)getpid()); /* backoff jitter */
	f->config = c;
	f->jobs = jobs > 0 ? jobs : 1;
	f->count = n;
	f->x = sk_malloc(n * sizeof *f->x);
	memset(f->x, 0, n * sizeof *f->x);
	for (size_t i = 0; i < n; i++) {
		const char *name = objects[i].name, *etag = objects[i].etag;
		f->x[i].name = name;
		f->x[i].sign = strncmp(name, "s3://", 5) == 0;
		f->x[i].url = f->x[i].sign ? s3_http_url(c, name) : sk_strndup(name, strlen(name));
		f->x[i].listed = etag != NULL;
		f->x[i].etag = etag ? sk_strndup(etag, strlen(etag)) : NULL;
	}
	if (!(f->multi = curl_multi_init()))
		sk_die(SK_EXIT_SYSTEM, "cannot start libcurl");
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)f->jobs);
	return f;
}

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct xfer *x = ctx;
	long status = 0;
	struct chunk *c;

	n *= size;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 300)
		return http_body_write(p, 1, n, &x->error);
	if (!x->answered) {
		x->answered = true;
		/* A server that ignores Range sends the object from the start. */
		x->skip = status == 200 ? x->received : 0;
	}
	if (x->buffered >= REMOTE_BUFFER) {
		x->paused = true;
		return CURL_WRITEFUNC_PAUSE; /* libcurl hands the same bytes again */
	}
	if (x->skip >= n) {
		x->skip -= n;
		return n;
	}
	c = sk_malloc(sizeof *c + n - x->skip);
	c->next = NULL;
	c->len = n - x->skip;
	c->pos = 0;
	memcpy(c->data, p + x->skip, c->len);
	x->skip = 0;
	if (x->tail)
		x->tail->next = c;
	else
		x->head = c;
	x->tail = c;
	x->buffered += c->len;
	x->received += c->len;
	return n;
}

/* Each answer's ETag against the version read: the first answer's is
 * kept when none was listed; another one stops the transfer.  A weak
 * ETag (W/) names no exact bytes and is not asked for. */
static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct xfer *x = ctx;
	size_t len = size * n, vlen;
	long status = 0;
	char *v = p + 5;

	if (len < 5 || strncasecmp(p, "etag:", 5) != 0)
		return len;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200 && status != 206)
		return len;
	v += strspn(v, " \t");
	for (vlen = (size_t)(p + len - v); vlen > 0 && strchr(" \t\r\n", v[vlen - 1]); vlen--)
		;
	if (!x->etag) {
		if (vlen > 0 && strncmp(v, "W/", 2) != 0)
			x->etag = sk_strndup(v, vlen);
		return len;
	}
	if (strlen(x->etag) == vlen && memcmp(x->etag, v, vlen) == 0)
		return len;
	x->other_etag = sk_strndup(v, vlen);
	return 0; /* libcurl ends the transfer */
}

/* Asks for the version read, when one is known. */
static void ask_for_version(struct xfer *x)
{
	size_t n;
	char *h;

	if (!x->etag)
		return;
	n = strlen(x->etag) + sizeof "If-Match: ";
	h = sk_malloc(n);
	snprintf(h, n, "If-Match: %s", x->etag);
	x->headers = curl_slist_append(x->headers, h);
	free(h);
	curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->headers);
}

static void start(struct fetcher *f, struct xfer *x)
{
	x->h = http_easy(f->config, x->url, x->sign, &x->headers);
	x->attempt++;
	x->answered = false;
	x->paused = false;
	http_body_free(&x->error);
	x->errbuf[0] = '\0';
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->h, CURLOPT_HEADERDATA, x);
	ask_for_version(x);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->errbuf);
	if (x->received > 0) /* resume after a cut: only the missing bytes */
		curl_easy_setopt(x->h, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)x->received);
	curl_multi_add_handle(f->multi, x->h);
	x->state = X_RUNNING;
	f->running++;
}

static void finish_handle(struct fetcher *f, struct xfer *x)
{
	curl_multi_remove_handle(f->multi, x->h);
	curl_easy_cleanup(x->h);
	curl_slist_free_all(x->headers);
	x->h = NULL;
	x->headers = NULL;
	f->running--;
}

/* The object is no longer the version read.  Not retried: nothing of it
 * may be loaded under the version the record names. */
static _Noreturn void die_changed(const struct xfer *x, long status)
{
	char now[256];

	if (x->other_etag)
		snprintf(now, sizeof now, "now %s", x->other_etag);
	else
		snprintf(now, sizeof now, "the server holds another: HTTP %ld", status);
	if (x->listed)
		sk_die(SK_EXIT_NETWORK, "%s: changed since it was listed (ETag %s; %s): nothing "
		       "of it is loaded, load again", x->name, x->etag, now);
	sk_die(SK_EXIT_NETWORK, "%s: changed while it was read (ETag %s; %s)", x->name, x->etag,
	       now);
}

static void complete(struct fetcher *f, struct xfer *x, CURLcode rc)
{
	const char *refused_why = x->sign ? f->config->no_credentials : NULL;
	long status = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	finish_handle(f, x);
	if (x->other_etag || (status == 412 && x->etag))
		die_changed(x, status);
	if (rc == CURLE_OK && (status == 200 || status == 206 ||
			       (status == 416 && x->received > 0))) {
		x->state = X_DONE;
		return;
	}
	if (http_retryable(rc, status) && x->attempt < f->config->max_attempts) {
		x->state = X_WAITING;
		x->retry_at = now() + http_backoff(x->attempt);
		return;
	}
	if (rc != CURLE_OK)
		sk_die(SK_EXIT_NETWORK, "%s: %s (after %d attempt%s)", x->name,
		       *x->errbuf ? x->errbuf : curl_easy_strerror(rc), x->attempt,
		       x->attempt == 1 ? "" : "s");
	if (x->attempt > 1) {
		char what[4096];
		snprintf(what, sizeof what, "%s (after %d attempts)", x->name, x->attempt);
		http_die_answer(what, status, &x->error, refused_why);
	}
	http_die_answer(x->name, status, &x->error, refused_why);
}

/* Starts what may start: objects from the reader's on, at most `jobs`
 * running and 4 * jobs not yet read, retries whose wait is over.  The
 * object being read always may: the slots can all be held by objects
 * ahead of it, paused until the reader comes to them. */
static void schedule(struct fetcher *f)
{
	size_t ahead = (size_t)f->jobs * 4;
	double t = now();

	for (size_t i = f->reading; i < f->count && i < f->reading + ahead; i++) {
		struct xfer *x = &f->x[i];
		if (f->running >= f->jobs && i != f->reading)
			return;
		if (x->state == X_IDLE || (x->state == X_WAITING && x->retry_at <= t))
			start(f, x);
	}
}

static void pump(struct fetcher *f)
{
	CURLMsg *msg;
	int left;

	schedule(f);
	curl_multi_perform(f->multi, &left);
	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		struct xfer *x;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		complete(f, x, msg->data.result);
	}
	schedule(f);
	curl_multi_poll(f->multi, NULL, 0, 50, NULL);
}

size_t fetcher_read(struct fetcher *f, size_t i, char *buf, size_t cap)
{
	struct xfer *x = &f->x[i];
	size_t n = 0;

	f->reading = i;
	while (!x->head && x->state != X_DONE)
		pump(f);
	while (x->head && n < cap) {
		struct chunk *c = x->head;
		size_t take = c->len - c->pos < cap - n ? c->len - c->pos : cap - n;
		memcpy(buf + n, c->data + c->pos, take);
		c->pos += take;
		n += take;
		if (c->pos == c->len) {
			x->head = c->next;
			if (!x->head)
				x->tail = NULL;
			free(c);
		}
	}
	x->buffered -= n;
	if (x->paused && x->buffered < REMOTE_BUFFER / 2 && x->h) {
		x->paused = false;
		curl_easy_pause(x->h, CURLPAUSE_CONT);
	}
	return n;
}

void fetcher_free(struct fetcher *f)
{
	for (size_t i = 0; i < f->count; i++) {
		struct xfer *x = &f->x[i];
		if (x->h)
			finish_handle(f, x);
		while (x->head) {
			struct chunk *c = x->head;
			x->head = c->next;
			free(c);
		}
		http_body_free(&x->error);
		free(x->url);
		free(x->etag);
		free(x->other_etag);
	}
	curl_multi_cleanup(f->multi);
	free(f->x);
	free(f);
}
