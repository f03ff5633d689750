#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/aside.h"
#include "load/binary.h"
#include "load/rowqueue.h"
#include "load/star.h"
#include "load/statements.h"
#include "load/summary.h"
#include "load/tally.h"
#include "transform/tables.h"

/* How a table is taken: its statements are sql/load/TABLE.sql's. */
enum merge_kind {
	MERGE_PLAIN,   /* TABLE.merge of {target} and {stage} */
	MERGE_USERS,   /* users.merge, then users.state: the newest state kept */
	MERGE_PLAYS,   /* songplays.merge, which adds to the summaries */
	MERGE_NONE,    /* counted into the summaries, not stored */
};

struct plan {
	const struct table_def *def; /* its TSV's columns, and the table */
	enum merge_kind merge;
	bool direct;       /* an empty target may take the TSV as it is */
	bool tidy;         /* TABLE.tidy normalises a direct COPY's rows */
	bool catalogue;    /* read by the next loads' catalogue (songs_loaded.sql) */
};

/* In the order their merges run: a table before the tables whose foreign
 * keys reference it, so that each merge's rows find their keys. */
static const struct plan plans[] = {
	{ .def = &table_users, .merge = MERGE_USERS },
	{ .def = &table_artists, .merge = MERGE_PLAIN, .direct = true, .tidy = true,
	  .catalogue = true },
	{ .def = &table_songs, .merge = MERGE_PLAIN, .direct = true, .tidy = true,
	  .catalogue = true },
	{ .def = &table_lookup, .merge = MERGE_PLAIN, .direct = true, .catalogue = true },
	{ .def = &table_time, .merge = MERGE_PLAIN, .direct = true },
	{ .def = &table_songplays, .merge = MERGE_PLAYS, .direct = true },
	/* sk-events2tsv's unresolved rows: no table of their own, but counted
	 * into the summary after the plays' merges (count_unresolved). */
	{ .def = &table_unresolved, .merge = MERGE_NONE },
};

enum { PLANS = sizeof plans / sizeof plans[0] };

/* The plays, which the summaries count. */
static bool summarised(const struct plan *plan)
{
	return plan->merge == MERGE_PLAYS;
}

/* A plan by the unqualified table name: "public.songs" merges as songs. */
static const struct plan *find_plan(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *base = dot ? dot + 1 : name;

	for (size_t i = 0; i < PLANS; i++)
		if (strcmp(plans[i].def->table, base) == 0)
			return &plans[i];
	return NULL;
}

/* TABLE.what for the plan's table. */
static char *table_statement(const struct plan *plan, const char *what,
			     const struct sql_arg *args)
{
	char name[64];

	snprintf(name, sizeof name, "%s.%s", plan->def->table, what);
	return sql_statement(name, args);
}

static void run(PGconn *conn, const char *sql, const char *where)
{
	PQclear(db_exec(conn, sql, where));
}

/* star.copy or star.copy-binary into table, of the plan's columns, after
 * the column first when it is not NULL: naming the columns leaves sk_ord
 * to number a staging table's rows in input order.  The caller frees it. */
static char *copy_statement(const char *statement, const struct plan *plan, const char *table,
			    const char *first)
{
	char *list = table_column_list(plan->def, first, false);
	char *sql = sql_statement(statement, SQL_ARGS({ "table", table }, { "columns", list }));

	free(list);
	return sql;
}

_Static_assert((int)TABLE_MAX_COLUMNS <= (int)BINARY_MAX_COLUMNS,
	       "a table's columns fit the encoder");

/* A plan's columns, as the binary encoder takes them. */
struct columns {
	const char *name[TABLE_MAX_COLUMNS];
	enum column_type types[TABLE_MAX_COLUMNS];
	int count;
};

static void plan_columns(const struct plan *plan, struct columns *c)
{
	const struct table_def *def = plan->def;

	c->count = def->ncolumns;
	for (int i = 0; i < def->ncolumns; i++) {
		c->name[i] = def->columns[i].name;
		if (!binary_column_type(def->columns[i].type, &c->types[i]))
			sk_die(SK_EXIT_SYSTEM, "%s: no binary COPY for %s", def->table,
			       def->columns[i].type);
	}
}

