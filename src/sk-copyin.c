/* sk-copyin — TSV (PostgreSQL COPY text format) into tables through libpq
 * COPY, all tables of one run in one transaction: a failure anywhere
 * commits nothing.  The star's tables are merged by their rules (star.c);
 * any other table gets a plain COPY. */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/files.h"
#include "common/progress.h"
#include "extract/input.h"
#include "extract/remote_input.h"
#include "load/db.h"
#include "load/feed.h"
#include "load/history.h"
#include "load/migrate.h"
#include "load/objects.h"
#include "load/star.h"
#include "load/tally.h"
#include "load/songs_loaded.h"
#include "load/summary.h"

static const char usage[] =
	"usage: sk-copyin [-q] [--create] [--init SQLFILE ...] [--record LISTING]\n"
	"                 [--merge] [--text] [--no-end-line] [--bulk-rows N]\n"
	"                 [--tally-groups N] [--dry-run] [--source NAME]\n"
	"                 [--rejects FILE ...] [--summary-json FILE] [--no-failure-row]\n"
	"                 [-d CONNINFO] TABLE[=FILE] ...\n"
	"       sk-copyin [-d CONNINFO] --failed MESSAGE [--source NAME]\n"
	"                 [--rejects FILE ...] [--summary-json FILE]\n"
	"       sk-copyin [-d CONNINFO] --unloaded LISTING\n"
	"       sk-copyin [-d CONNINFO] --summarize [SONGPLAYS]\n"
	"       sk-copyin [-d CONNINFO] --songs-loaded\n"
	"\n"
	"Loads TSV in PostgreSQL COPY format into each TABLE, from FILE or, for a\n"
	"bare TABLE, from stdin (gzip or zstd compressed or not), all in one\n"
	"transaction, which commits only when every input was complete: ended\n"
	"by the end-of-data line \\. that sk's filters write on success.  The\n"
	"star's tables are merged by their rules: songplays adds new plays only,\n"
	"users keeps each user's newest state, songs keeps the first record,\n"
	"artists the first non-empty value per column, time distinct start_time.\n"
	"Other tables get a plain COPY.  Prints, per table, the rows read,\n"
	"inserted and updated, and whether they were merged or copied.\n"
	"\n"
	"  -d, --dbname CONNINFO  key=value or postgresql:// URI (default:\n"
	"                         DATABASE_URL, else the PG* variables)\n"
	"  --create               create the star's tables where missing, first,\n"
	"                         in the same transaction (the schema.sql\n"
	"                         installed with sk)\n"
	"  --init SQLFILE         run SQLFILE first, in the same transaction\n"
	"  --bulk-rows N          past N rows, check a table's foreign keys in one\n"
	"                         join after the merge, not row by row (50000; 0:\n"
	"                         never)\n"
	"  --tally-groups N       count the plays' summaries in memory, up to N\n"
	"                         groups (8388608, about 600 MB; 0: never), when\n"
	"                         they go straight into an empty songplays; past\n"
	"                         that the server counts them\n"
	"  --dry-run              load, print what the load did, and roll it back:\n"
	"                         nothing changes but the history's row (dry-run)\n"
	"  --source NAME          what the run loads, for its row in the history of\n"
	"                         loads (sk_loads)\n"
	"  --rejects FILE         the bad records the run's filters let through\n"
	"                         (their --rejects file), into sk_rejects with the\n"
	"                         run\n"
	"  --summary-json FILE    the run's row of the history as one JSON object,\n"
	"                         into FILE (- for stdout)\n"
	"  --failed MESSAGE       record in the history a run that failed before\n"
	"                         its load (sk-load's other steps); load nothing\n"
	"  --no-failure-row       a failure of this process records no row (its\n"
	"                         caller records the run's failure, with --failed)\n"
	"  --record LISTING       record the objects of LISTING (sk-fetch --list)\n"
	"                         as loaded, in sk_objects, in the same transaction\n"
	"  --unloaded LISTING     print LISTING's objects not recorded as loaded\n"
	"                         unchanged, each with 'new' or 'changed'; load\n"
	"                         nothing\n"
	"  --songs-loaded         print the lookup of the songs loaded so far, as\n"
	"                         sk-songs2tsv -t lookup writes it, for\n"
	"                         sk-events2tsv -l; load nothing\n"
	"  --summarize            make the plays' summaries (sk_plays_*, which\n"
	"                         every load keeps) again from songplays, or the\n"
	"                         table named: after changes by other means\n"
	"  --merge                merge through a staging table even into an\n"
	"                         empty table (by default an empty table takes\n"
	"                         its input by a plain COPY when its keys are\n"
	"                         unique; a pipe is then kept in TMPDIR for a\n"
	"                         second reading)\n"
	"  --text                 send the star's rows as COPY text, for the server\n"
	"                         to read (by default sk-copyin reads them and\n"
	"                         sends COPY binary: faster, and strict: numbers\n"
	"                         as digits, timestamps as YYYY-MM-DD HH:MM:SS)\n"
	"  --no-end-line          take inputs without the end-of-data line (their\n"
	"                         producers' failure is then yours to catch)\n"
	"  -q, --quiet            no progress report\n"
	"  -h, --help             this text;  --version  the version\n"
	"\n"
	"Example: sk-events2tsv -l lookup.tsv log_data/ | sk-copyin songplays\n";

