#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/cli.h"
#include "report/render.h"

enum { BAR_WIDTH = 30, BAR_MIN = 10, CUT_MIN = 8 };

static const char *shown(const struct answer *a, int r, int c, char *buf, size_t cap)
{
	const char *v = answer_cell(a, r, c);

	if (!v)
		return "";
	if (!a->numeric[c])
		return v;
	format_number(v, buf, cap);
	return buf;
}

/* The first numeric column: what a chart's bar measures. */
static int measured_column(const struct answer *a)
{
	for (int c = 1; c < a->ncols; c++)
		if (a->numeric[c])
			return c;
	return -1;
}

static void text_bar(FILE *out, const struct answer *a, int r, int col, double max, int bar_w)
{
	const char *v = answer_cell(a, r, col);
	int n = v && max > 0 ? (int)(atof(v) / max * bar_w + 0.5) : 0;

	fputs("  ", out);
	for (int i = 0; i < n; i++)
		fputs("\u2588", out);
}

/* One cell padded to w characters: numbers to the right, text to the
 * left; a longer one cut, "…" in its last column. */
static void put_cell(FILE *out, const char *v, int w, bool right)
{
	int pad = w - utf8_chars(v);

	if (pad >= 0) {
		fprintf(out, "  %*s%s%*s", right ? pad : 0, "", v, right ? 0 : pad, "");
		return;
	}
	fprintf(out, "  %.*s\u2026", (int)utf8_prefix(v, w - 1), v);
}

/* Widths cut to fit `width` columns: the bar gives up to BAR_MIN first,
 * then the widest text column, a column at a time, down to CUT_MIN. */
static void fit(const struct answer *a, int *w, int *bar_w, int width)
{
	int give = *bar_w > 0 ? 2 + *bar_w : 0;

	for (int c = 0; c < a->ncols; c++)
		give += 2 + w[c];
	give -= width;
	if (width <= 0 || give <= 0)
		return;
	if (*bar_w > BAR_MIN) {
		int from_bar = give < *bar_w - BAR_MIN ? give : *bar_w - BAR_MIN;
		*bar_w -= from_bar;
		give -= from_bar;
	}
	while (give > 0) {
		int widest = -1;
		for (int c = 0; c < a->ncols; c++)
			if (!a->numeric[c] && w[c] > CUT_MIN && (widest < 0 || w[c] > w[widest]))
				widest = c;
		if (widest < 0)
			return;
		w[widest]--;
		give--;
	}
}

/* What a section rests on, as its note says, and what an empty one means. */
static const char *empty_words(const struct basis *b)
{
	return b->counted ? "(no rows)" : "(not counted)";
}

static void text_one(FILE *out, const struct report *rep, const struct answer *a)
{
	int *w = sk_calloc((size_t)a->ncols, sizeof *w), bar = -1, bar_w = 0;
	double max = 0;
	char buf[128];
	struct basis basis;

	if (a->q->chart && strcmp(a->q->chart, "line") != 0)
		bar = measured_column(a);
	for (int c = 0; c < a->ncols; c++) {
		w[c] = utf8_chars(a->columns[c]);
		for (int r = 0; r < a->nrows; r++) {
			int cw = utf8_chars(shown(a, r, c, buf, sizeof buf));
			w[c] = cw > w[c] ? cw : w[c];
			if (c == bar && answer_cell(a, r, c) && atof(answer_cell(a, r, c)) > max)
				max = atof(answer_cell(a, r, c));
		}
	}
	bar_w = bar >= 0 ? BAR_WIDTH : 0;
	fit(a, w, &bar_w, rep->width);
	about_basis(rep->about, a->q, &basis);
	fprintf(out, "%s\n", a->q->title);
	if (basis.shown)
		fprintf(out, "%s\n", basis.note);
	fputc('\n', out);
	for (int c = 0; c < a->ncols; c++)
		put_cell(out, a->columns[c], w[c], a->numeric[c]);
	fputc('\n', out);
	for (int r = 0; r < a->nrows; r++) {
		for (int c = 0; c < a->ncols; c++)
			put_cell(out, shown(a, r, c, buf, sizeof buf), w[c], a->numeric[c]);
		if (bar >= 0)
			text_bar(out, a, r, bar, max, bar_w);
		fputc('\n', out);
	}
	if (a->nrows == 0)
		fprintf(out, "  %s\n", empty_words(&basis));
	fputc('\n', out);
	free(w);
}

void render_text(FILE *out, const struct report *r)
{
	const char *label[ABOUT_LINES];
	char value[ABOUT_LINES][ABOUT_VALUE];
	int n = about_lines(r->about, label, value);

	fprintf(out, "%s\n", r->heading);
	for (int i = 0; i < n; i++)
		fprintf(out, "  %-13s %s\n", label[i], value[i]);
	fputc('\n', out);
	for (size_t i = 0; i < r->n; i++)
		text_one(out, r, &r->answers[i]);
}

