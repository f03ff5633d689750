#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"

static _Noreturn void version(void)
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

static uint64_t parse_count(const char *arg)
{
	char *end;
	unsigned long long v;

	if (arg[0] < '0' || arg[0] > '9')
		sk_die(SK_EXIT_USAGE, "--max-errors: '%s' is not a count", arg);
	v = strtoull(arg, &end, 10);
	if (*end != '\0')
		sk_die(SK_EXIT_USAGE, "--max-errors: '%s' is not a count", arg);
	return v;
}

/* The long option of value val that arg ("--name" or "--name=value", the
 * name maybe abbreviated) names, or NULL. */
static const struct option *long_named(const char *arg, const struct option *longopts, int val)
{
	size_t len = strcspn(arg + 2, "=");

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	for (; longopts->name; longopts++)
		if (longopts->val == val && strncmp(longopts->name, arg + 2, len) == 0)
			return longopts;
	return NULL;
}

int cli_getopt(int argc, char *const argv[], const char *shortopts,
	       const struct option *longopts)
{
	char quiet[64];
	const char *arg;
	const struct option *named;
	int c;

	snprintf(quiet, sizeof quiet, ":%s", shortopts); /* ':' reports a missing value */
	opterr = 0;
	c = getopt_long(argc, argv, quiet, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	arg = argv[optind - 1];
	named = long_named(arg, longopts, optopt);
	if (optopt == 0)
		sk_die(SK_EXIT_USAGE, "unknown option %s (try --help)", arg);
	if (named)
		sk_die(SK_EXIT_USAGE, c == ':' ? "--%s needs a value (try --help)"
					      : "--%s takes no value (try --help)", named->name);
	sk_die(SK_EXIT_USAGE, c == ':' ? "-%c needs a value (try --help)"
				      : "unknown option -%c (try --help)", optopt);
}

void cli_common_option(int c, const char *arg, const char *usage, struct cli_common *opt)
{
	switch (c) {
	case 'M': opt->max_errors = parse_count(arg); break;
	case 'R': opt->rejects = arg; break;
	case 'E': opt->no_end_line = true; break;
	case 'A': opt->allow_empty = true; break;
	case 'F': opt->files_from = arg; break;
	case 'K': opt->no_sign = true; break;
	case 'q': opt->quiet = true; break;
	case 'h': cli_usage(usage, SK_EXIT_OK);
	case 'V': version();
	default: cli_usage(usage, SK_EXIT_USAGE);
	}
}

long cli_range(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg == '\0' || *end || n < min || n > max)
		sk_die(SK_EXIT_USAGE, "%s: '%s' is not a number from %ld to %ld", opt, arg, min, max);
	return n;
}

long cli_number(const char *opt, const char *arg, long max)
{
	return cli_range(opt, arg, 1, max);
}

void cli_common_check(const struct cli_common *opt)
{
	if (opt->max_errors > 0 && !opt->rejects)
		sk_die(SK_EXIT_USAGE,
		       "--max-errors needs --rejects FILE, so that no bad record is lost");
}
