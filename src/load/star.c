#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/aside.h"
#include "load/binary.h"
#include "load/rowqueue.h"
#include "load/star.h"
#include "load/summary.h"
#include "load/tally.h"

struct plan {
	const char *table;
	bool direct;         /* an empty target may take the TSV as it is */
	const char *tidy;    /* after a direct COPY, the merge's normalising */
	const char *stage;   /* the staging table's columns, in TSV order */
	const char *merge;   /* {t}: target, {s}: staging, {u}: sk_user_state,
			      * {f}: skip_loaded or nothing, {m}: the
			      * summaries' additions (summary.h); a query
			      * returning one row: inserted, updated;
			      * NULL: counted by count_unresolved */
	const char *after;   /* run after the merge, or NULL */
	const char *skip_loaded; /* a filter of the rows already in {t}, left
				  * out on a table Citus shards, or NULL */
	bool summarised;     /* the plays, which the summaries count */
};

/* Each user's latest event of the batch.  -2147483649 sorts below every
 * itemInSession: an event without one loses a tie on ts. */
#define USERS_LATEST \
	"SELECT DISTINCT ON (user_id) * FROM {s} WHERE user_id IS NOT NULL AND ts IS NOT NULL" \
	" ORDER BY user_id, ts DESC, item_in_session DESC NULLS LAST, sk_ord"
#define NEWER_THAN_STATE(row) \
	"(" row ".ts, coalesce(" row ".item_in_session, -2147483649))" \
	" > (st.ts, coalesce(st.item_in_session, -2147483649))"

/* A merge's INSERT, with the rows it inserted counted: Citus's command tag
 * for an INSERT ... SELECT counts the rows sent, conflicting ones too. */
#define COUNTED(insert) "WITH ins AS (" insert " RETURNING 1) SELECT count(*), 0 FROM ins"

/* In the order their merges run: a table before the tables whose foreign
 * keys reference it, so that each merge's rows find their keys. */
