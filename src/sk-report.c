/* sk-report — the analysts' first answers from the loaded star: every
 * question under sql/report/ (or those named), for a period, as text for a
 * terminal, TSV, JSON, or one self-contained HTML page with charts.
 * Questions live in report.c, output in render.c and html.c. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/files.h"
#include "load/db.h"
#include "report/render.h"
#include "report/report.h"

static const char usage[] =
	"usage: sk-report [-d CONNINFO] [-f text|tsv|json|html] [-o FILE]\n"
	"                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sql-dir DIR]\n"
	"                 [-j SESSIONS] [--list] [QUESTION ...]\n"
	"       sk-report [-d CONNINFO] [-f text|tsv|json|html] [-o FILE] --loads [N]\n"
	"\n"
	"Answers the questions of sql/report/ (all, or those named) from the star\n"
	"in the database, for the days from --from to --to, both included.\n"
	"\n"
	"  -f, --format F     text (a terminal's default), tsv (otherwise), json,\n"
	"                     or html: one self-contained page with charts\n"
	"  -o, --output FILE  write there (the format follows .html/.json/.tsv/.txt)\n"
	"  -d, --dbname C     key=value or postgresql:// URI (default:\n"
	"                     DATABASE_URL, else the PG* variables)\n"
	"  --from, --to DATE  the period's first and last day (UTC)\n"
	"  --sql-dir DIR      where the questions are (default: the installed ones)\n"
	"  -j, --jobs N       ask N questions at once, each of its own session, all\n"
	"                     reading the same snapshot (default 2)\n"
	"  --list             the questions' names and titles\n"
	"  --loads [N]        the latest N runs of the load (20), newest first,\n"
	"                     from the history of loads (sk_loads)\n"
	"  -h, --help         this text;  --version  the version\n"
	"\n"
	"Example: sk-report -o report.html --from 2018-11-01 --to 2018-11-30\n";

struct options {
	const char *conninfo, *format, *output, *from, *to, *sql_dir;
	bool list, loads;
	int jobs;
	struct cli_common common;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "sql-dir", required_argument, NULL, 'S' },
		{ "list", no_argument, NULL, 'L' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "loads", no_argument, NULL, 'H' },
		CLI_TOOL_OPTIONS,
	};
	int c;

	while ((c = cli_getopt(argc, argv, "d:f:o:j:qh", longopts)) != -1) {
		switch (c) {
		case 'd': opt->conninfo = optarg; break;
		case 'f': opt->format = optarg; break;
		case 'o': opt->output = optarg; break;
		case 'F': opt->from = optarg; break;
		case 'T': opt->to = optarg; break;
		case 'S': opt->sql_dir = optarg; break;
		case 'L': opt->list = true; break;
		case 'H': opt->loads = true; break;
		case 'j': opt->jobs = (int)cli_number("-j", optarg, 16); break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
}

/* The questions: --sql-dir, $SK_REPORT_SQL, then sk's SQL's report/. */
static const char *find_sql_dir(const char *given, char *buf, size_t cap)
{
	const char *dir = given ? given : getenv("SK_REPORT_SQL") ? getenv("SK_REPORT_SQL")
			: sk_sql_path("report", buf, cap);

	if (!dir)
		sk_die(SK_EXIT_USAGE, "cannot find the questions: give --sql-dir DIR");
	return dir;
}

static const char *pick_format(const struct options *opt)
{
	const char *dot = opt->output ? strrchr(opt->output, '.') : NULL;

	if (opt->format) {
		if (strcmp(opt->format, "text") && strcmp(opt->format, "tsv") &&
		    strcmp(opt->format, "json") && strcmp(opt->format, "html"))
			sk_die(SK_EXIT_USAGE, "-f: '%s' is not text, tsv, json or html", opt->format);
		return opt->format;
	}
	if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".json") || !strcmp(dot, ".tsv")))
		return dot + 1;
	if (dot && !strcmp(dot, ".txt"))
		return "text";
	if (opt->output) /* a guess would be silent: ask */
		sk_die(SK_EXIT_USAGE, "-o %s: which format? name it .html, .json, .tsv or .txt, "
		       "or give -f", opt->output);
	return isatty(STDOUT_FILENO) ? "text" : "tsv";
}

/* The questions named on the command line, in their files' order. */
static size_t select_questions(struct question *qs, size_t n, char **names, int nnames,
			       const struct question **chosen)
{
	size_t count = 0;

	for (int k = 0; k < nnames; k++) {
		size_t i;
		for (i = 0; i < n && strcmp(qs[i].name, names[k]) != 0; i++)
			;
		if (i == n)
			sk_die(SK_EXIT_USAGE, "no question named '%s' (try --list)", names[k]);
	}
	for (size_t i = 0; i < n; i++) {
		bool wanted = nnames == 0;
		for (int k = 0; k < nnames && !wanted; k++)
			wanted = strcmp(qs[i].name, names[k]) == 0;
		if (wanted)
			chosen[count++] = &qs[i];
	}
	return count;
}

static FILE *open_output(const struct options *opt)
{
	FILE *out = opt->output ? fopen(opt->output, "w") : stdout;

	if (!out)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot create:", opt->output);
	return out;
}

