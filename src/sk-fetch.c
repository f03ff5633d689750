/* sk-fetch — the extract step: objects from S3, http(s), disk or stdin to
 * one stream of JSON records, one per line (NDJSON).  Directories and S3
 * prefixes are read in sorted path (key) order; remote objects are fetched
 * many at once (remote.c) yet written in that order; gzip and zstd are
 * decompressed by content.  A record
 * on one line passes byte for byte; a pretty-printed one is joined onto one
 * line by dropping the whitespace between its tokens; every record ends
 * with exactly one newline, whether or not its file had one. */
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/progress.h"
#include "extract/aws.h"
#include "extract/input.h"
#include "extract/remote_input.h"
#include "extract/s3.h"
#include "transform/records.h"
#include "transform/tsv.h"

static const char usage[] =
	"usage: sk-fetch [-q] [-j N] [--list] [--no-sign-request] [--timeout SECS]\n"
	"                [--allow-empty] [--files-from FILE] [SOURCE ...]\n"
	"\n"
	"Writes every JSON record of the sources to stdout, one per line.  A\n"
	"SOURCE is s3://bucket/prefix (every object under it, in key order),\n"
	"an http(s):// URL, a file, a directory (all files under it, recursively,\n"
	"in sorted path order, hidden names skipped) or '-' for stdin (the\n"
	"default).  gzip and zstd data are decompressed whatever the name.\n"
	"\n"
	"  -j, --jobs N         remote transfers at once (default 16)\n"
	"  --list               print each object's name, size and ETag (a file's\n"
	"                       mtime) as TSV\n"
	"  --allow-empty        a prefix or directory may hold no object\n"
	"  --files-from FILE    read the objects FILE names, one a line (as --list\n"
	"                       prints them), before the SOURCEs\n"
	"  --no-sign-request    anonymous S3 requests (public buckets)\n"
	"  --timeout SECS       drop a transfer silent that long (default 30)\n"
	"  -q, --quiet          no progress report\n"
	"  -h, --help           this text;  --version  the version\n"
	"\n"
	"S3 settings come from the AWS CLI's variables and files (AWS_PROFILE,\n"
	"AWS_REGION, AWS_ENDPOINT_URL, ~/.aws/credentials, ...).\n"
	"\n"
	"Example: sk-fetch s3://bucket/log_data/ | sk-events2tsv -t users\n";

struct options {
	struct cli_common common;
	struct input_remote remote; /* -j, --timeout, --no-sign-request */
	bool list;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'L' },
		CLI_NO_SIGN_OPTION,
		{ "timeout", required_argument, NULL, 'T' },
		CLI_ALLOW_EMPTY_OPTION,
		CLI_TOOL_OPTIONS,
	};
	int c;

	while ((c = cli_getopt(argc, argv, "j:qh", longopts)) != -1) {
		switch (c) {
		case 'j': opt->remote.jobs = (int)cli_number("-j", optarg, 256); break;
		case 'L': opt->list = true; break;
		case 'T': opt->remote.timeout = cli_number("--timeout", optarg, 86400); break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
}

/* --list of local sources: path, size, and in the ETag's place the
 * modification time, "mtime:SECONDS.NANOSECONDS": what tells a changed
 * file from the one loaded before. */
static void list_local(char *source, bool allow_empty, struct tsv_out *out)
{
	struct input_sources sources = { .names = &source, .count = 1, .allow_empty = allow_empty };
	struct input_list list;
	char mtime[48];
	int n;

	input_list_expand(&list, &sources);
	for (size_t i = 0; i < list.count; i++) {
		struct stat st;
		if (stat(list.paths[i], &st) != 0)
			sk_die(SK_EXIT_SYSTEM, "%s:", list.paths[i]);
		tsv_text(out, list.paths[i], strlen(list.paths[i]));
		tsv_int(out, (int64_t)st.st_size);
		n = input_local_version(&st, mtime, sizeof mtime);
		tsv_raw(out, mtime, (size_t)n);
		tsv_end_row(out);
	}
	input_list_free(&list);
}

/* --list: name, size and ETag of every object, without fetching. */
static void list_objects(const struct options *opt, char *const sources[], size_t n,
			 struct tsv_out *out)
{
	struct aws_config aws;
	bool aws_loaded = false;

	if (n == 0)
		sk_die(SK_EXIT_USAGE, "--list needs a source");
	for (size_t i = 0; i < n; i++) {
		struct s3_listing l;
		if (strncmp(sources[i], "s3://", 5) != 0) {
			list_local(sources[i], opt->common.allow_empty, out);
			continue;
		}
		if (!aws_loaded) {
			aws_config_load(&aws, opt->remote.no_sign);
			aws.timeout = opt->remote.timeout;
			aws_loaded = true;
		}
		s3_list(&aws, sources[i], &l);
		input_found(sources[i], l.count, opt->common.allow_empty);
		for (size_t k = 0; k < l.count; k++) {
			struct s3_object *o = &l.objects[k];
			tsv_text(out, o->url, strlen(o->url));
			tsv_int(out, (int64_t)o->size);
			if (o->etag)
				tsv_text(out, o->etag, strlen(o->etag));
			else
				tsv_null(out);
			tsv_end_row(out);
		}
		s3_listing_free(&l);
	}
	tsv_end_data(out); /* a listing cut short lacks it, and is refused */
	if (aws_loaded)
		aws_config_free(&aws);
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
	struct options opt = { 0 };
	struct input_sources sources;
	struct records input;
	struct record rec;
	struct tsv_out out;
	struct progress progress;

	sk_progname = "sk-fetch";
	opt.remote = input_remote_defaults(false);
	parse_options(argc, argv, &opt);
	opt.remote.no_sign = opt.common.no_sign;
	input_enable_remote(&opt.remote); /* s3:// and http(s):// sources too */
	tsv_open(&out, "-");
	if (opt.list) {
		list_objects(&opt, argv + optind, (size_t)(argc - optind), &out);
		tsv_close(&out);
		return SK_EXIT_OK;
	}
	sources = input_sources_of(&opt.common, argv + optind, (size_t)(argc - optind));
	records_open(&input, &sources);
	input.exact = true; /* every record on its own line, two on a line split */
	progress_start(&progress, opt.common.quiet, "records", 4096);
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