static const struct plan plans[] = {
	/* users first, then their state (which references them): in two
	 * statements, as Citus checks each reference table's keys statement
	 * by statement, shard by shard. */
	{ "users",
	  false, NULL,
	  "user_id integer, first_name text, last_name text, gender text, level text, "
	  "ts bigint, item_in_session bigint",
	  "WITH latest AS (" USERS_LATEST "),"
	  " newer AS (SELECT l.* FROM latest l LEFT JOIN {u} st USING (user_id)"
	  " WHERE st.user_id IS NULL OR " NEWER_THAN_STATE("l") "),"
	  " ins AS (INSERT INTO {t} AS u (user_id, first_name, last_name, gender, level)"
	  " SELECT user_id, first_name, last_name, gender, level FROM newer ORDER BY user_id"
	  " ON CONFLICT (user_id) DO UPDATE SET first_name = EXCLUDED.first_name,"
	  " last_name = EXCLUDED.last_name, gender = EXCLUDED.gender, level = EXCLUDED.level"
	  " RETURNING (xmax = 0) AS inserted)"
	  " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)"
	  " FROM ins",
	  "INSERT INTO {u} AS st (user_id, ts, item_in_session)"
	  " SELECT user_id, ts, item_in_session FROM (" USERS_LATEST ") latest"
	  " ON CONFLICT (user_id) DO UPDATE SET ts = EXCLUDED.ts,"
	  " item_in_session = EXCLUDED.item_in_session WHERE " NEWER_THAN_STATE("EXCLUDED"), NULL, false },
	{ "artists",
	  true, "UPDATE {t} SET name = nullif(name, ''), location = nullif(location, '')"
	  " WHERE name = '' OR location = ''",
	  "artist_id text, name text, location text, latitude double precision, "
	  "longitude double precision",
	  "WITH merged AS (SELECT artist_id,"
	  " (array_agg(name ORDER BY sk_ord) FILTER (WHERE name <> ''))[1] AS name,"
	  " (array_agg(location ORDER BY sk_ord) FILTER (WHERE location <> ''))[1] AS location,"
	  " (array_agg(latitude ORDER BY sk_ord) FILTER (WHERE latitude IS NOT NULL))[1] AS latitude,"
	  " (array_agg(longitude ORDER BY sk_ord) FILTER (WHERE longitude IS NOT NULL))[1] AS longitude,"
	  " min(sk_ord) AS first_seen FROM {s} GROUP BY artist_id),"
	  " ins AS (INSERT INTO {t} AS a (artist_id, name, location, latitude, longitude)"
	  " SELECT artist_id, name, location, latitude, longitude FROM merged"
	  " ORDER BY first_seen"
	  " ON CONFLICT (artist_id) DO UPDATE SET name = coalesce(a.name, EXCLUDED.name),"
	  " location = coalesce(a.location, EXCLUDED.location),"
	  " latitude = coalesce(a.latitude, EXCLUDED.latitude),"
	  " longitude = coalesce(a.longitude, EXCLUDED.longitude)"
	  " WHERE (a.name IS NULL AND EXCLUDED.name IS NOT NULL)"
	  " OR (a.location IS NULL AND EXCLUDED.location IS NOT NULL)"
	  " OR (a.latitude IS NULL AND EXCLUDED.latitude IS NOT NULL)"
	  " OR (a.longitude IS NULL AND EXCLUDED.longitude IS NOT NULL)"
	  " RETURNING (xmax = 0) AS inserted)"
	  " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)"
	  " FROM ins", NULL, NULL, false },
	{ "songs",
	  true, "UPDATE {t} SET year = NULL WHERE year = 0",
	  "song_id text, title text, artist_id text, year integer, "
	  "duration double precision",
	  COUNTED("INSERT INTO {t} (song_id, title, artist_id, year, duration)"
	  " SELECT song_id, title, artist_id, nullif(year, 0), duration FROM {s}"
	  " ORDER BY sk_ord ON CONFLICT (song_id) DO NOTHING"), NULL, NULL, false },
	/* The lookup may hold rows that match no play (no duration), which
	 * the table's NOT NULL columns refuse: a direct COPY that meets one
	 * goes to the merge, which leaves them out. */
	{ "sk_song_lookup",
	  true, NULL,
	  "song_id text, title text, artist_name text, duration double precision, "
	  "artist_id text",
	  COUNTED("INSERT INTO {t} (song_id, title, artist_name, duration, artist_id)"
	  " SELECT song_id, title, artist_name, duration, artist_id FROM {s}"
	  " WHERE song_id IS NOT NULL AND title IS NOT NULL AND artist_name IS NOT NULL"
	  " AND duration IS NOT NULL AND artist_id IS NOT NULL"
	  " ORDER BY sk_ord ON CONFLICT DO NOTHING"), NULL, NULL, false },
	{ "time",
	  true, NULL,
	  "start_time timestamp, hour integer, day integer, week integer, month integer, "
	  "year integer, weekday integer",
	  COUNTED("INSERT INTO {t} (start_time, hour, day, week, month, year, weekday)"
	  " SELECT start_time, hour, day, week, month, year, weekday FROM {s} ORDER BY sk_ord"
	  " ON CONFLICT (start_time) DO NOTHING"), NULL, NULL, false },
	{ "songplays",
	  true, NULL,
	  "start_time timestamp, user_id integer, level text, song_id text, "
	  "artist_id text, session_id integer, item_in_session integer, "
	  "location text, user_agent text",
	  /* NOT EXISTS first, so that plays already loaded do not draw (and
	   * waste) songplay_id values.  Duplicates within the batch need no
	   * DISTINCT ON: in sk_ord order, ON CONFLICT DO NOTHING keeps the
	   * first, as it does against concurrent loads. */
	  "WITH " SUMMARY_NEW " AS (INSERT INTO {t} (start_time, user_id, level, song_id,"
	  " artist_id, session_id, item_in_session, location, user_agent)"
	  " SELECT start_time, user_id, level, song_id, artist_id, session_id,"
	  " item_in_session, location, user_agent FROM {s} s{f} ORDER BY sk_ord"
	  " ON CONFLICT (user_id, session_id, item_in_session) DO NOTHING"
	  " RETURNING " SUMMARY_COLUMNS "){m} SELECT count(*), 0 FROM " SUMMARY_NEW, NULL,
	  /* Citus cannot join the staging table (local to the coordinator)
	   * with the shards but by pulling every play to the coordinator:
	   * there, ON CONFLICT alone skips the plays loaded before, at the
	   * cost of the songplay_id values they draw. */
	  " WHERE NOT EXISTS (SELECT 1 FROM {t} p WHERE p.user_id = s.user_id"
	  " AND p.session_id = s.session_id AND p.item_in_session = s.item_in_session)", true },
	/* sk-events2tsv's unresolved rows: no table of their own, but counted
	 * into the summary after the plays' merges (count_unresolved). */
	{ SUMMARY_UNRESOLVED,
	  false, NULL,
	  "start_time timestamp, user_id integer, session_id integer, "
	  "item_in_session integer, title text, artist text",
	  NULL, NULL, NULL, false },
};