enum { MAX_INITS = 16, MAX_REJECTS = 256 };

struct options {
	const char *conninfo;
	const char *unloaded; /* a listing to sift, instead of loading */
	const char *record;   /* a listing to record with the load */
	bool summarize;       /* rebuild the summaries, instead of loading */
	bool songs_loaded;    /* print the loaded songs' lookup, instead */
	const char *inits[MAX_INITS];
	int ninits;
	bool create;          /* run the installed schema.sql first */
	bool dry_run;         /* roll the load back */
	const char *failed;   /* a failure to record, instead of loading */
	const char *rejects[MAX_REJECTS];
	struct history_options history;
	struct star_options star;
	struct cli_common common;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "init", required_argument, NULL, 'I' },
		{ "create", no_argument, NULL, 'C' },
		{ "bulk-rows", required_argument, NULL, 'B' },
		{ "tally-groups", required_argument, NULL, 'G' },
		{ "merge", no_argument, NULL, 'M' },
		{ "text", no_argument, NULL, 'T' },
		{ "unloaded", required_argument, NULL, 'U' },
		{ "record", required_argument, NULL, 'r' },
		{ "summarize", no_argument, NULL, 'S' },
		{ "songs-loaded", no_argument, NULL, 'L' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'R' },
		{ "summary-json", required_argument, NULL, 'j' },
		{ "failed", required_argument, NULL, 'f' },
		{ "no-failure-row", no_argument, NULL, 'N' },
		CLI_END_LINE_OPTION,
		CLI_TOOL_OPTIONS,
	};
	int c;

	while ((c = cli_getopt(argc, argv, "d:qh", longopts)) != -1) {
		switch (c) {
		case 'd': opt->conninfo = optarg; break;
		case 'B':
			opt->star.bulk_rows = (uint64_t)cli_range("--bulk-rows", optarg, 0, LONG_MAX);
			break;
		case 'G':
			opt->star.tally_groups =
				(size_t)cli_range("--tally-groups", optarg, 0, LONG_MAX);
			break;
		case 'M': opt->star.always_merge = true; break;
		case 'T': opt->star.text_copy = true; break;
		case 'U': opt->unloaded = optarg; break;
		case 'r': opt->record = optarg; break;
		case 'S': opt->summarize = true; break;
		case 'L': opt->songs_loaded = true; break;
		case 'C': opt->create = true; break;
		case 'n': opt->dry_run = true; break;
		case 's': opt->history.source = optarg; break;
		case 'j': opt->history.summary_json = optarg; break;
		case 'f': opt->failed = optarg; break;
		case 'N': opt->history.failure_row = false; break;
		case 'R':
			if (opt->history.nrejects_files == MAX_REJECTS)
				sk_die(SK_EXIT_USAGE, "--rejects: at most %d files", MAX_REJECTS);
			opt->rejects[opt->history.nrejects_files++] = optarg;
			break;
		case 'I':
			if (opt->ninits == MAX_INITS)
				sk_die(SK_EXIT_USAGE, "--init: at most %d files", MAX_INITS);
			opt->inits[opt->ninits++] = optarg;
			break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
	if ((opt->unloaded || opt->songs_loaded) && optind < argc)
		sk_die(SK_EXIT_USAGE, "--unloaded and --songs-loaded load no table");
	if (opt->summarize && optind + 1 < argc)
		sk_die(SK_EXIT_USAGE, "--summarize takes one songplays table at most");
	if (opt->failed && optind < argc)
		sk_die(SK_EXIT_USAGE, "--failed loads no table");
	opt->history.conninfo = opt->conninfo;
	opt->history.rejects_files = opt->rejects;
	if (!opt->unloaded && !opt->summarize && !opt->songs_loaded && !opt->failed &&
	    optind == argc)
		sk_die(SK_EXIT_USAGE, "no table given (try --help)");
}

/* A table and its sources, read one after the other as one stream. */
struct target {
	const char *table;
	char **sources;
	size_t count;
	struct load_result result;
};

/* The targets' tables and sources, split at '=': a table named again
 * takes that source after its others, and is loaded where it was first
 * named.  Returns the number of tables; one source may be stdin. */
static int group_targets(char **args, int n, struct target *targets)
{
	int ntables = 0, from_stdin = 0;

	memset(targets, 0, (size_t)n * sizeof *targets);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(args[i], '='), *source = eq ? eq + 1 : "-";
		int t = 0;
		if (eq == args[i] || (eq && eq[1] == '\0'))
			sk_die(SK_EXIT_USAGE, "%s: expected TABLE or TABLE=FILE", args[i]);
		if (eq)
			*eq = '\0';
		from_stdin += strcmp(source, "-") == 0;
		while (t < ntables && strcmp(targets[t].table, args[i]) != 0)
			t++;
		if (t == ntables) {
			targets[ntables].table = args[i];
			targets[ntables++].sources = sk_malloc((size_t)n * sizeof(char *));
		}
		targets[t].sources[targets[t].count++] = source;
	}
	if (from_stdin > 1)
		sk_die(SK_EXIT_USAGE, "only one table can read stdin");
	return ntables;
}

