#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transform/songlookup.h"
#include "transform/tsv.h"

struct candidate {
	double duration;
	const char *song_id, *artist_id;
	size_t next; /* next candidate of the same name, or SIZE_MAX */
};

void lookup_init(struct song_lookup *lk)
{
	memset(lk, 0, sizeof *lk);
	strmap_init(&lk->by_name);
}

void lookup_free(struct song_lookup *lk)
{
	strmap_free(&lk->by_name);
	free(lk->cands);
	free(lk->key);
}

/* title NUL artist: neither can hold a NUL, so the key is unambiguous. */
static size_t make_key(struct song_lookup *lk, const char *t, size_t tn, const char *a, size_t an)
{
	if (lk->key_cap < tn + an + 1) {
		lk->key_cap = 2 * (tn + an + 1);
		lk->key = sk_realloc(lk->key, lk->key_cap);
	}
	memcpy(lk->key, t, tn);
	lk->key[tn] = '\0';
	memcpy(lk->key + tn + 1, a, an);
	return tn + an + 1;
}

static void add(struct song_lookup *lk, char *f[5], size_t n[5])
{
	struct candidate c;
	size_t idx = lk->count, klen;

	c.duration = strtod(f[3], NULL);
	c.song_id = strmap_keep(&lk->by_name, f[0], n[0]);
	c.artist_id = strmap_keep(&lk->by_name, f[4], n[4]);
	c.next = SIZE_MAX;
	klen = make_key(lk, f[1], n[1], f[2], n[2]);
	if (strmap_put(&lk->by_name, lk->key, klen, &idx)) {
		c.next = lk->cands[idx].next; /* chain after the head */
		lk->cands[idx].next = lk->count;
	}
	if (lk->count == lk->cap) {
		lk->cap = lk->cap ? 2 * lk->cap : 4096;
		lk->cands = sk_realloc(lk->cands, lk->cap * sizeof *lk->cands);
	}
	lk->cands[lk->count++] = c;
}

void lookup_load(struct song_lookup *lk, const char *path, bool need_end_line)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *fld[6];
	size_t cap = 0, len[6];
	ssize_t got;
	unsigned long lineno = 0;
	bool ended = false;

	if (!f)
		sk_die(SK_EXIT_SYSTEM, "%s: cannot open:", path);
	while (!ended && (got = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if ((ended = tsv_is_end_line(line, (size_t)got)))
			continue;
		if (tsv_split(line, (size_t)got, fld, len, 6) != 5)
			sk_die(SK_EXIT_DATA, "%s:%lu: expected 5 columns (sk-songs2tsv -t lookup)",
			       path, lineno);
		if (tsv_is_null(fld[0], len[0]) || tsv_is_null(fld[3], len[3]) ||
		    tsv_is_null(fld[4], len[4]))
			continue; /* no duration: no play can match it */
		for (int i = 0; i < 5; i++) {
			len[i] = tsv_unescape(fld[i], len[i]);
			fld[i][len[i]] = '\0'; /* the byte after was a tab or the end */
		}
		add(lk, fld, len);
	}
	if (ferror(f))
		sk_die(SK_EXIT_SYSTEM, "%s: read error:", path);
	if (!ended && need_end_line)
		sk_die(SK_EXIT_DATA, "%s: no end-of-data line \\.: the lookup is incomplete "
		       "(its sk-songs2tsv failed or was cut off)", path);
	if (ended && getline(&line, &cap, f) > 0)
		sk_die(SK_EXIT_DATA, "%s:%lu: a line after the end-of-data line \\.", path,
		       lineno + 1);
	free(line);
	fclose(f);
}

bool lookup_match(struct song_lookup *lk, struct text title, struct text artist,
		  struct text length_text, const char **song_id, const char **artist_id)
{
	size_t idx, klen;
	double length;
	const struct candidate *best = NULL;

	if (!title.s || !artist.s)
		return false;
	klen = make_key(lk, title.s, title.n, artist.s, artist.n);
	if (!strmap_get(&lk->by_name, lk->key, klen, &idx))
		return false;
	length = text_number(&length_text);
	for (; idx != SIZE_MAX; idx = lk->cands[idx].next) {
		const struct candidate *c = &lk->cands[idx];
		if (fabs(c->duration - length) <= LOOKUP_TOLERANCE &&
		    (!best || strcmp(c->song_id, best->song_id) < 0))
			best = c;
	}
	if (!best)
		return false;
	*song_id = best->song_id;
	*artist_id = best->artist_id;
	return true;
}
