/* sk-fetch — the extract step: objects from disk or stdin to one stream of
 * JSON records, one per line (NDJSON).  Directories are read recursively in
 * sorted path order; gzip and zstd are decompressed by content.  A record
 * on one line passes byte for byte; a pretty-printed one is joined onto one
 * line by dropping the whitespace between its tokens; every record ends
 * with exactly one newline, whether or not its file had one. */
#include <getopt.h>
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "progress.h"
#include "records.h"
#include "tsv.h"

static const char usage[] =
	"usage: sk-fetch [-q] [SOURCE ...]\n"
	"\n"
	"Writes every JSON record of the sources to stdout, one per line.  A\n"
	"SOURCE is a file, a directory (all files under it, recursively, in\n"
	"sorted path order, hidden names skipped) or '-' for stdin (the default).\n"
	"gzip and zstd data are decompressed whatever the file's name.\n"
	"\n"
	"  -q, --quiet    no progress report\n"
	"  -h, --help     this text;  --version  the version\n"
	"\n"
	"Example: sk-fetch song_data/ | jq -r .title\n";

static void parse_options(int argc, char **argv, struct cli_common *opt)
{
	static const struct option longopts[] = { CLI_TOOL_OPTIONS };
	int c;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1)
		cli_common_option(c, optarg, usage, opt);
	for (int i = optind; i < argc; i++)
		if (strstr(argv[i], "://"))
			sk_die(SK_EXIT_USAGE, "%s: remote sources (s3://, http://) are not "
			       "supported yet", argv[i]);
}

/* Drops whitespace outside strings, in place; returns the new length. */
static size_t compact(char *s, size_t n)
{
	bool in_string = false;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\' && i + 1 < n)
				s[o++] = c, c = s[++i];
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			continue;
		}
		s[o++] = c;
	}
	return o;
}

int main(int argc, char **argv)
{
	struct cli_common opt = { 0 };
	struct records input;
	struct record rec;
	struct tsv_out out;
	struct progress progress;

	sk_progname = "sk-fetch";
	parse_options(argc, argv, &opt);
	records_open(&input, argv + optind, (size_t)(argc - optind));
	tsv_open(&out, "-");
	progress_start(&progress, opt.quiet, "records", 4096);
	while (records_next(&input, &rec)) {
		size_t len = rec.multiline ? compact(rec.text, rec.len) : rec.len;
		tsv_raw(&out, rec.text, len);
		tsv_end_row(&out);
		progress_tick(&progress, input.count, records_raw_bytes(&input));
	}
	progress_end(&progress, input.count, records_raw_bytes(&input));
	tsv_close(&out);
	records_close(&input);
	return SK_EXIT_OK;
}
