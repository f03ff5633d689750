/* cli.h — what every tool's command line shares: -q, -h/--help,
 * --version, and for the filters --max-errors N, --rejects FILE,
 * --no-end-line, --allow-empty and --files-from. */
#ifndef SK_CLI_H
#define SK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#define SK_VERSION "0.1.0"

/* The shared entries of a getopt_long table; ends the table. */
#define CLI_FILTER_OPTIONS \
	{ "max-errors", required_argument, NULL, 'M' }, \
	{ "rejects", required_argument, NULL, 'R' }, \
	CLI_END_LINE_OPTION, \
	CLI_ALLOW_EMPTY_OPTION, \
	CLI_TOOL_OPTIONS
#define CLI_ALLOW_EMPTY_OPTION { "allow-empty", no_argument, NULL, 'A' }, \
	{ "files-from", required_argument, NULL, 'F' }
#define CLI_END_LINE_OPTION { "no-end-line", no_argument, NULL, 'E' }
/* For a tool that reads s3:// sources. */
#define CLI_NO_SIGN_OPTION { "no-sign-request", no_argument, NULL, 'K' }
#define CLI_TOOL_OPTIONS \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ NULL, 0, NULL, 0 }

struct cli_common {
	bool quiet;
	uint64_t max_errors;  /* bad records let through; 0: stop at the first */
	const char *rejects;  /* where they go */
	bool no_end_line;     /* TSV streams without the end-of-data line */
	bool allow_empty;     /* a source may name no object */
	const char *files_from; /* a file naming the objects to read */
	bool no_sign;         /* anonymous S3 requests */
};

/* getopt_long, but a usage error (an unknown option, a missing value) is
 * one line, "sk-NAME: what (try --help)", and exit 2. */
int cli_getopt(int argc, char *const argv[], const char *shortopts,
	       const struct option *longopts);
/* Handles a shared option from a tool's option switch (its default
 * branch); --help and --version exit 0. */
void cli_common_option(int c, const char *arg, const char *usage, struct cli_common *opt);
/* After the options: --max-errors needs --rejects, so nothing is lost. */
void cli_common_check(const struct cli_common *opt);

/* An option's whole-number argument in [min, max]; exits 2 otherwise. */
long cli_range(const char *opt, const char *arg, long min, long max);
/* The same in [1, max]. */
long cli_number(const char *opt, const char *arg, long max);

/* Prints the usage text on stdout (asked for) or stderr (a usage error,
 * exit 2) and exits. */
_Noreturn void cli_usage(const char *text, int code);

#endif
