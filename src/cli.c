#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "err.h"

void cli_version(void)
{
	printf("%s (sk) %s\n", sk_progname, SK_VERSION);
	if (fflush(stdout) != 0 || ferror(stdout))
		sk_die(SK_EXIT_SYSTEM, "stdout: write error:");
	exit(SK_EXIT_OK);
}

void cli_usage(const char *text, int code)
{
	FILE *f = code == 0 ? stdout : stderr;

	fputs(text, f);
	fflush(f);
	exit(code);
}
