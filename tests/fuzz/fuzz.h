/* fuzz.h — what the libFuzzer harnesses share (make fuzz, tests/fuzz.sh).
 *
 * sk's modules end the process on bad input with sk_die (err.h), as a
 * tool should.  In the fuzz build err.c's exit is fuzz_exit (Makefile),
 * which jumps back to the harness: such an ending is an answer, not a
 * crash.  A harness runs its input between FUZZ_TRY and FUZZ_END. */
#ifndef SK_FUZZ_H
#define SK_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

extern jmp_buf fuzz_jump;
extern int fuzz_armed;

/* Runs the statement; an sk_die within it lands after it. */
#define FUZZ_TRY(statement)                    \
	do {                                   \
		if (setjmp(fuzz_jump) == 0) {  \
			fuzz_armed = 1;        \
			statement;             \
		}                              \
		fuzz_armed = 0;                \
	} while (0)

/* The input in a file of its own (memfd), named by its /proc path, for the
 * modules that read sources by name; the caller closes fd. */
int fuzz_file(const uint8_t *data, size_t size, char path[64]);

#endif
