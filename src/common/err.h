/* err.h — how every sk tool speaks when something goes wrong.
 *
 * Messages go to stderr as "sk-NAME: where: what" (SPEC §4), never to stdout.
 * The exit codes are the project's contract with shell scripts and make. */
#ifndef SK_ERR_H
#define SK_ERR_H

#include <setjmp.h>
#include <stddef.h>

enum sk_exit {
	SK_EXIT_OK = 0,
	SK_EXIT_DATA = 1,     /* input data rejected beyond the allowed limit */
	SK_EXIT_USAGE = 2,    /* bad command line */
	SK_EXIT_SYSTEM = 3,   /* I/O, memory, corrupt compressed stream */
	SK_EXIT_NETWORK = 4,  /* remote source failed */
	SK_EXIT_DATABASE = 5, /* PostgreSQL refused or failed */
};

/* The tool's name, set once by main from its own constant. */
extern const char *sk_progname;

/* "sk-NAME: " + formatted message + newline, on stderr.  A format ending in
 * ':' gets strerror(errno) appended, as in sbase's weprintf. */
void sk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void sk_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hooks sk_die calls with its message (without the tool's name) before it
 * exits, each once, the newest first: db.c's, for the time of a COPY, tells
 * the server why its input ended; the load's records its failure.
 * sk_at_die_done removes the newest hook, when it is that one. */
void sk_at_die(void (*hook)(void *ctx, const char *message), void *ctx);
void sk_at_die_done(void (*hook)(void *ctx, const char *message));

/* A thread whose failure is another thread's to report (load/star.c's
 * count ahead, beside the thread that talks to the server): its sk_die
 * keeps the code and message here and jumps back to `at`, instead of
 * printing, running the hooks (which use the connection) and exiting; the
 * other thread then dies with them, sk_die(code, "%s", message). */
struct sk_caught {
	jmp_buf at;
	int code;
	char message[4096];
};
/* The calling thread's sk_die caught into c from now on; NULL: no more. */
void sk_catch_dies(struct sk_caught *c);

/* Allocation that cannot fail: out of memory is a system error, not a branch. */
void *sk_malloc(size_t n);
void *sk_calloc(size_t count, size_t size); /* zeroed */
void *sk_realloc(void *p, size_t n);
char *sk_strndup(const char *s, size_t n);

#endif
