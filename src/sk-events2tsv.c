/* sk-events2tsv — app event JSON (log_data) to the TSV rows of the star's
 * songplays and users tables, resolving each play's song through the
 * lookup that sk-songs2tsv writes.  The rules live in events.c. */
#include <getopt.h>
#include <stdbool.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/progress.h"
#include "extract/input.h"
#include "extract/remote_input.h"
#include "transform/events.h"
#include "transform/fields.h"
#include "transform/jqfilter.h"
#include "transform/outputs.h"
#include "transform/rejects.h"
#include "transform/songlookup.h"

static const char usage[] =
	"usage: sk-events2tsv [-q] [-l LOOKUP] [-t TABLE | -o TABLE=FILE ...]\n"
	"                     [--where EXPR] [--max-errors N --rejects FILE]\n"
	"                     [--no-end-line] [--allow-empty] [--files-from FILE]\n"
	"                     [--no-sign-request] [SOURCE ...]\n"
	"\n"
	"Reads app events (NDJSON) from files, directories (recursively, in sorted\n"
	"path order) or stdin ('-', the default), gzip or zstd compressed or not,\n"
	"and writes TSV in PostgreSQL COPY format.  TABLE is one of:\n"
	"  songplays  start_time, user_id, level, song_id, artist_id, session_id,\n"
	"             item_in_session, location, user_agent (the default)\n"
	"  users      user_id, first_name, last_name, gender, level, ts,\n"
	"             item_in_session: each user's latest event\n"
	"  ts         epoch milliseconds of each songplay, for sk-time\n"
	"  unresolved start_time, user_id, session_id, item_in_session, title,\n"
	"             artist of each songplay whose song the lookup lacks\n"
	"\n"
	"  -l, --lookup FILE  resolve song_id/artist_id with sk-songs2tsv's lookup\n"
	"                     (repeatable: the catalogue is every file's songs)\n"
	"  -t TABLE           write TABLE to stdout\n"
	"  -o TABLE=FILE      write TABLE to FILE (repeatable: one pass, many tables)\n"
	"  --max-errors N     let up to N bad records through (default 0)\n"
	"  --where EXPR       keep only the records for which the jq expression is\n"
	"                     true (libjq: slower, but any jq test works)\n"
	"  --rejects FILE     append each bad record there, with its reason\n"
	"  --allow-empty      a prefix or directory may hold no object\n"
	"  --no-sign-request  anonymous S3 requests (public buckets)\n"
	"  --files-from FILE  read the objects FILE names, one a line (as\n"
	"                     sk-fetch --list prints them), before the SOURCEs\n"
	"  --no-end-line      end the TSV without the end-of-data line \\.\n"
	"                     (written only when every record was read)\n"
	"  -q, --quiet        no progress report\n"
	"  -h, --help         this text;  --version  the version\n"
	"\n"
	"Example: sk-events2tsv -l lookup.tsv log_data/ | sk-copyin songplays\n";

enum { OUT_SONGPLAYS, OUT_USERS, OUT_TS, OUT_UNRESOLVED, OUT_COUNT };
static const char *const tables[OUT_COUNT] = { "songplays", "users", "ts", "unresolved" };

enum { MAX_LOOKUPS = 16 };

struct options {
	struct outputs outputs;
	const char *lookups[MAX_LOOKUPS];
	int nlookups;
	const char *where;
	struct cli_common common;
};

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "lookup", required_argument, NULL, 'l' },
		{ "where", required_argument, NULL, 'W' },
		CLI_NO_SIGN_OPTION,
		CLI_FILTER_OPTIONS,
	};
	int c;

	outputs_init(&opt->outputs, tables, OUT_COUNT);
	while ((c = cli_getopt(argc, argv, "l:t:o:qh", longopts)) != -1) {
		switch (c) {
		case 'l':
			if (opt->nlookups == MAX_LOOKUPS)
				sk_die(SK_EXIT_USAGE, "--lookup: at most %d files", MAX_LOOKUPS);
			opt->lookups[opt->nlookups++] = optarg;
			break;
		case 'W': opt->where = optarg; break;
		case 't': outputs_want(&opt->outputs, optarg, true); break;
		case 'o': outputs_want(&opt->outputs, optarg, false); break;
		default: cli_common_option(c, optarg, usage, &opt->common);
		}
	}
	cli_common_check(&opt->common);
}

/* The look-ups' head start on the record just read (the reader's hook):
 * the song's slot, by its names' hash when it had names to hash, and the
 * user's line are fetched while the record's fields are converted. */
struct prefetch {
	struct song_lookup *lookup; /* NULL: no lookup */
	struct user_table *users;   /* NULL: no users table wanted */
	uint64_t hash;
	bool hashed;
};

/* A string member as the lookup sees it, decoded into buf when it has
 * escapes and fits; false for anything else. */
static bool decoded_name(const struct json_value *v, char *buf, size_t cap, struct text *out)
{
	if (v->type != JSON_STRING || (v->escaped && v->len > cap))
		return false;
	out->s = v->escaped ? buf : v->text;
	out->n = v->escaped ? json_unescape(v, buf) : v->len;
	return true;
}

