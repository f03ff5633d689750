/* sk-songs2tsv — song JSON (Million Song Dataset records) to the TSV rows
 * of the star's songs and artists tables, and the lookup sk-events2tsv uses
 * to resolve plays.  The rules live in catalog.c. */
#include <getopt.h>
#include <stdbool.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/progress.h"
#include "extract/input.h"
#include "extract/remote_input.h"
#include "transform/catalog.h"
#include "transform/fields.h"
#include "transform/jqfilter.h"
#include "transform/outputs.h"
#include "transform/rejects.h"

static const char usage[] =
	"usage: sk-songs2tsv [-q] [-t TABLE | -o TABLE=FILE ...] [--where EXPR]\n"
	"                    [--max-errors N --rejects FILE] [--no-end-line]\n"
	"                    [--allow-empty] [--files-from FILE] [--no-sign-request]\n"
	"                    [SOURCE ...]\n"
	"\n"
	"Reads song JSON from files, directories (recursively, in sorted path\n"
	"order) or stdin ('-', the default), gzip or zstd compressed or not, and\n"
	"writes TSV in PostgreSQL COPY format.  TABLE is one of:\n"
	"  songs    song_id, title, artist_id, year, duration (the default)\n"
	"  artists  artist_id, name, location, latitude, longitude\n"
	"  lookup   song_id, title, artist_name, duration, artist_id\n"
	"\n"
	"  -t TABLE          write TABLE to stdout\n"
	"  -o TABLE=FILE     write TABLE to FILE (repeatable: one pass, many tables)\n"
	"  --max-errors N    let up to N bad records through (default 0)\n"
	"  --where EXPR      keep only the records for which the jq expression is\n"
	"                    true (libjq: slower, but any jq test works)\n"
	"  --rejects FILE    append each bad record there, with its reason\n"
	"  --allow-empty     a prefix or directory may hold no object\n"
	"  --no-sign-request anonymous S3 requests (public buckets)\n"
	"  --files-from FILE read the objects FILE names, one a line (as\n"
	"                    sk-fetch --list prints them), before the SOURCEs\n"
	"  --no-end-line     end the TSV without the end-of-data line \\.\n"
	"                    (written only when every record was read)\n"
	"  -q, --quiet       no progress report\n"
	"  -h, --help        this text;  --version  the version\n"
	"\n"
	"Example: sk-songs2tsv -t songs song_data/ | sk-copyin songs\n";

static const char *const tables[] = { "songs", "artists", "lookup" };

struct options {
	struct outputs outputs;
	const char *where;
	struct cli_common common;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "where", required_argument, NULL, 'W' },
		CLI_NO_SIGN_OPTION,
		CLI_FILTER_OPTIONS,
	};
	int c;

	outputs_init(&opt->outputs, tables, 3);
	while ((c = cli_getopt(argc, argv, "t:o:qh", longopts)) != -1) {
		switch (c) {
		case 'W': opt->where = optarg; break;
		case 't': outputs_want(&opt->outputs, optarg, true); break;
		case 'o': outputs_want(&opt->outputs, optarg, false); break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
	cli_common_check(&opt->common);
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct input_sources sources;
	struct tsv_out files[3];
	struct record_schema schema;
	struct record_reader reader;
	struct field fields[SONG_NFIELDS];
	struct catalog catalog;
	struct records input;
	struct record rec;
	struct rejects rejects;
	struct progress progress;
	struct jq_filter *where = NULL;
	struct input_remote remote;

	sk_progname = "sk-songs2tsv";
	parse_options(argc, argv, &opt);
	remote = input_remote_defaults(opt.common.no_sign);
	input_enable_remote(&remote); /* s3:// and http(s):// sources too */
	if (opt.where)
		where = jq_filter_new(opt.where);
	schema_init(&schema, song_fields, SONG_NFIELDS);
	reader_init(&reader, &schema);
	rejects_open(&rejects, opt.common.max_errors, opt.common.rejects);
	sources = input_sources_of(&opt.common, argv + optind, (size_t)(argc - optind));
	records_open(&input, &sources);
	outputs_open(&opt.outputs, files);
	catalog_init(&catalog);
	catalog.songs = outputs_get(&opt.outputs, files, 0);
	catalog.artists = outputs_get(&opt.outputs, files, 1);
	catalog.lookup = outputs_get(&opt.outputs, files, 2);
	progress_start(&progress, opt.common.quiet, "records", 4096);

	for (int got; (got = reader_next(&reader, &input, &rec, fields)) >= 0;) {
		const char *why = NULL;
		bool keep = true;
		if (!got)
			rejects_add(&rejects, &rec, reader.why_line, reader.why);
		else if (where && (why = jq_filter_run(where, rec.text, rec.len, &keep)) != NULL)
			rejects_add(&rejects, &rec, rec.line, why);
		else if (keep)
			catalog_add(&catalog, fields);
		progress_tick(&progress, input.count, records_raw_bytes(&input));
	}

	progress_end(&progress, input.count, records_raw_bytes(&input));
	catalog_finish(&catalog);
	outputs_close(&opt.outputs, files, !opt.common.no_end_line);
	rejects_close(&rejects);
	records_close(&input);
	reader_free(&reader);
	if (where)
		jq_filter_free(where);
	return SK_EXIT_OK;
}
