#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transform/rejects.h"

void rejects_open(struct rejects *r, uint64_t max, const char *path)
{
	memset(r, 0, sizeof *r);
	r->max = max;
	if (path) {
		tsv_open_private_append(&r->file, path);
		r->to_file = true;
	}
}

void rejects_add(struct rejects *r, const struct record *rec, uint64_t line, const char *reason)
{
	if (line == rec->line)
		sk_warn("%s:%llu: %s", rec->source, (unsigned long long)line, reason);
	else
		sk_warn("%s:%llu: %s (at line %llu)", rec->source, (unsigned long long)rec->line,
			reason, (unsigned long long)line);
	r->count++;
	if (r->count > r->max) {
		if (r->max > 0)
			sk_warn("more than %llu bad records; stopping",
				(unsigned long long)r->max);
		if (r->to_file)
			tsv_close(&r->file);
		exit(SK_EXIT_DATA);
	}
	if (r->to_file) {
		tsv_text(&r->file, rec->source, strlen(rec->source));
		tsv_int(&r->file, (int64_t)rec->line);
		tsv_text(&r->file, reason, strlen(reason));
		tsv_text(&r->file, rec->text, rec->len);
		tsv_end_row(&r->file);
		tsv_flush(&r->file);
	}
}

void rejects_close(struct rejects *r)
{
	if (r->to_file)
		tsv_close(&r->file);
	if (r->count > 0)
		sk_warn("%llu bad record%s set aside%s", (unsigned long long)r->count,
			r->count == 1 ? "" : "s", r->to_file ? " in the rejects file" : "");
}