/* Binary COPY needs the table's columns of exactly the plan's types: a
 * star whose user changed a type gets COPY text, read by the server. */
static bool takes_binary(PGconn *conn, const char *table, const struct columns *c,
			 const char *name, const struct star_options *opt)
{
	char names[TABLE_MAX_COLUMNS * 34] = "{";
	const char *params[2] = { table, names };
	enum column_type type;
	PGresult *res;
	bool same;

	if (opt->text_copy)
		return false;
	for (int i = 0; i < c->count; i++)
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			 i ? "," : "", c->name[i]);
	strcat(names, "}");
	res = db_statement_params(conn, "star.column-types", 2, params, name);
	same = PQntuples(res) == c->count;
	for (int i = 0; same && i < c->count; i++)
		same = binary_column_type(PQgetvalue(res, i, 0), &type) && type == c->types[i];
	PQclear(res);
	return same;
}

/* The identity column of an empty table that its direct COPY numbers
 * itself (binary_number_rows): a bigint counting by one; its sequence's
 * next value drawn now, as the first row's default would, into *first.
 * NULL when the table has none such. */
static PGresult *draw_identity(PGconn *conn, const char *target, const char *name,
			       int64_t *first)
{
	PGresult *res = db_statement_params(conn, "star.draw-identity", 1, &target, name);

	if (PQntuples(res) != 1) {
		PQclear(res);
		return NULL;
	}
	*first = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
	return res;
}

/* The sequence where the rows' own defaults would have left it. */
static void advance_identity(PGconn *conn, const PGresult *identity, int64_t first,
			     uint64_t rows, const char *name)
{
	char last[24];
	const char *params[3] = { PQgetvalue(identity, 0, 1), last, rows ? "t" : "f" };

	snprintf(last, sizeof last, "%lld", (long long)(rows ? first + (int64_t)rows - 1 : first));
	PQclear(db_statement_params(conn, "star.advance-identity", 3, params, name));
}

/* The source COPYed into table, the plan's columns, in binary when the
 * table takes it.  direct: table is the empty target, its rows counted
 * into tally when one is given (and *tallied then set), its identity
 * column numbered here; NULL, or the server's error (the caller clears it). */
static PGresult *copy_rows(PGconn *conn, const struct star_options *opt,
			   const struct plan *plan, const char *table, const char *name,
			   struct star_source *src, uint64_t *rows, bool direct,
			   struct tally *tally, bool *tallied)
{
	char *sql;
	uint64_t bytes = 0;
	struct columns c;
	struct binary_copy binary;
	PGresult *failed, *identity = NULL;
	struct row_queue *counting = NULL; /* the tally, on a thread of its own */
	int64_t first = 0;

	plan_columns(plan, &c);
	if (!takes_binary(conn, table, &c, name, opt)) {
		sql = copy_statement("star.copy", plan, table, NULL);
		failed = db_copy_try(conn, sql, src->read, src->ctx, name, &bytes, rows);
		free(sql);
		return failed;
	}
	if (direct)
		identity = draw_identity(conn, table, name, &first);
	sql = copy_statement("star.copy-binary", plan, table,
			     identity ? PQgetvalue(identity, 0, 0) : NULL);
	binary_open(&binary, src->read, src->ctx, name, c.name, c.types, c.count);
	if (identity)
		binary_number_rows(&binary, first);
	if (tally && (*tallied = tally_open(tally, opt->tally_groups, c.name, c.types, c.count))) {
		counting = row_queue_start(tally_row, tally, c.count, c.types);
		binary_observe(&binary, row_queue_push, counting);
	}
	failed = db_copy_try(conn, sql, binary_read, &binary, name, &bytes, rows);
	free(sql);
	if (counting)
		row_queue_finish(counting);
	binary_close(&binary);
	if (identity && !failed)
		advance_identity(conn, identity, first, *rows, name);
	PQclear(identity);
	return failed;
}