enum { PLANS = sizeof plans / sizeof plans[0] };

/* A plan by the unqualified table name: "public.songs" merges as songs. */
static const struct plan *find_plan(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *base = dot ? dot + 1 : name;

	for (size_t i = 0; i < PLANS; i++)
		if (strcmp(plans[i].table, base) == 0)
			return &plans[i];
	return NULL;
}

/* The plan's SQL with {t}, {s}, {u}, {f} and {m} replaced. */
static char *expand(const char *tmpl, const char *t, const char *s, const char *u,
		    const char *f, const char *m)
{
	size_t cap = strlen(tmpl) + 8 * (strlen(t) + strlen(s) + strlen(u) + strlen(f)) +
		     strlen(m) + 1, n = 0;
	char *out = sk_malloc(cap);

	for (const char *p = tmpl; *p; p++) {
		const char *with = NULL;
		if (p[0] == '{' && p[1] && p[2] == '}')
			with = p[1] == 't' ? t : p[1] == 's' ? s : p[1] == 'u' ? u :
			       p[1] == 'f' ? f : p[1] == 'm' ? m : NULL;
		if (!with) {
			out[n++] = *p;
			continue;
		}
		if (n + strlen(with) + strlen(p) >= cap)
			out = sk_realloc(out, cap = 2 * cap + strlen(with));
		memcpy(out + n, with, strlen(with));
		n += strlen(with);
		p += 2;
	}
	out[n] = '\0';
	return out;
}

static void run(PGconn *conn, const char *sql, const char *where)
{
	PQclear(db_exec(conn, sql, where));
}

/* "COPY stage (a, b, ...) FROM STDIN" from the plan's "a type, b type, ...",
 * after the column first when it is not NULL: naming the columns leaves
 * sk_ord to number the rows in input order. */
static void copy_statement(char *sql, size_t len, const char *stage, const char *first,
			   const char *columns)
{
	size_t n = (size_t)snprintf(sql, len, "COPY %s (%s%s", stage, first ? first : "",
				    first ? ", " : "");

	for (const char *p = columns; *p && n < len; ) {
		size_t word = strcspn(p, " ");
		n += (size_t)snprintf(sql + n, len - n, "%s%.*s", p == columns ? "" : ", ",
				      (int)word, p);
		p = strchr(p, ',');
		if (!p)
			break;
		p += strspn(p, ", ");
	}
	snprintf(sql + n, len > n ? len - n : 0, ") FROM STDIN");
}

/* A plan's columns, from its "name type, name type, ..." list. */
struct columns {
	char names[BINARY_MAX_COLUMNS][32];
	char sql_types[BINARY_MAX_COLUMNS][32];
	const char *name[BINARY_MAX_COLUMNS];
	enum column_type types[BINARY_MAX_COLUMNS];
	int count;
};

static void plan_columns(const struct plan *plan, struct columns *c)
{
	const char *p = plan->stage;

	c->count = 0;
	while (*p && c->count < BINARY_MAX_COLUMNS) {
		size_t word = strcspn(p, " "), type;
		p += word + 1;
		type = strcspn(p, ",");
		snprintf(c->names[c->count], sizeof c->names[0], "%.*s", (int)word, p - word - 1);
		snprintf(c->sql_types[c->count], sizeof c->sql_types[0], "%.*s", (int)type, p);
		if (!binary_column_type(c->sql_types[c->count], &c->types[c->count]))
			sk_die(SK_EXIT_SYSTEM, "%s: no binary COPY for %s", plan->table,
			       c->sql_types[c->count]);
		c->name[c->count] = c->names[c->count];
		c->count++;
		p += type;
		p += strspn(p, ", ");
	}
}