/* A terminal's columns, which the text's tables are cut to; 0 (whole)
 * when the text goes to a file or a pipe. */
static int terminal_width(const struct options *opt)
{
	struct winsize ws;
	const char *columns = getenv("COLUMNS");

	if (opt->output || !isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return columns && atoi(columns) > 0 ? atoi(columns) : 80;
}

static void render(const struct options *opt, const char *format, struct report *r)
{
	FILE *out = open_output(opt);

	if (!strcmp(format, "text")) {
		r->width = terminal_width(opt);
		render_text(out, r);
	} else if (!strcmp(format, "tsv")) {
		render_tsv(out, r);
	} else if (!strcmp(format, "json")) {
		render_json(out, r);
	} else {
		render_html(out, r);
	}
	if (fflush(out) != 0 || ferror(out) || (out != stdout && fclose(out) != 0))
		sk_die(SK_EXIT_SYSTEM, "%s: write error:", opt->output ? opt->output : "stdout");
}

/* --loads [N]: the latest runs, from the history of loads. */
static void report_loads(const struct options *opt, const char *format, char **args, int nargs)
{
	struct question q = { .name = "loads", .title = "The latest loads, newest first" };
	const struct question *qp = &q;
	struct period none = { "", "" };
	struct answer answer;
	struct report_about about;
	struct report r = { "Sparkify: the latest loads", &about, &answer, 1, 0 };
	char limit[24];
	PGconn *conn;
	PGresult *res;

	if (nargs > 1)
		sk_die(SK_EXIT_USAGE, "--loads takes one number at most");
	snprintf(limit, sizeof limit, "%ld", nargs ? cli_number("--loads", args[0], 1000000) : 20L);
	conn = db_connect(opt->conninfo);
	res = db_statement(conn, "history.exists", SQL_NO_ARGS, "sk_loads");
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		sk_die(SK_EXIT_DATABASE, "sk_loads: no history of loads here (sk-load keeps one)");
	PQclear(res);
	q.sql = sql_statement("history.latest", SQL_ARGS({ "limit", limit }));
	questions_answer(&conn, 1, &qp, 1, &none, &answer);
	about_gather(conn, NULL, NULL, NULL, &about);
	PQfinish(conn);
	render(opt, format, &r);
	answer_free(&answer);
	free(q.sql);
}

/* The answers to the chosen questions (room for one more in both arrays)
 * and the report's account of itself, all of one snapshot, up to -j
 * sessions at once; the titles' tally asked beside the questions when one
 * rests on it. */
static void ask(const struct options *opt, const struct question **chosen, size_t n,
		struct answer *answers, struct report_about *about)
{
	struct question *titled = about_needs_titled(chosen, n) ? about_titled_question() : NULL;
	struct period period;
	PGconn *conns[16];
	int nconns;

	if (titled)
		chosen[n++] = titled;
	conns[0] = db_connect(opt->conninfo);
	period_resolve(conns[0], opt->from, opt->to, &period);
	star_check(conns[0]);
	nconns = n < (size_t)opt->jobs ? (int)n : opt->jobs;
	for (int i = 1; i < nconns; i++)
		conns[i] = db_connect(opt->conninfo);
	sessions_share_snapshot(conns, nconns);
	questions_answer(conns, nconns, chosen, n, &period, answers);
	about_gather(conns[0], &period, opt->from, opt->to, about);
	for (int i = 0; i < nconns; i++)
		PQfinish(conns[i]);
	if (titled) {
		about_take_titled(about, &answers[n - 1]);
		answer_free(&answers[n - 1]);
		questions_free(titled, 1);
	}
}

/* The questions chosen, for the period, as the format says. */
static void report_questions(const struct options *opt, const char *format, char **names,
			     int nnames)
{
	struct question *qs;
	const struct question **chosen;
	struct answer *answers;
	struct report_about about;
	struct report r = { "Sparkify: what users listen to", &about, NULL, 0, 0 };
	size_t nq, n;
	char dirbuf[PATH_MAX + 32];

	questions_load(find_sql_dir(opt->sql_dir, dirbuf, sizeof dirbuf), &qs, &nq);
	chosen = sk_malloc((nq + 1) * sizeof *chosen);
	n = select_questions(qs, nq, names, nnames, chosen);
	if (opt->list) {
		for (size_t i = 0; i < n; i++)
			printf("%s\t%s\n", chosen[i]->name, chosen[i]->title);
		return;
	}
	period_check(opt->from, opt->to);
	answers = sk_malloc((n + 1) * sizeof *answers);
	ask(opt, chosen, n, answers, &about);
	r.answers = answers;
	r.n = n;
	render(opt, format, &r);
	for (size_t i = 0; i < n; i++)
		answer_free(&answers[i]);
	free(answers);
	free(chosen);
	questions_free(qs, nq);
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	const char *format;

	sk_progname = "sk-report";
	opt.jobs = 2;
	parse_options(argc, argv, &opt);
	format = pick_format(&opt);
	if (opt.loads)
		report_loads(&opt, format, argv + optind, argc - optind);
	else
		report_questions(&opt, format, argv + optind, argc - optind);
	return SK_EXIT_OK;
}