/* Whether the target is empty, locked so (star.lock-empty) when it is. */
static bool lock_if_empty(PGconn *conn, const char *target, const char *name)
{
	if (db_has_rows(conn, target, name))
		return false;
	db_run(conn, "star.lock-empty", SQL_ARGS({ "target", target }), name);
	return !db_has_rows(conn, target, name);
}

/* SQL that puts the target's identity sequences back where they are now
 * (star.sequence-rewinder).  The caller frees it. */
static char *sequence_rewinder(PGconn *conn, const char *target, const char *name)
{
	PGresult *res = db_statement_params(conn, "star.sequence-rewinder", 1, &target, name);
	char *sql = sk_strndup(PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)));

	PQclear(res);
	return sql;
}

/* The unresolved rows' titles counted in memory (tally_titles), on the
 * caller's thread or on one of their own (star_count_ahead). */
struct titles_count {
	const struct plan *plan;
	const char *name;
	struct star_source src;
	bool replayable;
	struct tally tally;
	/* Here, not on titles_read's stack, so that what they hold stays
	 * reachable (for LeakSanitizer too) when the count's thread dies. */
	struct binary_copy binary;
	struct row_queue *counting;
	pthread_t thread;
	bool failed;            /* its thread died: caught says how */
	struct sk_caught caught;
};

/* A load's state between its two phases: the staged tables still to merge,
 * and the foreign keys set aside by direct COPYs, added back last.  Taking
 * every input first and merging after lets a table be read in any order,
 * songplays first as it streams from its filter, while the merges run in
 * the plans' order, each one's keys already in place. */
struct pending {
	const struct plan *plan;
	char *target, *stage;
	const char *name;
	struct load_result *result;
};

struct star_load {
	PGconn *conn;
	struct star_options opt;
	struct pending *pending;
	size_t npending;
	struct set_aside *keys;
	size_t nkeys;
	unsigned staged[PLANS]; /* staging tables made per plan, each named apart */
	bool summaries_ready;   /* summary_prepare done */
	bool plays_direct;      /* songplays, empty, took a COPY */
	bool keep_unresolved;   /* merges record their new unresolved plays */
	const char *plays_name; /* songplays as named, or NULL */
	uint64_t plays_read, plays_inserted;
	struct titles_count *ahead; /* counting on its thread (star_count_ahead) */
};

static void count_plays(struct star_load *load, const char *name, const struct load_result *r)
{
	load->plays_name = name;
	load->plays_read += r->read;
	load->plays_inserted += r->inserted;
}

struct star_load *star_begin(PGconn *conn, const struct star_options *options)
{
	struct star_load *load = sk_malloc(sizeof *load);

	memset(load, 0, sizeof *load);
	load->conn = conn;
	load->opt = *options;
	return load;
}

/* Whether the database is a Citus coordinator. */
static bool is_citus(PGconn *conn, const char *name)
{
	PGresult *res = db_statement_params(conn, "star.is-citus", 0, NULL, name);
	bool citus = PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	return citus;
}

/* After a good COPY: the merge's normalising, then the indexes back (where
 * a repeated key shows, returned as the failed result), and the
 * catalogue's tables analysed but on Citus.  The foreign keys wait for
 * the other tables' rows. */
static PGresult *finish_direct(PGconn *conn, const struct plan *plan, const char *target,
			       const char *name, struct set_aside *indexes)
{
	PGresult *failed;

	if (plan->tidy) {
		char *tidy = table_statement(plan, "tidy", SQL_ARGS({ "target", target }));
		run(conn, tidy, name);
		free(tidy);
	}
	failed = aside_try_put_back(conn, indexes);
	if (failed)
		return failed;
	/* Citus refuses an ANALYZE of a reference table after the
	 * transaction's local writes to its placement. */
	if (plan->catalogue && !is_citus(conn, name))
		db_run(conn, "star.analyze", SQL_ARGS({ "target", target }), name);
	db_run(conn, "star.release", SQL_NO_ARGS, name);
	return NULL;
}

