#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "report/render.h"

enum { BAR_WIDTH = 30 };

void format_number(const char *v, char *out, size_t cap)
{
	const char *digits = v + (*v == '-'), *dot = strchr(digits, '.');
	size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits), o = 0;

	if (*v == '-' && o + 1 < cap)
		out[o++] = '-';
	for (size_t i = 0; i < int_len && o + 2 < cap; i++) {
		if (i > 0 && (int_len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	if (dot)
		o += (size_t)snprintf(out + o, cap - o, "%s", dot);
	out[o < cap ? o : cap - 1] = '\0';
}

/* Characters a terminal shows for a UTF-8 string (continuation bytes are
 * not characters). */
static int width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

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

static void text_bar(FILE *out, const struct answer *a, int r, int col, double max)
{
	const char *v = answer_cell(a, r, col);
	int n = v && max > 0 ? (int)(atof(v) / max * BAR_WIDTH + 0.5) : 0;

	fputs("  ", out);
	for (int i = 0; i < n; i++)
		fputs("\u2588", out);
}

/* One cell padded to w characters: numbers to the right, text to the left. */
static void put_cell(FILE *out, const char *v, int w, bool right)
{
	int pad = w - width(v);

	fprintf(out, "  %*s%s%*s", right ? pad : 0, "", v, right ? 0 : pad, "");
}

static void text_one(FILE *out, const struct answer *a)
{
	int *w = calloc((size_t)a->ncols, sizeof *w), bar = -1;
	double max = 0;
	char buf[128];

	if (!w)
		sk_die(SK_EXIT_SYSTEM, "out of memory");
	if (a->q->chart && strcmp(a->q->chart, "line") != 0)
		bar = measured_column(a);
	for (int c = 0; c < a->ncols; c++) {
		w[c] = width(a->columns[c]);
		for (int r = 0; r < a->nrows; r++) {
			int cw = width(shown(a, r, c, buf, sizeof buf));
			w[c] = cw > w[c] ? cw : w[c];
			if (c == bar && answer_cell(a, r, c) && atof(answer_cell(a, r, c)) > max)
				max = atof(answer_cell(a, r, c));
		}
	}
	fprintf(out, "%s\n\n", a->q->title);
	for (int c = 0; c < a->ncols; c++)
		put_cell(out, a->columns[c], w[c], a->numeric[c]);
	fputc('\n', out);
	for (int r = 0; r < a->nrows; r++) {
		for (int c = 0; c < a->ncols; c++)
			put_cell(out, shown(a, r, c, buf, sizeof buf), w[c], a->numeric[c]);
		if (bar >= 0)
			text_bar(out, a, r, bar, max);
		fputc('\n', out);
	}
	if (a->nrows == 0)
		fputs("  (no rows)\n", out);
	fputc('\n', out);
	free(w);
}

void render_text(FILE *out, const struct answer *answers, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text_one(out, &answers[i]);
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

void render_tsv(FILE *out, const struct answer *answers, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct answer *a = &answers[i];
		fprintf(out, "%s# %s\n", i ? "\n" : "", a->q->title);
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

static void json_one(FILE *out, const struct answer *a)
{
	fputs("{\"name\":", out);
	json_string(out, a->q->name);
	fputs(",\"title\":", out);
	json_string(out, a->q->title);
	fputs(",\"chart\":", out);
	if (a->q->chart)
		json_string(out, a->q->chart);
	else
		fputs("null", out);
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

void render_json(FILE *out, const struct answer *answers, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_one(out, &answers[i]);
	}
	fputs("\n]\n", out);
}
