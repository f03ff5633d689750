#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "transform/fields.h"

void schema_init(struct record_schema *s, const struct field_spec *specs, size_t count)
{
	size_t i;

	if (count > sizeof s->names / sizeof s->names[0])
		sk_die(SK_EXIT_SYSTEM, "internal error: schema too wide");
	s->specs = specs;
	s->count = count;
	for (i = 0; i < count; i++)
		s->names[i] = specs[i].name;
	json_keys_init(&s->keys, s->names, count);
}

void reader_init(struct record_reader *rd, const struct record_schema *s)
{
	memset(rd, 0, sizeof *rd);
	rd->schema = s;
	rd->keys = s->keys;
}

void reader_free(struct record_reader *rd)
{
	scratch_free(&rd->scratch);
}

/* The line a byte of a (possibly pretty-printed) record sits on. */
static uint64_t line_of(const struct record *rec, const char *at)
{
	uint64_t line = rec->line;
	const char *p = rec->text;

	if (!rec->multiline)
		return line;
	while ((p = memchr(p, '\n', (size_t)(at - p))) != NULL && p < at)
		line++, p++;
	return line;
}

static const char *convert(const struct field_spec *spec, const struct json_value *v,
			   struct scratch *sc, struct field *f)
{
	const char *why = NULL;

	memset(f, 0, sizeof *f);
	switch (spec->kind) {
	case FIELD_TEXT:
		why = value_text(v, sc, &f->text);
		f->null = f->text.s == NULL;
		break;
	case FIELD_INT:
		why = value_int(v, spec->min, spec->max, &f->i, &f->null);
		break;
	case FIELD_FLOAT:
		why = value_float(v, &f->text);
		f->null = f->text.s == NULL;
		break;
	}
	if (!why && spec->required && (f->null || (spec->kind == FIELD_TEXT && f->text.n == 0)))
		why = v->type == JSON_MISSING ? "missing" : f->null ? "null" : "empty";
	return why;
}

bool reader_read(struct record_reader *rd, const struct record *rec, struct field out[])
{
	const struct record_schema *s = rd->schema;
	size_t where, i;
	const char *why;

	why = json_read_object(rec->text, rec->len, &rd->keys, rd->raw, &where);
	if (why) {
		snprintf(rd->why, sizeof rd->why, "%s", why);
		rd->why_line = line_of(rec, rec->text + where);
		return false;
	}
	if (rd->parsed)
		rd->parsed(rd->raw, rd->parsed_arg);
	scratch_reset(&rd->scratch, rec->len);
	for (i = 0; i < s->count; i++) {
		why = convert(&s->specs[i], &rd->raw[i], &rd->scratch, &out[i]);
		if (!why)
			continue;
		if (strcmp(why, "missing") == 0)
			snprintf(rd->why, sizeof rd->why, "missing %s", s->specs[i].name);
		else if (strcmp(why, "null") == 0 || strcmp(why, "empty") == 0)
			snprintf(rd->why, sizeof rd->why, "%s is %s", s->specs[i].name, why);
		else
			snprintf(rd->why, sizeof rd->why, "%s: %s", s->specs[i].name, why);
		rd->why_line = line_of(rec, rd->raw[i].text ? rd->raw[i].text : rec->text);
		return false;
	}
	return true;
}

int reader_next(struct record_reader *rd, struct records *in, struct record *rec,
		struct field out[])
{
	if (!records_next(in, rec))
		return -1;
	if (reader_read(rd, rec, out))
		return 1;
	if (records_reframe(in, rec))
		return reader_read(rd, rec, out);
	return 0;
}

void field_put(struct tsv_out *out, const struct field *f)
{
	if (f->null)
		tsv_null(out);
	else
		tsv_text(out, f->text.s, f->text.n);
}