/* An empty target needs no merge when the input's keys are unique: the TSV
 * is COPYed straight in, as fast as a load gets (the merge writes every row
 * twice), then indexed in one pass, its foreign keys added back (checked
 * in one join) when star_finish has merged the other tables.  A repeated
 * key fails the COPY or the unique index's build with unique_violation, a
 * NULL where the table takes none fails it with not_null_violation: that
 * is undone to a savepoint, the identity sequences rewound, and false
 * returned, for the merge to apply the rules (or fail as the COPY did). */
static bool copy_direct(struct star_load *load, const struct plan *plan, const char *target,
			const char *name, struct star_source *src, struct load_result *r)
{
	PGconn *conn = load->conn;
	char *rewind_sequences = sequence_rewinder(conn, target, name);
	struct set_aside keys, indexes;
	struct tally tally;
	bool tallied = false;
	PGresult *failed;

	db_run(conn, "star.savepoint", SQL_NO_ARGS, name);
	set_aside(conn, ASIDE_FOREIGN_KEYS, target, name, &keys);
	set_aside(conn, ASIDE_INDEXES, target, name, &indexes);
	failed = copy_rows(conn, &load->opt, plan, target, name, src, &r->read, true,
			   summarised(plan) ? &tally : NULL, &tallied);
	if (!failed)
		failed = finish_direct(conn, plan, target, name, &indexes);
	aside_forget(&indexes);
	if (failed && !db_failed_with(failed, "23505") && !db_failed_with(failed, "23502"))
		db_die(conn, failed, name);
	if (failed) {
		PQclear(failed);
		aside_forget(&keys);
		db_run(conn, "star.rollback", SQL_NO_ARGS, name);
		if (*rewind_sequences)
			run(conn, rewind_sequences, name);
	} else {
		r->inserted = r->read;
		if (summarised(plan)) {
			/* The plays just COPYed are the whole table's. */
			if (tallied && tally_complete(&tally))
				tally_write(&tally, conn, name);
			else
				summary_add_all(conn, name);
			load->plays_direct = true;
			count_plays(load, name, r);
		}
		load->keys = sk_realloc(load->keys, (load->nkeys + 1) * sizeof *load->keys);
		load->keys[load->nkeys++] = keys;
	}
	if (tallied)
		tally_close(&tally);
	free(rewind_sequences);
	return failed == NULL;
}

/* Foreign keys are checked row by row by triggers, which for a large batch
 * costs more than the rows themselves.  Adding a key back after the merge
 * checks every row of the table in one join (a violation still rolls the
 * load back), which pays only when the batch is a good share of it: past
 * bulk_rows staged rows, and a staging table at least a quarter of the
 * target's size.  (A daily load into a large star keeps its keys, checked
 * row by row.) */
static bool worth_bulk(PGconn *conn, const char *stage, const char *target, const char *name,
		       uint64_t rows, uint64_t bulk_rows)
{
	const char *params[2] = { stage, target };
	PGresult *res;
	bool worth;

	if (bulk_rows == 0 || rows < bulk_rows)
		return false;
	res = db_statement_params(conn, "star.worth-bulk", 2, params, name);
	worth = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return worth;
}

/* The input into a temporary staging table, merged by star_finish. */
static void stage_rows(struct star_load *load, const struct plan *plan, const char *target,
		       const char *name, struct star_source *src, struct load_result *r)
{
	struct pending *p;
	char stage[64], *columns;
	PGresult *failed;
	unsigned again = load->staged[plan - plans]++;

	if (again)
		snprintf(stage, sizeof stage, "pg_temp.sk_stage_%s_%u", plan->def->table,
			 again + 1);
	else
		snprintf(stage, sizeof stage, "pg_temp.sk_stage_%s", plan->def->table);
	columns = table_column_list(plan->def, NULL, true);
	db_run(load->conn, "star.stage", SQL_ARGS({ "stage", stage }, { "columns", columns }),
		      name);
	free(columns);
	failed = copy_rows(load->conn, &load->opt, plan, stage, name, src, &r->read, false, NULL,
			   NULL);
	if (failed)
		db_die(load->conn, failed, name);
	r->merged = true;
	load->pending = sk_realloc(load->pending, (load->npending + 1) * sizeof *load->pending);
	p = &load->pending[load->npending++];
	*p = (struct pending){ plan, sk_strndup(target, strlen(target)),
			       sk_strndup(stage, strlen(stage)), name, r };
}

