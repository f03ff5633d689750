/* fuzz.c — the harnesses' support: fuzz_exit, fuzz_file (fuzz.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

jmp_buf fuzz_jump;
int fuzz_armed;

/* err.c's exit in the fuzz build. */
_Noreturn void fuzz_exit(int code);
_Noreturn void fuzz_exit(int code)
{
	if (fuzz_armed) {
		fuzz_armed = 0;
		longjmp(fuzz_jump, 1);
	}
	fprintf(stderr, "fuzz: exit(%d) outside FUZZ_TRY\n", code);
	abort();
}

int fuzz_file(const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz-input", 0);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size)) {
		perror("fuzz: memfd");
		abort();
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}