/* Binary COPY needs the table's columns of exactly the plan's types: a
 * star whose user changed a type gets COPY text, read by the server. */
static bool takes_binary(PGconn *conn, const char *table, const struct columns *c,
			 const char *name)
{
	char names[BINARY_MAX_COLUMNS * 34] = "{";
	const char *params[2] = { table, names };
	enum column_type type;
	PGresult *res;
	bool same;

	if (star_text_copy)
		return false;
	for (int i = 0; i < c->count; i++)
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			 i ? "," : "", c->names[i]);
	strcat(names, "}");
	res = db_check(conn, PQexecParams(conn, "SELECT format_type(a.atttypid, a.atttypmod)"
					  " FROM unnest($2::text[]) WITH ORDINALITY c(name, ord)"
					  " LEFT JOIN pg_attribute a ON a.attrelid = $1::regclass"
					  " AND a.attname = c.name AND NOT a.attisdropped ORDER BY ord",
					  2, NULL, params, NULL, NULL, 0), name);
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
	PGresult *res = db_check(conn, PQexecParams(conn,
		"SELECT quote_ident(attname), seq, nextval(seq) FROM (SELECT a.attname,"
		" pg_get_serial_sequence($1, a.attname)::regclass AS seq FROM pg_attribute a"
		" WHERE a.attrelid = $1::regclass AND a.attidentity <> '' AND NOT a.attisdropped"
		" AND a.atttypid = 'bigint'::regtype) i"
		" JOIN pg_sequence s ON s.seqrelid = i.seq AND s.seqincrement = 1",
		1, NULL, &target, NULL, NULL, 0), name);

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
	PQclear(db_check(conn, PQexecParams(conn, "SELECT setval($1::regclass, $2, $3)", 3, NULL,
					    params, NULL, NULL, 0), name));
}

/* The source COPYed into table, the plan's columns, in binary when the
 * table takes it.  direct: table is the empty target, its rows counted
 * into tally when one is given (and *tallied then set), its identity
 * column numbered here; NULL, or the server's error (the caller clears it). */
static PGresult *copy_rows(PGconn *conn, const struct plan *plan, const char *table,
			   const char *name, struct star_source *src, uint64_t *rows,
			   bool direct, struct tally *tally, bool *tallied)
{
	char sql[1024];
	uint64_t bytes = 0;
	struct columns c;
	struct binary_copy binary;
	PGresult *failed, *identity = NULL;
	struct row_queue *counting = NULL; /* the tally, on a thread of its own */
	int64_t first = 0;

	plan_columns(plan, &c);
	if (!takes_binary(conn, table, &c, name)) {
		copy_statement(sql, sizeof sql, table, NULL, plan->stage);
		return db_copy_try(conn, sql, src->read, src->ctx, name, &bytes, rows);
	}
	if (direct)
		identity = draw_identity(conn, table, name, &first);
	copy_statement(sql, sizeof sql, table, identity ? PQgetvalue(identity, 0, 0) : NULL,
		       plan->stage);
	snprintf(sql + strlen(sql), sizeof sql - strlen(sql), " (FORMAT binary)");
	binary_open(&binary, src->read, src->ctx, name, c.name, c.types, c.count);
	if (identity)
		binary_number_rows(&binary, first);
	if (tally && (*tallied = tally_open(tally, c.name, c.types, c.count))) {
		counting = row_queue_start(tally_row, tally, c.count, c.types);
		binary_observe(&binary, row_queue_push, counting);
	}
	failed = db_copy_try(conn, sql, binary_read, &binary, name, &bytes, rows);
	if (counting)
		row_queue_finish(counting);
	binary_close(&binary);
	if (identity && !failed)
		advance_identity(conn, identity, first, *rows, name);
	PQclear(identity);
	return failed;
}