/* A table that Citus shards (hash-distributed), on a Citus coordinator. */
static bool is_sharded(PGconn *conn, const char *target, const char *name)
{
	PGresult *res;
	bool sharded;

	if (!is_citus(conn, name))
		return false;
	res = db_statement_params(conn, "star.is-sharded", 1, &target, name);
	sharded = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return sharded;
}

/* The plan's merge statement of a staged table, its arguments by kind;
 * on Citus (sharded) songplays' merge does without songplays.skip-loaded.
 * The caller frees it. */
static char *merge_statement(struct star_load *load, const struct pending *p, bool sharded,
			     const char *state)
{
	const struct plan *plan = p->plan;
	char *latest, *skip, *summaries, *columns, *sql;

	if (plan->merge == MERGE_USERS) {
		latest = table_statement(plan, "latest", SQL_ARGS({ "stage", p->stage }));
		sql = table_statement(plan, "merge", SQL_ARGS({ "target", p->target },
			{ "latest", latest }, { "user_state", state }));
		free(latest);
		return sql;
	}
	if (plan->merge != MERGE_PLAYS)
		return table_statement(plan, "merge", SQL_ARGS({ "target", p->target },
							       { "stage", p->stage }));
	skip = sharded ? sk_strndup("", 0)
		       : table_statement(plan, "skip-loaded", SQL_ARGS({ "target", p->target }));
	summaries = summary_ctes(load->conn, p->name, load->keep_unresolved);
	columns = table_column_list(plan->def, NULL, false);
	sql = table_statement(plan, "merge", SQL_ARGS({ "target", p->target },
		{ "columns", columns }, { "stage", p->stage }, { "skip_loaded", skip },
		{ "summaries", summaries }));
	free(columns);
	free(summaries);
	free(skip);
	return sql;
}

/* After users' merge, their newest state kept (users.state). */
static void keep_user_state(PGconn *conn, const struct pending *p, const char *state)
{
	char *latest = table_statement(p->plan, "latest", SQL_ARGS({ "stage", p->stage }));

	db_run(conn, "users.state", SQL_ARGS({ "user_state", state }, { "latest", latest }),
		      p->name);
	free(latest);
}

/* The plan's merge of a staged table into its target.  (The coordinator
 * does not know a sharded table's size: its keys are never set aside.) */
static void merge_staged(struct star_load *load, const struct pending *p)
{
	PGconn *conn = load->conn;
	char *state = db_quote_beside(conn, p->name, "sk_user_state");
	bool sharded = summarised(p->plan) && is_sharded(conn, p->target, p->name);
	char *merge = merge_statement(load, p, sharded, state);
	struct load_result *r = p->result;
	struct set_aside keys;
	bool bulk = !sharded && worth_bulk(conn, p->stage, p->target, p->name, r->read,
					   load->opt.bulk_rows);
	PGresult *res;

	if (bulk)
		set_aside(conn, ASIDE_FOREIGN_KEYS, p->target, p->name, &keys);
	res = db_exec(conn, merge, p->name);
	r->inserted = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	r->updated = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	if (summarised(p->plan))
		count_plays(load, p->name, r);
	if (p->plan->merge == MERGE_USERS)
		keep_user_state(conn, p, state);
	if (bulk)
		aside_put_back(conn, &keys);
	free(merge);
	free(state);
}

/* The unresolved rows when every play of the load is new (its plays
 * COPYed straight into an empty songplays, before): each counts, so they
 * are counted as they are read, and only the counts are COPYed in,
 * instead of staging every row for the server to count.  False when their
 * columns are not the plan's types (the staging table takes them). */