static void run_file(PGconn *conn, const char *path)
{
	char *sql = sk_read_file(path);

	PQclear(db_exec(conn, sql, path));
	free(sql);
}

/* One load at a time into a schema: two at once would each wait on the
 * locks the other took (a table's, then its foreign keys' targets'). */
static void begin_load(PGconn *conn)
{
	PQclear(db_exec(conn, "BEGIN", "BEGIN"));
	PQclear(db_exec(conn, "SELECT pg_advisory_xact_lock(hashtext('sk-copyin ' ||"
			" coalesce(current_schema(), '')))", "BEGIN"));
}

/* An older star brought to the current schema, committed. */
static void upgrade(PGconn *conn)
{
	begin_load(conn);
	schema_bring_up(conn);
	PQclear(db_exec(conn, "COMMIT", "COMMIT"));
}

static void summarize(const char *conninfo, const char *songplays)
{
	PGconn *conn = db_connect(conninfo);

	begin_load(conn);
	schema_bring_up(conn);
	summary_rebuild(conn, songplays);
	PQclear(db_exec(conn, "COMMIT", "COMMIT"));
	PQfinish(conn);
	printf("%s: summaries made again\n", songplays);
}

static bool all_local(const struct target *t)
{
	for (size_t i = 0; i < t->count; i++)
		if (input_is_remote(t->sources[i]))
			return false;
	return true;
}

/* A later target whose rows star_count_ahead counts on a thread, from
 * feed, while the targets before it are taken: its index, or -1.  Only
 * inputs that must end with the end-of-data line (one read before its
 * writer is done fails the load instead of counting part of it), and
 * local ones (the remote fetcher serves one thread).  Its progress shows
 * at its turn. */
static int count_ahead(struct star_load *load, const struct options *opt, struct target *targets,
		       int from, int ntables, struct feed *feed, struct progress *quiet)
{
	progress_start(quiet, true, "rows", 1);
	for (int i = from; i < ntables && !opt->common.no_end_line; i++) {
		struct star_source src = { feed_read, feed, feed_replayable, feed_rewind };
		if (!all_local(&targets[i]))
			continue;
		feed_open_later(feed, targets[i].sources, targets[i].count, true, quiet);
		if (star_count_ahead(load, targets[i].table, &src))
			return i;
		feed_close(feed);
	}
	return -1;
}

/* Each target's inputs into its table, in the order given. */
static void take_tables(struct star_load *load, const struct options *opt,
			struct target *targets, int ntables, struct history *history)
{
	struct progress progress, quiet;
	struct feed feed, ahead_feed;
	int ahead = -1;

	for (int i = 0; i < ntables; i++) {
		struct target *t = &targets[i];
		struct feed *f = i == ahead ? &ahead_feed : &feed;
		struct star_source src = { feed_read, f, feed_replayable, feed_rewind };
		if (i != ahead)
			feed_open(f, t->sources, t->count, !opt->common.no_end_line, &progress);
		progress_start(&progress, opt->common.quiet, "rows", 1);
		progress.what = t->table;
		star_take(load, t->table, &src, &t->result);
		progress_end(&progress, f->rows, f->bytes);
		history_bytes(history, f->bytes);
		feed_close(f);
		if (ahead < i)
			ahead = count_ahead(load, opt, targets, i + 1, ntables, &ahead_feed, &quiet);
	}
}

