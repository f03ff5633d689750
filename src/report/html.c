/* html.c — the report as one self-contained page: inline CSS and SVG, no
 * script, no network.  Charts are drawn from the answers' rows: the first
 * column labels, numeric columns measure.  Every mark carries its value
 * (data-value) and a <title> tooltip, so a test can count and read them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/render.h"

enum { CHART_W = 960, PLOT_L = 64, PLOT_R = 24, PLOT_T = 16, PLOT_B = 48 };

static const char *const palette[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
				       "#edc948", "#b07aa1", "#ff9da7" };

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

static double value(const struct answer *a, int r, int c)
{
	const char *v = answer_cell(a, r, c);

	return v ? atof(v) : 0;
}

static double column_max(const struct answer *a, int from_col, int to_col)
{
	double max = 0;

	for (int r = 0; r < a->nrows; r++)
		for (int c = from_col; c < to_col; c++)
			if (a->numeric[c] && value(a, r, c) > max)
				max = value(a, r, c);
	return max;
}

/* A round step for about five gridlines up to max: 1, 2 or 5 times 10^k. */
static double nice_step(double max)
{
	double raw = max > 0 ? max / 5 : 1, mag = pow(10, floor(log10(raw)));
	double f = raw / mag;

	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void no_data(FILE *out, int h)
{
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\"><text x=\"%d\" y=\"%d\" "
		"class=\"empty\">no data in this period</text></svg>\n", CHART_W, h, CHART_W / 2, h / 2);
}

/* The y axis: gridlines, tick labels, and the unit along the side. */
static double y_axis(FILE *out, double max, int h, const char *unit)
{
	double step = nice_step(max), top = ceil((max > 0 ? max : 1) / step) * step;
	int plot_h = h - PLOT_T - PLOT_B;
	char buf[64], num[32];

	for (double v = 0; v <= top + step / 2; v += step) {
		double y = PLOT_T + plot_h - v / top * plot_h;
		snprintf(num, sizeof num, "%.0f", v);
		format_number(num, buf, sizeof buf);
		fprintf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"tick\" x=\"%d\" y=\"%.1f\">%s</text>\n", PLOT_L, CHART_W - PLOT_R,
			y, y, PLOT_L - 8, y + 4, buf);
	}
	fprintf(out, "<text class=\"unit\" transform=\"translate(14 %d) rotate(-90)\">", PLOT_T + plot_h / 2);
	esc(out, unit);
	fputs("</text>\n", out);
	return top;
}

static void mark_title(FILE *out, const char *label, const char *column, const char *v)
{
	char buf[64];

	format_number(v ? v : "0", buf, sizeof buf);
	fputs("<title>", out);
	esc(out, label);
	fputs(": ", out);
	esc(out, buf);
	fputc(' ', out);
	esc(out, column);
	fputs("</title>", out);
}

static void bar_chart(FILE *out, const struct answer *a, int col)
{
	int h = 300, plot_h = h - PLOT_T - PLOT_B;
	double slot = (double)(CHART_W - PLOT_L - PLOT_R) / (a->nrows ? a->nrows : 1), top;

	if (a->nrows == 0)
		return no_data(out, h);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n", CHART_W, h);
	top = y_axis(out, column_max(a, col, col + 1), h, a->columns[col]);
	for (int r = 0; r < a->nrows; r++) {
		double bh = value(a, r, col) / top * plot_h, x = PLOT_L + r * slot;
		fprintf(out, "<rect class=\"bar\" data-value=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"%s\">", answer_cell(a, r, col) ? answer_cell(a, r, col) : "0",
			x + slot * 0.15, PLOT_T + plot_h - bh, slot * 0.7, bh, palette[0]);
		mark_title(out, answer_cell(a, r, 0), a->columns[col], answer_cell(a, r, col));
		fprintf(out, "</rect><text class=\"xlabel\" x=\"%.1f\" y=\"%d\">", x + slot / 2,
			PLOT_T + plot_h + 18);
		esc(out, answer_cell(a, r, 0));
		fputs("</text>\n", out);
	}
	fprintf(out, "<text class=\"xunit\" x=\"%d\" y=\"%d\">", CHART_W / 2, h - 6);
	esc(out, a->columns[0]);
	fputs("</text></svg>\n", out);
}

static void legend(FILE *out, const struct answer *a, int from, int to, int x, int y)
{
	for (int c = from, i = 0; c < to; c++) {
		if (!a->numeric[c])
			continue;
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			"<text class=\"legend\" x=\"%d\" y=\"%d\">", x + i * 160, y, palette[i % 8],
			x + i * 160 + 18, y + 11);
		esc(out, a->columns[c]);
		fputs("</text>\n", out);
		i++;
	}
}

