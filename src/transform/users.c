#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/pages.h"
#include "transform/users.h"

/* Below any itemInSession (an int32): an event without one sorts first. */
#define NO_ITEM INT64_MIN

enum { USED = 1, HAS_ITEM = 2, SPILLED = 4 };
enum { LINE_TEXT = 34, LINE_LEN_MAX = 255 };

/* One user: 64 bytes, one cache line.  The four columns lie one after
 * another in text, each len[c] long (null when nulls has bit c), unless
 * SPILLED: then they are spills[spill - 1]'s.  Names and levels are
 * short, so nearly every user fits. */
struct user_entry {
	int64_t id, ts;
	int32_t item;
	uint32_t spill;          /* 1 + index into spills; 0: none yet */
	uint8_t flags, nulls;
	uint8_t len[USER_COLUMNS];
	char text[LINE_TEXT];
};

_Static_assert(sizeof(struct user_entry) == 64, "a user is one cache line");

struct user_spill {
	struct text cols[USER_COLUMNS];
};

enum { FIRST_SLOTS = 1024 };

void users_init(struct user_table *t)
{
	memset(t, 0, sizeof *t);
	t->mask = FIRST_SLOTS - 1;
	t->slots = pages_zalloc(FIRST_SLOTS * sizeof *t->slots);
	strmap_init(&t->names);
}

void users_free(struct user_table *t)
{
	free(t->slots);
	free(t->spills);
	strmap_free(&t->names);
}

static struct user_entry *find_entry(const struct user_table *t, int64_t id)
{
	size_t i = (size_t)hash_int(id) & t->mask;

	while ((t->slots[i].flags & USED) && t->slots[i].id != id)
		i = (i + 1) & t->mask;
	return &t->slots[i];
}

void users_prefetch(const struct user_table *t, int64_t id)
{
	__builtin_prefetch(&t->slots[(size_t)hash_int(id) & t->mask], 1);
}

static void grow(struct user_table *t)
{
	struct user_entry *old = t->slots;
	size_t n = t->mask + 1;

	t->mask = 2 * n - 1;
	t->slots = pages_zalloc(2 * n * sizeof *t->slots);
	for (size_t i = 0; i < n; i++)
		if (old[i].flags & USED)
			*find_entry(t, old[i].id) = old[i];
	free(old);
}

/* The user's entry, a new one (its state older than any event) when the
 * id is new. */
static struct user_entry *entry_of(struct user_table *t, int64_t id)
{
	struct user_entry *u;

	if ((t->count + 1) * 2 > t->mask)
		grow(t);
	u = find_entry(t, id);
	if (!(u->flags & USED)) {
		u->id = id;
		u->ts = INT64_MIN;
		u->flags = USED;
		t->count++;
	}
	return u;
}

static int64_t item_of(const struct user_entry *u)
{
	return u->flags & HAS_ITEM ? u->item : NO_ITEM;
}

static bool fits_line(const struct user_event *ev)
{
	size_t total = 0;

	for (int c = 0; c < USER_COLUMNS; c++)
		if (ev->cols[c].s) {
			if (ev->cols[c].n > LINE_LEN_MAX)
				return false;
			total += ev->cols[c].n;
		}
	return total <= LINE_TEXT;
}

/* Overwritten whole: cheaper than comparing, and the line is the user's
 * own, so memory does not grow. */
static void put_in_line(struct user_entry *u, const struct user_event *ev)
{
	size_t at = 0;

	u->flags &= (uint8_t)~SPILLED;
	u->nulls = 0;
	for (int c = 0; c < USER_COLUMNS; c++) {
		const struct text *v = &ev->cols[c];
		u->len[c] = (uint8_t)(v->s ? v->n : 0);
		if (!v->s)
			u->nulls |= (uint8_t)(1u << c);
		else if (v->n)
			memcpy(u->text + at, v->s, v->n);
		at += u->len[c];
	}
}

static struct user_spill *spill_of(struct user_table *t, struct user_entry *u)
{
	if (!u->spill) {
		if (t->nspills == UINT32_MAX - 1)
			sk_die(SK_EXIT_DATA, "users: too many long names");
		if (t->nspills == t->spills_cap) {
			t->spills_cap = t->spills_cap ? 2 * t->spills_cap : 64;
			t->spills = sk_realloc(t->spills, t->spills_cap * sizeof *t->spills);
		}
		memset(&t->spills[t->nspills], 0, sizeof t->spills[0]);
		u->spill = (uint32_t)++t->nspills;
	}
	return &t->spills[u->spill - 1];
}

/* Long names go to the arena; only a changed value is copied there, and
 * changes of name or level are few, so memory follows users, not events. */
static void put_spilled(struct user_table *t, struct user_entry *u, const struct user_event *ev)
{
	struct user_spill *sp = spill_of(t, u);

	u->flags |= SPILLED;
	for (int c = 0; c < USER_COLUMNS; c++) {
		const struct text *v = &ev->cols[c];
		struct text *kept = &sp->cols[c];
		if (!v->s)
			kept->s = NULL;
		else if (!kept->s || kept->n != v->n || memcmp(kept->s, v->s, v->n) != 0)
			*kept = (struct text){ strmap_keep(&t->names, v->s, v->n), v->n };
	}
}

void users_add(struct user_table *t, const struct user_event *ev)
{
	struct user_entry *u = entry_of(t, ev->id);
	int64_t item = ev->has_item ? ev->item : NO_ITEM;

	if (ev->ts < u->ts || (ev->ts == u->ts && item <= item_of(u)))
		return; /* older: never overwrites newer state */
	u->ts = ev->ts;
	u->item = ev->has_item ? ev->item : 0;
	u->flags = (uint8_t)(ev->has_item ? u->flags | HAS_ITEM : u->flags & ~HAS_ITEM);
	if (fits_line(ev))
		put_in_line(u, ev);
	else
		put_spilled(t, u, ev);
}

static struct text column(const struct user_table *t, const struct user_entry *u, int c)
{
	size_t at = 0;

	if (u->flags & SPILLED)
		return t->spills[u->spill - 1].cols[c];
	if (u->nulls & (1u << c))
		return (struct text){ NULL, 0 };
	for (int i = 0; i < c; i++)
		at += u->len[i];
	return (struct text){ u->text + at, u->len[c] };
}

static int by_id(const void *a, const void *b)
{
	const struct user_entry *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* The used entries gathered at the front and sorted: the table is done. */
void users_write(struct user_table *t, struct tsv_out *out)
{
	size_t n = 0;

	for (size_t i = 0; i <= t->mask; i++)
		if (t->slots[i].flags & USED)
			t->slots[n++] = t->slots[i];
	if (n) /* no user: no array to sort */
		qsort(t->slots, n, sizeof *t->slots, by_id);
	for (size_t i = 0; i < n; i++) {
		const struct user_entry *u = &t->slots[i];
		tsv_int(out, u->id);
		for (int c = 0; c < USER_COLUMNS; c++) {
			struct text v = column(t, u, c);
			if (v.s)
				tsv_text(out, v.s, v.n);
			else
				tsv_null(out);
		}
		tsv_int(out, u->ts);
		if (u->flags & HAS_ITEM)
			tsv_int(out, u->item);
		else
			tsv_null(out);
		tsv_end_row(out);
	}
}