/* Foreign keys are checked row by row by triggers, which for a large batch
 * costs more than the rows themselves (tens of microseconds per row and
 * key here).  Past star_bulk_rows staged rows, the target's foreign keys
 * are dropped and added back after the merge, in the same transaction:
 * adding a key back checks every row in one join, and a violation still
 * rolls the whole load back. */
uint64_t star_bulk_rows = 50000;
bool star_always_merge = false;
bool star_text_copy = false;

/* Empty, and kept so until the commit: other writers wait (readers go on),
 * so that nobody's rows or sequence values interleave with the COPY. */
static bool lock_if_empty(PGconn *conn, const char *target, const char *name)
{
	char sql[256];

	if (db_has_rows(conn, target, name))
		return false;
	snprintf(sql, sizeof sql, "LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", target);
	run(conn, sql, name);
	return !db_has_rows(conn, target, name);
}

/* SQL that puts the target's identity sequences back where they are now:
 * a rollback does not undo nextval(), and a COPY retried as a merge should
 * not leave a gap in songplay_id.  The caller frees it. */
static char *sequence_rewinder(PGconn *conn, const char *target, const char *name)
{
	PGresult *res = db_check(conn, PQexecParams(conn,
		"SELECT coalesce(string_agg(format('SELECT setval(%L, %s, %L);', seq,"
		" coalesce(pg_sequence_last_value(seq), s.seqstart),"
		" pg_sequence_last_value(seq) IS NOT NULL), ' '), '')"
		" FROM (SELECT pg_get_serial_sequence($1, attname)::regclass AS seq"
		" FROM pg_attribute WHERE attrelid = $1::regclass AND attidentity <> ''"
		" AND NOT attisdropped) a JOIN pg_sequence s ON s.seqrelid = a.seq",
		1, NULL, &target, NULL, NULL, 0), name);
	char *sql = sk_strndup(PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)));

	PQclear(res);
	return sql;
}

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
};

static void count_plays(struct star_load *load, const char *name, const struct load_result *r)
{
	load->plays_name = name;
	load->plays_read += r->read;
	load->plays_inserted += r->inserted;
}

struct star_load *star_begin(PGconn *conn)
{
	struct star_load *load = sk_malloc(sizeof *load);

	memset(load, 0, sizeof *load);
	load->conn = conn;
	return load;
}

/* After a good COPY: the merge's normalising, then the indexes back (where
 * a repeated key shows, returned as the failed result).  The foreign keys
 * wait for the other tables' rows. */
