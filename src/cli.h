/* cli.h — what every tool's command line shares: --help, --version. */
#ifndef SK_CLI_H
#define SK_CLI_H

#define SK_VERSION "0.1.0"

/* Prints "NAME (sk) VERSION" on stdout and exits 0. */
_Noreturn void cli_version(void);
/* Prints the usage text on stdout (asked for) or stderr (a usage error,
 * exit 2) and exits. */
_Noreturn void cli_usage(const char *text, int code);

#endif
