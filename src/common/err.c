#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

const char *sk_progname = "sk";

static void vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);

	fprintf(stderr, "%s: ", sk_progname);
	vfprintf(stderr, fmt, ap);
	if (len > 0 && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void sk_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

static void (*die_hook)(void *ctx, const char *message);
static void *die_hook_ctx;

void sk_at_die(void (*hook)(void *ctx, const char *message), void *ctx)
{
	die_hook = hook;
	die_hook_ctx = ctx;
}

void sk_die(int code, const char *fmt, ...)
{
	void (*hook)(void *, const char *) = die_hook;
	char message[1024];
	va_list ap, again;

	va_start(ap, fmt);
	va_copy(again, ap);
	vwarn(fmt, ap);
	if (hook) {
		die_hook = NULL; /* a failure inside the hook dies plainly */
		vsnprintf(message, sizeof message, fmt, again);
		hook(die_hook_ctx, message);
	}
	va_end(again);
	va_end(ap);
	exit(code);
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
