/* sk-time — turns an epoch-milliseconds column of TSV into the columns of
 * the star's time dimension (SPEC §2): start_time, hour, day, week, month,
 * year, weekday, all in UTC; week is the ISO 8601 week, weekday 0 = Sunday
 * (PostgreSQL's EXTRACT(dow)).  The calendar lives in utc.c. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/hashmap.h"
#include "common/progress.h"
#include "extract/input.h"
#include "transform/lines.h"
#include "transform/rejects.h"
#include "transform/tsv.h"
#include "transform/utc.h"
#include "transform/value.h"

static const char usage[] =
	"usage: sk-time [-qu] [-f FIELD] [--max-errors N --rejects FILE]\n"
	"               [--no-end-line] [--allow-empty] [--files-from FILE] [FILE ...]\n"
	"\n"
	"Reads TSV (stdin by default) and replaces the epoch-milliseconds column\n"
	"FIELD (1 by default) with: start_time, hour, day, week, month, year,\n"
	"weekday, in UTC; week is the ISO 8601 week, weekday 0 = Sunday.\n"
	"\n"
	"  -f, --field N      the column holding epoch milliseconds (from 1)\n"
	"  -u, --unique       write each distinct timestamp once\n"
	"  --max-errors N     let up to N bad lines through (default 0)\n"
	"  --rejects FILE     append each bad line there, with its reason\n"
	"  --allow-empty      a directory may hold no file\n"
	"  --files-from FILE  read the files FILE names, one a line, first\n"
	"  --no-end-line      never end the TSV with the end-of-data line \\.\n"
	"                     (by default written when every input ended with it)\n"
	"  -q, --quiet        no progress report\n"
	"  -h, --help         this text;  --version  the version\n"
	"\n"
	"Example: sk-events2tsv -t ts log_data/ | sk-time -u | sk-copyin time\n";

enum { MAX_COLUMNS = 256 };

struct options {
	size_t field; /* from 0 */
	bool unique;
	struct cli_common common;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "field", required_argument, NULL, 'f' },
		{ "unique", no_argument, NULL, 'u' },
		CLI_FILTER_OPTIONS,
	};
	int c;

	while ((c = cli_getopt(argc, argv, "f:uqh", longopts)) != -1) {
		switch (c) {
		case 'f': opt->field = (size_t)cli_number("-f", optarg, MAX_COLUMNS) - 1; break;
		case 'u': opt->unique = true; break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
	cli_common_check(&opt->common);
}

static void write_time(struct tsv_out *out, int64_t ms)
{
	char when[UTC_TEXT_LEN];
	struct utc t;

	utc_from_ms(ms, &t);
	tsv_raw(out, when, utc_format(&t, when));
	tsv_int(out, t.hour);
	tsv_int(out, t.day);
	tsv_int(out, t.iso_week);
	tsv_int(out, t.month);
	tsv_int(out, t.year);
	tsv_int(out, t.weekday);
}

/* The epoch milliseconds in column `field`, or a reason it has none. */
static const char *read_ms(char *fields[], size_t lens[], size_t count, size_t field,
			   int64_t *ms)
{
	if (count <= field)
		return "too few columns";
	if (tsv_is_null(fields[field], lens[field]))
		return "NULL where epoch milliseconds are expected";
	if (parse_whole(fields[field], lens[field], UTC_MIN_MS, UTC_MAX_MS, ms))
		return "not epoch milliseconds (a whole number, years 1-9999)";
	return NULL;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct input_sources sources;
	struct lines input;
	struct record line;
	struct tsv_out out;
	struct rejects rejects;
	struct intset seen;
	struct progress progress;
	char *fields[MAX_COLUMNS];
	size_t lens[MAX_COLUMNS], count;
	uint64_t nlines = 0, bytes = 0;

	sk_progname = "sk-time";
	parse_options(argc, argv, &opt);
	rejects_open(&rejects, opt.common.max_errors, opt.common.rejects);
	sources = input_sources_of(&opt.common, argv + optind, (size_t)(argc - optind));
	lines_open(&input, &sources);
	tsv_open(&out, "-");
	intset_init(&seen);
	progress_start(&progress, opt.common.quiet, "lines", 4096);

	while (lines_next(&input, &line)) {
		int64_t ms;
		const char *why;
		nlines++, bytes += line.len + 1;
		count = tsv_split(line.text, line.len, fields, lens, MAX_COLUMNS);
		if (count > MAX_COLUMNS)
			sk_die(SK_EXIT_DATA, "%s:%llu: more than %d columns", line.source,
			       (unsigned long long)line.line, MAX_COLUMNS);
		if ((why = read_ms(fields, lens, count, opt.field, &ms)) != NULL) {
			rejects_add(&rejects, &line, line.line, why);
			continue;
		}
		if (opt.unique && !intset_add(&seen, ms))
			continue;
		for (size_t i = 0; i < count; i++)
			if (i == opt.field)
				write_time(&out, ms);
			else
				tsv_raw(&out, fields[i], lens[i]);
		tsv_end_row(&out);
		progress_tick(&progress, nlines, bytes);
	}

	progress_end(&progress, nlines, bytes);
	/* Complete only when every input was: a cut stream stays cut. */
	if (input.all_ended && !opt.common.no_end_line)
		tsv_end_data(&out);
	tsv_close(&out);
	rejects_close(&rejects);
	intset_free(&seen);
	lines_close(&input);
	return SK_EXIT_OK;
}
