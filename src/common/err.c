#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

const char *sk_progname = "sk";

/* The message as it is printed after "sk-NAME: ": a format ending in ':'
 * gets strerror(errno) appended. */
static void vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);
	int n = vsnprintf(buf, cap, fmt, ap);

	if (n >= 0 && (size_t)n < cap && len > 0 && fmt[len - 1] == ':')
		snprintf(buf + n, cap - (size_t)n, " %s", strerror(saved));
}

static void vwarn(char *buf, size_t cap, const char *fmt, va_list ap)
{
	vformat(buf, cap, fmt, ap);
	fprintf(stderr, "%s: %s\n", sk_progname, buf);
}

void sk_warn(const char *fmt, ...)
{
	char message[4096];
	va_list ap;

	va_start(ap, fmt);
	vwarn(message, sizeof message, fmt, ap);
	va_end(ap);
}

/* The hooks, the newest last: a COPY's (tell the server why it ended)
 * runs before the load's (record the failure). */
enum { MAX_HOOKS = 4 };
static struct { void (*run)(void *ctx, const char *message); void *ctx; } hooks[MAX_HOOKS];
static int nhooks;
static int first_code = -1;

void sk_at_die(void (*hook)(void *ctx, const char *message), void *ctx)
{
	if (nhooks == MAX_HOOKS)
		sk_die(SK_EXIT_SYSTEM, "internal error: more than %d exit hooks", MAX_HOOKS);
	hooks[nhooks].run = hook;
	hooks[nhooks++].ctx = ctx;
}

void sk_at_die_done(void (*hook)(void *ctx, const char *message))
{
	if (nhooks > 0 && hooks[nhooks - 1].run == hook)
		nhooks--;
}

static _Thread_local struct sk_caught *catching;

void sk_catch_dies(struct sk_caught *c)
{
	catching = c;
}

void sk_die(int code, const char *fmt, ...)
{
	char message[4096];
	va_list ap;

	va_start(ap, fmt);
	if (catching) {
		struct sk_caught *c = catching;
		catching = NULL;
		vformat(c->message, sizeof c->message, fmt, ap);
		va_end(ap);
		c->code = code;
		longjmp(c->at, 1);
	}
	vwarn(message, sizeof message, fmt, ap);
	va_end(ap);
	/* The first failure is the cause: a hook that fails in turn says so,
	 * and the process exits with the first one's code. */
	if (first_code < 0)
		first_code = code;
	while (nhooks > 0) {
		nhooks--;
		hooks[nhooks].run(hooks[nhooks].ctx, message);
	}
	exit(first_code);
}

void *sk_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes)", n);
	return p;
}

void *sk_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu of %zu bytes)", count, size);
	return p;
}

void *sk_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		sk_die(SK_EXIT_SYSTEM, "out of memory (%zu bytes)", n);
	return p;
}

char *sk_strndup(const char *s, size_t n)
{
	char *d = sk_malloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