static void line_chart(FILE *out, const struct answer *a)
{
	int h = 320, plot_h = h - PLOT_T - PLOT_B - 20, every = a->nrows / 12 + 1;
	double dx = a->nrows > 1 ? (double)(CHART_W - PLOT_L - PLOT_R) / (a->nrows - 1) : 0, top;

	if (a->nrows == 0)
		return no_data(out, h);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n", CHART_W, h);
	top = y_axis(out, column_max(a, 1, a->ncols), h - 20, "count");
	for (int c = 1, series = 0; c < a->ncols; c++) {
		if (!a->numeric[c])
			continue;
		fprintf(out, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
			palette[series % 8]);
		for (int r = 0; r < a->nrows; r++)
			fprintf(out, "%.1f,%.1f ", PLOT_L + r * dx,
				PLOT_T + plot_h - value(a, r, c) / top * plot_h);
		fputs("\"/>\n", out);
		for (int r = 0; r < a->nrows; r++) {
			fprintf(out, "<circle class=\"point\" data-series=\"%s\" data-value=\"%s\" cx=\"%.1f\" "
				"cy=\"%.1f\" r=\"3\" fill=\"%s\">", a->columns[c],
				answer_cell(a, r, c) ? answer_cell(a, r, c) : "0", PLOT_L + r * dx,
				PLOT_T + plot_h - value(a, r, c) / top * plot_h, palette[series % 8]);
			mark_title(out, answer_cell(a, r, 0), a->columns[c], answer_cell(a, r, c));
			fputs("</circle>\n", out);
		}
		series++;
	}
	for (int r = 0; r < a->nrows; r += every) {
		fprintf(out, "<text class=\"xlabel\" x=\"%.1f\" y=\"%d\">", PLOT_L + r * dx, PLOT_T + plot_h + 18);
		esc(out, answer_cell(a, r, 0));
		fputs("</text>\n", out);
	}
	legend(out, a, 1, a->ncols, PLOT_L, h - 22);
	fputs("</svg>\n", out);
}

static void hbar_chart(FILE *out, const struct answer *a, int col)
{
	int row_h = 26, label_w = 340, h = a->nrows * row_h + 16;
	double max = column_max(a, col, col + 1), span = CHART_W - label_w - 80;

	if (a->nrows == 0)
		return no_data(out, 80);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n", CHART_W, h);
	for (int r = 0; r < a->nrows; r++) {
		double w = max > 0 ? value(a, r, col) / max * span : 0;
		char buf[64];
		int y = 8 + r * row_h;
		fprintf(out, "<text class=\"hlabel\" x=\"%d\" y=\"%d\">", label_w - 10, y + 16);
		esc(out, answer_cell(a, r, 0));
		fprintf(out, "</text><rect class=\"bar\" data-value=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
			"height=\"%d\" fill=\"%s\">", answer_cell(a, r, col) ? answer_cell(a, r, col) : "0",
			label_w, y, w, row_h - 8, palette[0]);
		mark_title(out, answer_cell(a, r, 0), a->columns[col], answer_cell(a, r, col));
		format_number(answer_cell(a, r, col) ? answer_cell(a, r, col) : "0", buf, sizeof buf);
		fprintf(out, "</rect><text class=\"hvalue\" x=\"%.1f\" y=\"%d\">%s</text>\n",
			label_w + w + 6, y + 14, buf);
	}
	fputs("</svg>\n", out);
}