static void prefetch_song(struct prefetch *pf, const struct json_value raw[])
{
	char title_buf[256], artist_buf[256];
	struct text title, artist;

	pf->hashed = decoded_name(&raw[EV_SONG], title_buf, sizeof title_buf, &title) &&
		     decoded_name(&raw[EV_ARTIST], artist_buf, sizeof artist_buf, &artist);
	if (pf->hashed) {
		pf->hash = lookup_hash(title, artist);
		lookup_prefetch(pf->lookup, pf->hash);
	}
}

static void prefetch_record(const struct json_value raw[], void *arg)
{
	struct prefetch *pf = arg;
	int64_t user_id;

	if (pf->users && event_raw_user_id(raw, &user_id))
		users_prefetch(pf->users, user_id);
	if (pf->lookup)
		prefetch_song(pf, raw);
}

/* Everything one good event contributes to the wanted tables.  The play's
 * song is fetched first, its users' row read while it comes. */
static void emit(struct tsv_out *out[OUT_COUNT], struct user_table *users,
		 struct prefetch *pf, const struct field f[EV_NFIELDS])
{
	struct song_ref song;
	struct user_event user;
	bool resolved;

	if (pf->hashed) /* set only with a lookup */
		lookup_prefetch_song(pf->lookup, pf->hash);
	if (out[OUT_USERS] && event_user(f, &user))
		users_add(users, &user);
	if (!event_is_songplay(f))
		return;
	resolved = songplay_resolve(f, pf->lookup, pf->hashed ? &pf->hash : NULL, &song);
	if (out[OUT_SONGPLAYS])
		songplay_write(out[OUT_SONGPLAYS], f, resolved ? &song : NULL);
	if (out[OUT_UNRESOLVED] && !resolved)
		unresolved_write(out[OUT_UNRESOLVED], f);
	if (out[OUT_TS]) {
		tsv_int(out[OUT_TS], f[EV_TS].i);
		tsv_end_row(out[OUT_TS]);
	}
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct input_sources sources;
	struct tsv_out files[OUT_COUNT], *out[OUT_COUNT];
	struct record_schema schema;
	struct record_reader reader;
	struct field fields[EV_NFIELDS];
	struct user_table users;
	struct song_lookup lookup;
	struct records input;
	struct record rec;
	struct rejects rejects;
	struct progress progress;
	struct jq_filter *where = NULL;
	struct prefetch ahead = { NULL, NULL, 0, false };
	struct input_remote remote;

	sk_progname = "sk-events2tsv";
	parse_options(argc, argv, &opt);
	remote = input_remote_defaults(opt.common.no_sign);
	input_enable_remote(&remote); /* s3:// and http(s):// sources too */
	if (opt.where)
		where = jq_filter_new(opt.where);
	schema_init(&schema, event_fields, EV_NFIELDS);
	reader_init(&reader, &schema);
	lookup_init(&lookup);
	for (int i = 0; i < opt.nlookups; i++)
		lookup_load(&lookup, opt.lookups[i], !opt.common.no_end_line);
	rejects_open(&rejects, opt.common.max_errors, opt.common.rejects);
	sources = input_sources_of(&opt.common, argv + optind, (size_t)(argc - optind));
	records_open(&input, &sources);
	outputs_open(&opt.outputs, files);
	for (int i = 0; i < OUT_COUNT; i++)
		out[i] = outputs_get(&opt.outputs, files, i);
	if (out[OUT_SONGPLAYS] && opt.nlookups == 0)
		sk_warn("no --lookup: every play's song_id and artist_id will be NULL");
	users_init(&users);
	ahead.lookup = opt.nlookups > 0 ? &lookup : NULL;
	ahead.users = out[OUT_USERS] ? &users : NULL;
	if (ahead.lookup || ahead.users) {
		reader.parsed = prefetch_record;
		reader.parsed_arg = &ahead;
	}
	progress_start(&progress, opt.common.quiet, "records", 4096);

	for (int got; (got = reader_next(&reader, &input, &rec, fields)) >= 0;) {
		const char *why = NULL;
		bool keep = true;
		if (!got)
			rejects_add(&rejects, &rec, reader.why_line, reader.why);
		else if ((why = event_check(fields)) != NULL ||
			 (where && (why = jq_filter_run(where, rec.text, rec.len, &keep)) != NULL))
			rejects_add(&rejects, &rec, rec.line, why);
		else if (keep)
			emit(out, &users, &ahead, fields);
		progress_tick(&progress, input.count, records_raw_bytes(&input));
	}

	progress_end(&progress, input.count, records_raw_bytes(&input));
	if (out[OUT_USERS])
		users_write(&users, out[OUT_USERS]);
	outputs_close(&opt.outputs, files, !opt.common.no_end_line);
	rejects_close(&rejects);
	records_close(&input);
	users_free(&users);
	lookup_free(&lookup);
	reader_free(&reader);
	if (where)
		jq_filter_free(where);
	return SK_EXIT_OK;
}