static PGresult *finish_direct(PGconn *conn, const struct plan *plan, const char *target,
			       const char *name, struct set_aside *indexes)
{
	PGresult *failed;

	if (plan->tidy) {
		char *tidy = expand(plan->tidy, target, "", "", "", "");
		run(conn, tidy, name);
		free(tidy);
	}
	failed = aside_try_put_back(conn, indexes);
	if (failed)
		return failed;
	run(conn, "RELEASE SAVEPOINT sk_direct", name);
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

	run(conn, "SAVEPOINT sk_direct", name);
	set_aside(conn, ASIDE_FOREIGN_KEYS, target, name, &keys);
	set_aside(conn, ASIDE_INDEXES, target, name, &indexes);
	failed = copy_rows(conn, plan, target, name, src, &r->read, true,
			   plan->summarised ? &tally : NULL, &tallied);
	if (!failed)
		failed = finish_direct(conn, plan, target, name, &indexes);
	aside_forget(&indexes);
	if (failed && !db_failed_with(failed, "23505") && !db_failed_with(failed, "23502"))
		db_die(conn, failed, name);
	if (failed) {
		PQclear(failed);
		aside_forget(&keys);
		run(conn, "ROLLBACK TO SAVEPOINT sk_direct", name);
		if (*rewind_sequences)
			run(conn, rewind_sequences, name);
	} else {
		r->inserted = r->read;
		if (plan->summarised) {
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

/* Adding a foreign key back checks every row of the table, which pays only
 * when the batch is a good share of it: past star_bulk_rows staged rows,
 * and a staging table at least a quarter of the target's size.  (A daily
 * load into a large star keeps its keys, checked row by row.) */
static bool worth_bulk(PGconn *conn, const char *stage, const char *target, const char *name,
		       uint64_t rows)
{
	const char *params[2] = { stage, target };
	PGresult *res;
	bool worth;

	if (star_bulk_rows == 0 || rows < star_bulk_rows)
		return false;
	res = db_check(conn, PQexecParams(conn, "SELECT pg_relation_size($1::regclass) * 4"
					  " >= pg_relation_size($2::regclass)", 2, NULL, params,
					  NULL, NULL, 0), name);
	worth = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return worth;
}

/* The input into a temporary staging table, merged by star_finish. */
static void stage_rows(struct star_load *load, const struct plan *plan, const char *target,
		       const char *name, struct star_source *src, struct load_result *r)
{
	struct pending *p;
	char stage[64], *sql;
	size_t len;
	PGresult *failed;
	unsigned again = load->staged[plan - plans]++;

	if (again)
		snprintf(stage, sizeof stage, "pg_temp.sk_stage_%s_%u", plan->table, again + 1);
	else
		snprintf(stage, sizeof stage, "pg_temp.sk_stage_%s", plan->table);
	len = strlen(stage) * 2 + strlen(plan->stage) + 128;
	sql = sk_malloc(len);
	snprintf(sql, len, "CREATE TEMP TABLE %s "
		 "(sk_ord bigint GENERATED ALWAYS AS IDENTITY, %s) ON COMMIT DROP",
		 stage, plan->stage);
	run(load->conn, sql, name);
	failed = copy_rows(load->conn, plan, stage, name, src, &r->read, false, NULL, NULL);
	if (failed)
		db_die(load->conn, failed, name);
	r->merged = true;
	free(sql);
	load->pending = sk_realloc(load->pending, (load->npending + 1) * sizeof *load->pending);
	p = &load->pending[load->npending++];
	*p = (struct pending){ plan, sk_strndup(target, strlen(target)),
			       sk_strndup(stage, strlen(stage)), name, r };
}

/* A table that Citus shards (hash-distributed), on a Citus coordinator. */
static bool is_sharded(PGconn *conn, const char *target, const char *name)
{
	PGresult *res = db_exec(conn, "SELECT EXISTS (SELECT 1 FROM pg_extension"
				" WHERE extname = 'citus')", name);
	bool sharded = false;

	if (PQgetvalue(res, 0, 0)[0] == 't') {
		PQclear(res);
		res = db_check(conn, PQexecParams(conn, "SELECT EXISTS (SELECT 1 FROM"
						  " pg_dist_partition WHERE logicalrelid = $1::regclass"
						  " AND partmethod = 'h')", 1, NULL, &target,
						  NULL, NULL, 0), name);
		sharded = PQgetvalue(res, 0, 0)[0] == 't';
	}
	PQclear(res);
	return sharded;
}

/* The plan's merge of a staged table into its target.  (The coordinator
 * does not know a sharded table's size: its keys are never set aside.) */
static void merge_staged(struct star_load *load, const struct pending *p)
{
	PGconn *conn = load->conn;
	char *state = db_quote_beside(conn, p->name, "sk_user_state");
	bool sharded = p->plan->skip_loaded && is_sharded(conn, p->target, p->name);
	char *skip = expand(p->plan->skip_loaded && !sharded ? p->plan->skip_loaded : "",
			    p->target, "", "", "", "");
	char *summaries = p->plan->summarised ? summary_ctes(conn, p->name, load->keep_unresolved)
					      : sk_strndup("", 0);
	char *merge = expand(p->plan->merge, p->target, p->stage, state, skip, summaries);
	struct load_result *r = p->result;
	struct set_aside keys;
	bool bulk = !sharded && worth_bulk(conn, p->stage, p->target, p->name, r->read);
	PGresult *res;

	if (bulk)
		set_aside(conn, ASIDE_FOREIGN_KEYS, p->target, p->name, &keys);
	res = db_exec(conn, merge, p->name);
	r->inserted = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	r->updated = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	if (p->plan->summarised)
		count_plays(load, p->name, r);
	if (p->plan->after) {
		char *after = expand(p->plan->after, p->target, p->stage, state, "", "");
		run(conn, after, p->name);
		free(after);
	}
	if (bulk)
		aside_put_back(conn, &keys);
	free(merge);
	free(summaries);
	free(skip);
	free(state);
}

/* The unresolved rows when every play of the load is new (its plays
 * COPYed straight into an empty songplays, before): each counts, so they
 * are counted here as they are read, and only the counts are COPYed in,
 * instead of staging every row for the server to count.  False when their
 * columns are not the plan's types (the staging table takes them). */
static bool tally_titles(struct star_load *load, const struct plan *plan, const char *name,
			 struct star_source *src, struct load_result *r)
{
	struct columns c;
	struct binary_copy binary;
	struct tally tally;
	char discard[1 << 16];
	struct row_queue *counting;
	bool replayable, complete;

	plan_columns(plan, &c);
	if (!tally_titles_open(&tally, c.name, c.types, c.count))
		return false;
	replayable = src->replayable(src->ctx);
	if (!replayable) /* what it reads is all it gets: it keeps counting */
		tally.max_groups = SIZE_MAX;
	binary_open(&binary, src->read, src->ctx, name, c.name, c.types, c.count);
	counting = row_queue_start(tally_title_row, &tally, c.count, c.types);
	binary_observe(&binary, row_queue_push, counting);
	while (binary_read(&binary, discard, sizeof discard) > 0)
		continue; /* the rows are read for the tally alone, counted as read */
	row_queue_finish(counting);
	binary_close(&binary);
	complete = tally_complete(&tally);
	if (complete)
		tally_titles_write(&tally, load->conn, name);
	else if (replayable)
		src->rewind(src->ctx); /* the staging table takes them again */
	else
		sk_die(SK_EXIT_DATA, "%s: a row without start_time", name);
	r->read = r->inserted = tally.rows;
	tally_close(&tally);
	return complete;
}

static void take_planned(struct star_load *load, const struct plan *plan, const char *name,
			 struct star_source *src, struct load_result *r)
{
	char *target;
	bool done = false;

	/* A plan without merge is the unresolved rows' (counted, not stored). */
	if (!plan->merge && load->plays_direct && tally_titles(load, plan, name, src, r))
		return;
	target = db_quote_name(load->conn, name);
	if (plan->summarised && !load->summaries_ready) {
		summary_prepare(load->conn, name);
		load->summaries_ready = true;
	}
	if (plan->direct && !star_always_merge && lock_if_empty(load->conn, target, name) &&
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
	char *target, sql[1024];
	uint64_t bytes = 0;

	memset(r, 0, sizeof *r);
	if (plan) {
		take_planned(load, plan, name, src, r);
		return;
	}
	target = db_quote_name(load->conn, name);
	snprintf(sql, sizeof sql, "COPY %s FROM STDIN", target);
	r->read = r->inserted = db_copy_in(load->conn, sql, src->read, src->ctx, name, &bytes);
	free(target);
}

/* The staged unresolved rows as one query, numbered by input and row, so
 * that a play's first row wins; NULL when there are none. */
static char *unresolved_rows(const struct star_load *load)
{
	static const char part[] = "%sSELECT %zu AS sk_part, * FROM %s";
	char *sql = NULL;
	size_t len = 0;

	for (size_t i = 0; i < load->npending; i++) {
		const struct pending *p = &load->pending[i];
		if (p->plan->merge)
			continue;
		sql = sk_realloc(sql, len + sizeof part + strlen(p->stage) + 32);
		len += (size_t)sprintf(sql + len, part, len ? " UNION ALL " : "", i, p->stage);
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
		if (!load->pending[i].plan->merge && !first)
			first = &load->pending[i];
	counted = summary_add_unresolved(load->conn, first->name, load->plays_name, rows,
					 plays_taken(load));
	first->result->inserted = counted;
}

void star_finish(struct star_load *load)
{
	char *unresolved = unresolved_rows(load);

	if (unresolved) {
		summary_unresolved_begin(load->conn, load->pending[0].name);
		load->keep_unresolved = true;
	}
	/* In the plans' order; a table's own inputs in the order taken. */
	for (const struct plan *plan = plans; plan < plans + PLANS; plan++)
		for (size_t i = 0; i < load->npending; i++)
			if (load->pending[i].plan == plan && plan->merge)
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