/* One horizontal bar per numeric column, split by the rows (free | paid). */
static void stacked_chart(FILE *out, const struct answer *a)
{
	int row_h = 44, label_w = 120, bars = 0, h;
	double span = CHART_W - label_w - 40;

	for (int c = 1; c < a->ncols; c++)
		bars += a->numeric[c];
	h = bars * row_h + 50;
	if (a->nrows == 0)
		return no_data(out, 80);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n", CHART_W, h);
	for (int c = 1, b = 0; c < a->ncols; c++) {
		double total = 0, x = label_w;
		if (!a->numeric[c])
			continue;
		for (int r = 0; r < a->nrows; r++)
			total += value(a, r, c);
		fprintf(out, "<text class=\"hlabel\" x=\"%d\" y=\"%d\">", label_w - 10, 10 + b * row_h + 20);
		esc(out, a->columns[c]);
		fputs("</text>\n", out);
		for (int r = 0; r < a->nrows; r++) {
			double w = total > 0 ? value(a, r, c) / total * span : 0;
			fprintf(out, "<rect class=\"segment\" data-value=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
				"height=\"%d\" fill=\"%s\">", answer_cell(a, r, c) ? answer_cell(a, r, c) : "0",
				x, 10 + b * row_h, w, row_h - 14, palette[r % 8]);
			mark_title(out, answer_cell(a, r, 0), a->columns[c], answer_cell(a, r, c));
			fputs("</rect>\n", out);
			if (w > 60) {
				char buf[64];
				format_number(answer_cell(a, r, c) ? answer_cell(a, r, c) : "0", buf, sizeof buf);
				fprintf(out, "<text class=\"inbar\" x=\"%.1f\" y=\"%d\">%s</text>\n",
					x + w / 2, 10 + b * row_h + 20, buf);
			}
			x += w;
		}
		b++;
	}
	for (int r = 0; r < a->nrows; r++) {
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			"<text class=\"legend\" x=\"%d\" y=\"%d\">", label_w + r * 160, h - 24,
			palette[r % 8], label_w + r * 160 + 18, h - 13);
		esc(out, answer_cell(a, r, 0));
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
}

static void table(FILE *out, const struct answer *a)
{
	char buf[128];

	fputs("<table><thead><tr>", out);
	for (int c = 0; c < a->ncols; c++) {
		fprintf(out, "<th%s>", a->numeric[c] ? " class=\"num\"" : "");
		esc(out, a->columns[c]);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	for (int r = 0; r < a->nrows; r++) {
		fputs("<tr>", out);
		for (int c = 0; c < a->ncols; c++) {
			const char *v = answer_cell(a, r, c);
			fprintf(out, "<td%s>", a->numeric[c] ? " class=\"num\"" : "");
			if (v && a->numeric[c]) {
				format_number(v, buf, sizeof buf);
				esc(out, buf);
			} else {
				esc(out, v);
			}
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	if (a->nrows == 0)
		fprintf(out, "<tr><td colspan=\"%d\" class=\"empty\">no rows</td></tr>\n", a->ncols);
	fputs("</tbody></table>\n", out);
}

static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;"
	"max-width:1040px;margin:24px auto;padding:0 20px;background:#fafafa}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:0 0 10px}"
	".period{color:#666;margin:0 0 24px}"
	"section{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:16px 20px;"
	"margin:0 0 20px}"
	".chart{width:100%;height:auto;margin:0 0 12px}"
	".chart text{font-size:12px;fill:#444}.chart .tick{text-anchor:end}"
	".chart .xlabel,.chart .xunit,.chart .inbar{text-anchor:middle}.chart .inbar{fill:#fff}"
	".chart .hlabel{text-anchor:end}.chart .unit{text-anchor:middle}"
	".chart .grid{stroke:#e5e5e5}.chart .empty{text-anchor:middle;fill:#999}"
	"table{border-collapse:collapse;font-size:13px;min-width:40%}"
	"th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}"
	"th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}"
	"tbody tr:nth-child(even){background:#fafafa}td.empty{color:#999}"
	"summary{cursor:pointer;color:#555;font-size:13px;margin:0 0 6px}";

void render_html(FILE *out, const struct answer *answers, size_t n, const char *period)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width\">"
		"<title>Sparkify: what users listen to</title><style>%s</style></head>\n<body>\n"
		"<h1>Sparkify: what users listen to</h1>\n<p class=\"period\">", style);
	esc(out, period);
	fputs("</p>\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct answer *a = &answers[i];
		const char *chart = a->q->chart ? a->q->chart : "";
		int col = -1;
		for (int c = 1; c < a->ncols && col < 0; c++)
			col = a->numeric[c] ? c : -1;
		fprintf(out, "<section id=\"%s\" data-chart=\"%s\"><h2>", a->q->name, chart);
		esc(out, a->q->title);
		fputs("</h2>\n", out);
		if (strcmp(chart, "bar") == 0 && col > 0)
			bar_chart(out, a, col);
		else if (strcmp(chart, "hbar") == 0 && col > 0)
			hbar_chart(out, a, col);
		else if (strcmp(chart, "line") == 0)
			line_chart(out, a);
		else if (strcmp(chart, "stacked") == 0)
			stacked_chart(out, a);
		if (*chart) /* the chart shows it; the numbers stay a click away */
			fputs("<details><summary>the numbers</summary>\n", out);
		table(out, a);
		fputs(*chart ? "</details></section>\n" : "</section>\n", out);
	}
	fputs("</body></html>\n", out);
}