static bool titles_open(const struct star_load *load, const struct plan *plan, const char *name,
			struct star_source *src, struct titles_count *tc)
{
	struct columns c;

	plan_columns(plan, &c);
	if (!tally_titles_open(&tc->tally, load->opt.tally_groups, c.name, c.types, c.count))
		return false;
	tc->plan = plan;
	tc->name = name;
	tc->src = *src;
	tc->replayable = src->replayable(src->ctx);
	if (!tc->replayable) /* what it reads is all it gets: it keeps counting */
		tc->tally.max_groups = SIZE_MAX;
	return true;
}

/* Every row read for the tally alone, counted as read. */
static void *titles_read(void *arg)
{
	struct titles_count *tc = arg;
	struct columns c;
	char discard[1 << 16];

	plan_columns(tc->plan, &c);
	binary_open(&tc->binary, tc->src.read, tc->src.ctx, tc->name, c.name, c.types, c.count);
	tc->counting = row_queue_start(tally_title_row, &tc->tally, c.count, c.types);
	binary_observe(&tc->binary, row_queue_push, tc->counting);
	while (binary_read(&tc->binary, discard, sizeof discard) > 0)
		continue;
	row_queue_finish(tc->counting);
	binary_close(&tc->binary);
	return NULL;
}

/* The counts COPYed in; or, when the tally gave up, the source rewound
 * for the staging table, and false. */
static bool titles_write(struct star_load *load, struct titles_count *tc, struct load_result *r)
{
	bool complete = tally_complete(&tc->tally);

	if (complete)
		tally_titles_write(&tc->tally, load->conn, tc->name);
	else if (tc->replayable)
		tc->src.rewind(tc->src.ctx); /* the staging table takes them again */
	else
		sk_die(SK_EXIT_DATA, "%s: a row without start_time", tc->name);
	r->read = r->inserted = tc->tally.rows;
	tally_close(&tc->tally);
	return complete;
}

static bool counted_titles(const struct star_load *load, const struct plan *plan)
{
	return plan->merge == MERGE_NONE && load->plays_direct;
}

static bool tally_titles(struct star_load *load, const struct plan *plan, const char *name,
			 struct star_source *src, struct load_result *r)
{
	struct titles_count tc;

	if (!titles_open(load, plan, name, src, &tc))
		return false;
	titles_read(&tc);
	return titles_write(load, &tc, r);
}

/* titles_read on a thread of its own, its failure kept for take_ahead. */
static void *titles_read_ahead(void *arg)
{
	struct titles_count *tc = arg;

	if (setjmp(tc->caught.at) == 0) {
		sk_catch_dies(&tc->caught);
		titles_read(tc);
		sk_catch_dies(NULL);
	} else {
		tc->failed = true;
	}
	return NULL;
}

bool star_count_ahead(struct star_load *load, const char *name, struct star_source *src)
{
	const struct plan *plan = find_plan(name);
	struct titles_count *tc;

	if (!plan || !counted_titles(load, plan) || load->ahead)
		return false;
	tc = sk_malloc(sizeof *tc);
	if (!titles_open(load, plan, name, src, tc)) {
		free(tc);
		return false;
	}
	tc->failed = false;
	if (pthread_create(&tc->thread, NULL, titles_read_ahead, tc) != 0)
		sk_die(SK_EXIT_SYSTEM, "cannot start the titles' count");
	load->ahead = tc;
	return true;
}

/* The count star_count_ahead started, once its thread is done: written
 * as tally_titles writes it. */
static bool take_ahead(struct star_load *load, struct load_result *r)
{
	struct titles_count *tc = load->ahead;
	bool complete;

	pthread_join(tc->thread, NULL);
	if (tc->failed) /* load->ahead keeps what the thread left reachable */
		sk_die(tc->caught.code, "%s", tc->caught.message);
	load->ahead = NULL;
	complete = titles_write(load, tc, r);
	free(tc);
	return complete;
}

static void take_planned(struct star_load *load, const struct plan *plan, const char *name,
			 struct star_source *src, struct load_result *r)
{
	char *target;
	bool done = false;

