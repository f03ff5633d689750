/* sk-copyin — TSV (PostgreSQL COPY text format) into tables through libpq
 * COPY, all tables of one run in one transaction: a failure anywhere
 * commits nothing.  The star's tables are merged by their rules (star.c);
 * any other table gets a plain COPY. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/progress.h"
#include "extract/input.h"
#include "extract/remote_input.h"
#include "load/db.h"
#include "load/feed.h"
#include "load/star.h"

static const char usage[] =
	"usage: sk-copyin [-q] [--merge] [-d CONNINFO] [--init SQLFILE ...] TABLE[=FILE] ...\n"
	"\n"
	"Loads TSV in PostgreSQL COPY format into each TABLE, from FILE or, for a\n"
	"bare TABLE, from stdin (gzip or zstd compressed or not), all in one\n"
	"transaction.  The star's tables are merged by their rules: songplays\n"
	"adds new plays only, users keeps each user's newest state, songs keeps\n"
	"the first record, artists the first non-empty value per column, time\n"
	"distinct start_time.  Other tables get a plain COPY.  Prints, per\n"
	"table, the rows read, inserted and updated, and whether they were\n"
	"merged or copied.\n"
	"\n"
	"  -d, --dbname CONNINFO  key=value or postgresql:// URI (default:\n"
	"                         DATABASE_URL, else the PG* variables)\n"
	"  --init SQLFILE         run SQLFILE first, in the same transaction\n"
	"                         (e.g. the schema: CREATE TABLE IF NOT EXISTS)\n"
	"  --bulk-rows N          past N rows, check a table's foreign keys in one\n"
	"                         join after the merge, not row by row (50000; 0:\n"
	"                         never)\n"
	"  --merge                merge through a staging table even into an\n"
	"                         empty table (by default an empty table takes\n"
	"                         its input by a plain COPY when its keys are\n"
	"                         unique; a pipe is then kept in TMPDIR for a\n"
	"                         second reading)\n"
	"  -q, --quiet            no progress report\n"
	"  -h, --help             this text;  --version  the version\n"
	"\n"
	"Example: sk-events2tsv -l lookup.tsv log_data/ | sk-copyin songplays\n";

enum { MAX_INITS = 16 };

struct options {
	const char *conninfo;
	const char *inits[MAX_INITS];
	int ninits;
	struct cli_common common;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "init", required_argument, NULL, 'I' },
		{ "bulk-rows", required_argument, NULL, 'B' },
		{ "merge", no_argument, NULL, 'M' },
		CLI_TOOL_OPTIONS,
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt->conninfo = optarg; break;
		case 'B': star_bulk_rows = strtoull(optarg, NULL, 10); break;
		case 'M': star_always_merge = true; break;
		case 'I':
			if (opt->ninits == MAX_INITS)
				sk_die(SK_EXIT_USAGE, "--init: at most %d files", MAX_INITS);
			opt->inits[opt->ninits++] = optarg;
			break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
	if (optind == argc)
		sk_die(SK_EXIT_USAGE, "no table given (try --help)");
}

/* Each target's table name and source, split at '='; one may be stdin. */
static void split_targets(char **targets, int n, char **sources)
{
	int from_stdin = 0;

	for (int i = 0; i < n; i++) {
		char *eq = strchr(targets[i], '=');
		if (eq == targets[i] || (eq && eq[1] == '\0'))
			sk_die(SK_EXIT_USAGE, "%s: expected TABLE or TABLE=FILE", targets[i]);
		sources[i] = eq ? eq + 1 : "-";
		if (eq)
			*eq = '\0';
		from_stdin += strcmp(sources[i], "-") == 0;
	}
	if (from_stdin > 1)
		sk_die(SK_EXIT_USAGE, "only one table can read stdin");
}

static void run_file(PGconn *conn, const char *path)
{
	struct input *in = input_open_path(path);
	size_t len = 0, cap = 1 << 16, n;
	char *sql = sk_malloc(cap);

	while ((n = input_read(in, sql + len, cap - len - 1)) > 0)
		if ((len += n) + 1 == cap)
			sql = sk_realloc(sql, cap *= 2);
	sql[len] = '\0';
	input_close(in);
	PQclear(db_exec(conn, sql, path));
	free(sql);
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct progress progress;
	struct load_result *results;
	char **sources;
	int ntargets;
	PGconn *conn;

	sk_progname = "sk-copyin";
	input_enable_remote(); /* s3:// and http(s):// sources too */
	parse_options(argc, argv, &opt);
	ntargets = argc - optind;
	sources = sk_malloc((size_t)ntargets * sizeof *sources);
	results = sk_malloc((size_t)ntargets * sizeof *results);
	split_targets(argv + optind, ntargets, sources);
	conn = db_connect(opt.conninfo);
	PQclear(db_exec(conn, "BEGIN", "BEGIN"));
	for (int i = 0; i < opt.ninits; i++)
		run_file(conn, opt.inits[i]);
	for (int i = 0; i < ntargets; i++) {
		struct feed feed;
		struct star_source src = { feed_read, &feed, feed_replayable, feed_rewind };
		feed_open(&feed, sources[i], &progress);
		progress_start(&progress, opt.common.quiet, "rows", 1);
		star_load(conn, argv[optind + i], &src, &results[i]);
		progress_end(&progress, feed.rows, feed.bytes);
		feed_close(&feed);
	}
	PQclear(db_exec(conn, "COMMIT", "COMMIT"));
	for (int i = 0; i < ntargets; i++)
		printf("%s: %llu rows read, %llu inserted, %llu updated (%s)\n", argv[optind + i],
		       (unsigned long long)results[i].read,
		       (unsigned long long)results[i].inserted,
		       (unsigned long long)results[i].updated,
		       results[i].merged ? "merged" : "copied");
	PQfinish(conn);
	free(sources);
	free(results);
	if (fflush(stdout) != 0 || ferror(stdout))
		sk_die(SK_EXIT_SYSTEM, "stdout: write error:");
	return SK_EXIT_OK;
}