static void tsv_value(FILE *out, const char *v)
{
	if (!v) {
		fputs("\\N", out);
		return;
	}
	for (; *v; v++)
		switch (*v) {
		case '\\': fputs("\\\\", out); break;
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		default: fputc(*v, out);
		}
}

void render_tsv(FILE *out, const struct report *rep)
{
	const char *label[ABOUT_LINES];
	char value[ABOUT_LINES][ABOUT_VALUE];
	int nabout = about_lines(rep->about, label, value);

	fprintf(out, "# %s\n", rep->heading);
	for (int i = 0; i < nabout; i++)
		fprintf(out, "# %s: %s\n", label[i], value[i]);
	for (size_t i = 0; i < rep->n; i++) {
		const struct answer *a = &rep->answers[i];
		struct basis basis;
		about_basis(rep->about, a->q, &basis);
		fprintf(out, "\n# %s\n", a->q->title);
		if (basis.shown)
			fprintf(out, "# basis: %s\n", basis.note);
		for (int c = 0; c < a->ncols; c++)
			fprintf(out, "%s%s", c ? "\t" : "", a->columns[c]);
		fputc('\n', out);
		for (int r = 0; r < a->nrows; r++) {
			for (int c = 0; c < a->ncols; c++) {
				if (c)
					fputc('\t', out);
				tsv_value(out, answer_cell(a, r, c));
			}
			fputc('\n', out);
		}
	}
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A string, or null when it is empty. */
static void json_text(FILE *out, const char *s)
{
	if (s && *s)
		json_string(out, s);
	else
		fputs("null", out);
}

static void json_basis(FILE *out, const struct basis *b)
{
	if (!b->shown) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"part\":%llu,\"whole\":%llu,\"share\":%.4f,\"counted\":%s,"
		"\"thin\":%s,\"note\":", b->part, b->whole,
		b->whole ? (double)b->part / (double)b->whole : 0.0, b->counted ? "true" : "false",
		b->thin ? "true" : "false");
	json_string(out, b->note);
	fputc('}', out);
}

static void json_one(FILE *out, const struct report *rep, const struct answer *a)
{
	struct basis basis;

	about_basis(rep->about, a->q, &basis);
	fputs("{\"name\":", out);
	json_string(out, a->q->name);
	fputs(",\"title\":", out);
	json_string(out, a->q->title);
	fputs(",\"chart\":", out);
	if (a->q->chart)
		json_string(out, a->q->chart);
	else
		fputs("null", out);
	fputs(",\"basis\":", out);
	json_basis(out, &basis);
	fputs(",\"columns\":[", out);
	for (int c = 0; c < a->ncols; c++) {
		fputs(c ? "," : "", out);
		json_string(out, a->columns[c]);
	}
	fputs("],\"rows\":[", out);
	for (int r = 0; r < a->nrows; r++) {
		fputs(r ? ",[" : "[", out);
		for (int c = 0; c < a->ncols; c++) {
			const char *v = answer_cell(a, r, c);
			fputs(c ? "," : "", out);
			if (!v)
				fputs("null", out);
			else if (a->numeric[c] && strcmp(v, "NaN") != 0)
				fputs(v, out); /* PostgreSQL's numbers are JSON numbers */
			else
				json_string(out, v);
		}
		fputc(']', out);
	}
	fputs("]}", out);
}

static void json_about(FILE *out, const char *heading, const struct report_about *a)
{
	fputs("{\"heading\":", out);
	json_string(out, heading);
	if (a->of_plays)
		fprintf(out, ",\"plays\":%llu,\"resolved\":%llu", a->plays, a->resolved);
	else
		fputs(",\"plays\":null,\"resolved\":null", out);
	if (a->titled_known)
		fprintf(out, ",\"titled\":%llu", a->titled);
	else
		fputs(",\"titled\":null", out);
	fputs(",\"first_play\":", out);
	json_text(out, a->first_play);
	fputs(",\"last_play\":", out);
	json_text(out, a->last_play);
	fputs(",\"from\":", out);
	json_text(out, a->from);
	fputs(",\"to\":", out);
	json_text(out, a->to);
	fputs(",\"last_load\":{\"at\":", out);
	json_text(out, a->last_load);
	fputs(",\"status\":", out);
	json_text(out, a->last_status);
	fprintf(out, ",\"id\":%s},\"database\":{\"name\":", *a->last_id ? a->last_id : "null");
	json_text(out, a->db_name);
	fputs(",\"host\":", out);
	json_text(out, a->db_host);
	fputs(",\"port\":", out);
	json_text(out, a->db_port);
	fputs("},\"sk_version\":", out);
	json_string(out, SK_VERSION);
	fputs(",\"made_at\":", out);
	json_text(out, a->made_at);
	fputc('}', out);
}

void render_json(FILE *out, const struct report *rep)
{
	fputs("{\"about\":", out);
	json_about(out, rep->heading, rep->about);
	fputs(",\n\"questions\":[", out);
	for (size_t i = 0; i < rep->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_one(out, rep, &rep->answers[i]);
	}
	fputs("\n]}\n", out);
}