	/* The unresolved rows are counted, not stored. */
	if (load->ahead && load->ahead->src.ctx == src->ctx) {
		if (take_ahead(load, r))
			return;
	} else if (counted_titles(load, plan) && tally_titles(load, plan, name, src, r)) {
		return;
	}
	target = db_quote_name(load->conn, name);
	if (summarised(plan) && !load->summaries_ready) {
		summary_prepare(load->conn, name);
		load->summaries_ready = true;
	}
	if (plan->direct && !load->opt.always_merge && lock_if_empty(load->conn, target, name) &&
	    src->replayable(src->ctx)) {
		done = copy_direct(load, plan, target, name, src, r);
		if (!done)
			src->rewind(src->ctx);
	}
	if (!done)
		stage_rows(load, plan, target, name, src, r);
	free(target);
}

void star_take(struct star_load *load, const char *name, struct star_source *src,
	       struct load_result *r)
{
	const struct plan *plan = find_plan(name);
	char *target, *sql;
	uint64_t bytes = 0;

	memset(r, 0, sizeof *r);
	if (plan) {
		take_planned(load, plan, name, src, r);
		return;
	}
	target = db_quote_name(load->conn, name);
	sql = sql_statement("star.copy-any", SQL_ARGS({ "table", target }));
	r->read = r->inserted = db_copy_in(load->conn, sql, src->read, src->ctx, name, &bytes);
	free(sql);
	free(target);
}

/* The staged unresolved rows as one query, numbered by input and row, so
 * that a play's first row wins; NULL when there are none. */
static char *unresolved_rows(const struct star_load *load)
{
	char *sql = NULL, *more;

	for (size_t i = 0; i < load->npending; i++) {
		const struct pending *p = &load->pending[i];
		if (p->plan->merge != MERGE_NONE)
			continue;
		more = summary_unresolved_rows(sql, i, p->stage);
		free(sql);
		sql = more;
	}
	return sql;
}

static enum plays_taken plays_taken(const struct star_load *load)
{
	if (!load->plays_name)
		return PLAYS_NONE;
	if (load->plays_inserted == load->plays_read)
		return PLAYS_ALL_NEW;
	return load->plays_direct ? PLAYS_SOME_NEW_INTO_EMPTY : PLAYS_SOME_NEW;
}

/* Every unresolved input's result: the rows it staged, and the plays of
 * them that the summary counted (all of its inputs', on the first). */
static void count_unresolved(struct star_load *load, const char *rows)
{
	struct pending *first = NULL;
	uint64_t counted;

	for (size_t i = 0; i < load->npending; i++)
		if (load->pending[i].plan->merge == MERGE_NONE && !first)
			first = &load->pending[i];
	counted = summary_add_unresolved(load->conn, first->name, load->plays_name, rows,
					 plays_taken(load));
	first->result->inserted = counted;
}

void star_finish(struct star_load *load)
{
	char *unresolved;

	if (load->ahead) /* counted ahead and never taken: nothing to write */
		sk_die(SK_EXIT_SYSTEM, "internal error: %s counted, never taken", load->ahead->name);
	unresolved = unresolved_rows(load);

	if (unresolved) {
		summary_unresolved_begin(load->conn, load->pending[0].name);
		load->keep_unresolved = true;
	}
	/* In the plans' order; a table's own inputs in the order taken. */
	for (const struct plan *plan = plans; plan < plans + PLANS; plan++)
		for (size_t i = 0; i < load->npending; i++)
			if (load->pending[i].plan == plan && plan->merge != MERGE_NONE)
				merge_staged(load, &load->pending[i]);
	if (unresolved)
		count_unresolved(load, unresolved);
	free(unresolved);
	for (size_t i = 0; i < load->npending; i++) {
		free(load->pending[i].target);
		free(load->pending[i].stage);
	}
	for (size_t i = 0; i < load->nkeys; i++)
		aside_put_back(load->conn, &load->keys[i]);
	free(load->pending);
	free(load->keys);
	free(load);
}