static void print_outcome(const struct target *targets, int ntables, const struct options *opt,
			  const struct objects_count *objects)
{
	for (int i = 0; i < ntables; i++) {
		const struct load_result *r = &targets[i].result;
		printf("%s: %llu rows read, %llu inserted, %llu updated (%s)\n", targets[i].table,
		       (unsigned long long)r->read, (unsigned long long)r->inserted,
		       (unsigned long long)r->updated, r->merged ? "merged" : "copied");
	}
	if (opt->record)
		printf("objects: %llu new, %llu changed, %llu unchanged\n",
		       (unsigned long long)objects->added, (unsigned long long)objects->changed,
		       (unsigned long long)objects->unchanged);
	if (opt->dry_run)
		printf("dry run: rolled back, nothing changed\n");
}

/* The load: every table, the record and the history in one transaction,
 * committed, or rolled back for a dry run. */
static void load(PGconn *conn, const struct options *opt, struct target *targets, int ntables)
{
	struct objects_count objects = { 0 };
	struct history *history;
	struct star_load *load;
	char schema[PATH_MAX];

	begin_load(conn);
	schema_bring_up(conn);
	if (opt->create)
		run_file(conn, sk_sql_path_or_die("schema.sql", schema, sizeof schema));
	for (int i = 0; i < opt->ninits; i++)
		run_file(conn, opt->inits[i]);
	history = history_begin(conn, &opt->history);
	load = star_begin(conn, &opt->star);
	take_tables(load, opt, targets, ntables, history);
	star_finish(load);
	for (int i = 0; i < ntables; i++) {
		const struct load_result *r = &targets[i].result;
		history_table(history, targets[i].table, r->read, r->inserted, r->updated, r->merged);
	}
	if (opt->record) {
		objects_record(conn, opt->record, &objects);
		history_objects(history, objects.added, objects.changed, objects.unchanged);
	}
	if (opt->dry_run) {
		PQclear(db_exec(conn, "ROLLBACK", "ROLLBACK"));
		history_dry_run(history);
	} else {
		history_commit(history);
		PQclear(db_exec(conn, "COMMIT", "COMMIT"));
	}
	history_end(history);
	print_outcome(targets, ntables, opt, &objects);
}

/* --failed: a run that failed before its load, recorded.  A database
 * without a star gets nothing: a failed first load creates no table. */
static void record_failure(PGconn *conn, const struct options *opt)
{
	struct history_options o = opt->history;
	struct history *history;

	o.failure_row = false;
	history = history_begin(conn, &o);
	history_failed(history, opt->failed);
	history_end(history);
}

int main(int argc, char **argv)
{
	struct options opt = { .star = STAR_OPTIONS_DEFAULT, .history.failure_row = true };
	struct target *targets;
	int ntables;
	PGconn *conn;
	struct input_remote remote = input_remote_defaults(false);

	sk_progname = "sk-copyin";
	input_enable_remote(&remote); /* s3:// and http(s):// sources too */
	parse_options(argc, argv, &opt);
	if (opt.unloaded) {
		conn = db_connect(opt.conninfo);
		upgrade(conn); /* what is to be read depends on the schema */
		objects_unloaded(conn, opt.unloaded);
		PQfinish(conn);
		return SK_EXIT_OK;
	}
	if (opt.songs_loaded) {
		conn = db_connect(opt.conninfo);
		songs_loaded_write(conn, stdout);
		PQfinish(conn);
		return SK_EXIT_OK;
	}
	if (opt.summarize) {
		summarize(opt.conninfo, optind < argc ? argv[optind] : "songplays");
		return SK_EXIT_OK;
	}
	conn = db_connect(opt.conninfo);
	if (opt.failed) {
		record_failure(conn, &opt);
		PQfinish(conn);
		return SK_EXIT_OK;
	}
	targets = sk_malloc((size_t)(argc - optind) * sizeof *targets);
	ntables = group_targets(argv + optind, argc - optind, targets);
	load(conn, &opt, targets, ntables);
	PQfinish(conn);
	for (int i = 0; i < ntables; i++)
		free(targets[i].sources);
	free(targets);
	if (fflush(stdout) != 0 || ferror(stdout))
		sk_die(SK_EXIT_SYSTEM, "stdout: write error:");
	return SK_EXIT_OK;
}
