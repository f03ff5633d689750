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

static void esc_n(FILE *out, const char *s, size_t n)
{
	for (const char *end = s + n; s < end; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

static void esc(FILE *out, const char *s)
{
	if (s)
		esc_n(out, s, strlen(s));
}

/* Pixels a label of the chart's 12px type takes: about 7 a character. */
static double label_px(const char *v)
{
	return 7.0 * (double)utf8_chars(v ? v : "");
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

/* The y axis: gridlines, tick labels, and the unit along the side; the
 * plot ends `right` pixels from the chart's edge. */
static double y_axis(FILE *out, double max, int h, const char *unit, int right)
{
	double step = nice_step(max), top = ceil((max > 0 ? max : 1) / step) * step;
	int plot_h = h - PLOT_T - PLOT_B;
	char buf[64], num[32];

	for (double v = 0; v <= top + step / 2; v += step) {
		double y = PLOT_T + plot_h - v / top * plot_h;
		snprintf(num, sizeof num, "%.0f", v);
		format_number(num, buf, sizeof buf);
		fprintf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"tick\" x=\"%d\" y=\"%.1f\">%s</text>\n", PLOT_L, CHART_W - right,
			y, y, PLOT_L - 8, y + 4, buf);
	}
	fprintf(out, "<text class=\"unit\" transform=\"translate(14 %d) rotate(-90)\">", PLOT_T + plot_h / 2);
	esc(out, unit);
	fputs("</text>\n", out);
	return top;
}

/* A second measure's axis, on the right: tick labels and its unit. */
static double y_axis_right(FILE *out, double max, int h, const char *unit, int right)
{
	double step = nice_step(max), top = ceil((max > 0 ? max : 1) / step) * step;
	int plot_h = h - PLOT_T - PLOT_B;
	char buf[64], num[32];

	for (double v = 0; v <= top + step / 2; v += step) {
		snprintf(num, sizeof num, "%.0f", v);
		format_number(num, buf, sizeof buf);
		fprintf(out, "<text class=\"rtick\" x=\"%d\" y=\"%.1f\">%s</text>\n",
			CHART_W - right + 8, PLOT_T + plot_h - v / top * plot_h + 4, buf);
	}
	fprintf(out, "<text class=\"unit\" transform=\"translate(%d %d) rotate(90)\">",
		CHART_W - 14, PLOT_T + plot_h / 2);
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

/* Every how many bars a label fits, its neighbours 8px away. */
static int label_every(const struct answer *a, double slot)
{
	double widest = 0;

	for (int r = 0; r < a->nrows; r++)
		if (label_px(answer_cell(a, r, 0)) > widest)
			widest = label_px(answer_cell(a, r, 0));
	return (int)ceil((widest + 8) / slot) > 1 ? (int)ceil((widest + 8) / slot) : 1;
}

/* One bar a row, labelled below where the labels fit apart: the first
 * and the last always. */
static void bar_chart(FILE *out, const struct answer *a, int col)
{
	int h = 300, plot_h = h - PLOT_T - PLOT_B, last = a->nrows - 1, every;
	double slot = (double)(CHART_W - PLOT_L - PLOT_R) / (a->nrows ? a->nrows : 1), top;

	if (a->nrows == 0)
		return no_data(out, h);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n", CHART_W, h);
	top = y_axis(out, column_max(a, col, col + 1), h, a->columns[col], PLOT_R);
	every = label_every(a, slot);
	for (int r = 0; r < a->nrows; r++) {
		double bh = value(a, r, col) / top * plot_h, x = PLOT_L + r * slot;
		fprintf(out, "<rect class=\"bar\" data-value=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"%s\">", answer_cell(a, r, col) ? answer_cell(a, r, col) : "0",
			x + slot * 0.15, PLOT_T + plot_h - bh, slot * 0.7, bh, palette[0]);
		mark_title(out, answer_cell(a, r, 0), a->columns[col], answer_cell(a, r, col));
		fputs("</rect>", out);
		if (r == last || (r % every == 0 && last - r >= every)) {
			fprintf(out, "<text class=\"xlabel\" x=\"%.1f\" y=\"%d\">", x + slot / 2,
				PLOT_T + plot_h + 18);
			esc(out, answer_cell(a, r, 0));
			fputs("</text>", out);
		}
		fputc('\n', out);
	}
	fprintf(out, "<text class=\"xunit\" x=\"%d\" y=\"%d\">", CHART_W / 2, h - 6);
	esc(out, a->columns[0]);
	fputs("</text></svg>\n", out);
}

static void legend(FILE *out, const struct answer *a, const int *cols, int n, bool two_axes,
		   int x, int y)
{
	for (int i = 0; i < n; i++) {
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			"<text class=\"legend\" x=\"%d\" y=\"%d\">", x + i * 200, y, palette[i % 8],
			x + i * 200 + 18, y + 11);
		esc(out, a->columns[cols[i]]);
		fputs(two_axes ? (i ? " (right axis)" : " (left axis)") : "", out);
		fputs("</text>\n", out);
	}
}

static void x_label(FILE *out, const struct answer *a, int r, double x, int y)
{
	int last = a->nrows - 1;

	fprintf(out, "<text class=\"xlabel%s\" x=\"%.1f\" y=\"%d\">",
		r == 0 ? " xfirst" : r == last ? " xlast" : "", x, y);
	esc(out, answer_cell(a, r, 0));
	fputs("</text>\n", out);
}

/* The x labels of a line chart: the first (from its point on) and the
 * last (up to its point) always, held inside the chart, and between them
 * as many as fit apart, centred on their points. */
static void x_labels(FILE *out, const struct answer *a, double dx, int y)
{
	enum { GAP = 12 };
	int last = a->nrows - 1;
	double first_end = PLOT_L + label_px(answer_cell(a, 0, 0)) + GAP;
	double last_x = PLOT_L + last * dx, last_start = last_x - label_px(answer_cell(a, last, 0)) - GAP;

	x_label(out, a, 0, PLOT_L, y);
	for (int r = 1; r < last; r++) {
		double x = PLOT_L + r * dx, half = label_px(answer_cell(a, r, 0)) / 2;
		if (x - half < first_end || x + half > last_start)
			continue;
		x_label(out, a, r, x, y);
		first_end = x + half + GAP;
	}
	if (last > 0 && first_end <= last_start + GAP)
		x_label(out, a, last, last_x, y);
}

static void series_marks(FILE *out, const struct answer *a, int c, int series, double top,
			 double dx, int plot_h)
{
	fprintf(out, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
		palette[series % 8]);
	for (int r = 0; r < a->nrows; r++)
		fprintf(out, "%.1f,%.1f ", PLOT_L + r * dx, PLOT_T + plot_h - value(a, r, c) / top * plot_h);
	fputs("\"/>\n", out);
	for (int r = 0; r < a->nrows; r++) {
		fprintf(out, "<circle class=\"point\" data-series=\"%s\" data-value=\"%s\" cx=\"%.1f\" "
			"cy=\"%.1f\" r=\"3\" fill=\"%s\">", a->columns[c],
			answer_cell(a, r, c) ? answer_cell(a, r, c) : "0", PLOT_L + r * dx,
			PLOT_T + plot_h - value(a, r, c) / top * plot_h, palette[series % 8]);
		mark_title(out, answer_cell(a, r, 0), a->columns[c], answer_cell(a, r, c));
		fputs("</circle>\n", out);
	}
}

/* Two measures of different size (plays and users per day) get an axis
 * each, the second on the right, when the second's largest value is under
 * a quarter of the first's: on one axis its line would lie flat. */
static void line_chart(FILE *out, const struct answer *a)
{
	int h = 320, plot_h = h - PLOT_T - PLOT_B - 20, cols[8], n = 0, right = PLOT_R;
	double dx, top[8];
	bool two_axes;

	if (a->nrows == 0)
		return no_data(out, h);
	for (int c = 1; c < a->ncols && n < 8; c++)
		if (a->numeric[c])
			cols[n++] = c;
	two_axes = n == 2 && column_max(a, cols[1], cols[1] + 1) * 4 < column_max(a, cols[0], cols[0] + 1);
	if (two_axes)
		right = PLOT_L;
	dx = a->nrows > 1 ? (double)(CHART_W - PLOT_L - right) / (a->nrows - 1) : 0;
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n", CHART_W, h);
	if (two_axes) {
		top[0] = y_axis(out, column_max(a, cols[0], cols[0] + 1), h - 20, a->columns[cols[0]], right);
		top[1] = y_axis_right(out, column_max(a, cols[1], cols[1] + 1), h - 20,
				      a->columns[cols[1]], right);
	} else {
		top[0] = y_axis(out, column_max(a, 1, a->ncols), h - 20, "count", right);
		for (int i = 1; i < n; i++)
			top[i] = top[0];
	}
	for (int i = 0; i < n; i++)
		series_marks(out, a, cols[i], i, top[i], dx, plot_h);
	x_labels(out, a, dx, PLOT_T + plot_h + 18);
	legend(out, a, cols, n, two_axes, PLOT_L, h - 22);
	fputs("</svg>\n", out);
}

/* A label of at most max characters: a longer one is cut, "…" at its
 * end, its whole text in a tooltip. */
static void label_text(FILE *out, const char *v, int max)
{
	size_t cut;

	v = v ? v : "";
	if (!v[utf8_prefix(v, max)]) {
		esc(out, v);
		return;
	}
	cut = utf8_prefix(v, max - 1);
	fputs("<title>", out);
	esc(out, v);
	fputs("</title>", out);
	esc_n(out, v, cut);
	fputs("\u2026", out);
}

static void hbar_chart(FILE *out, const struct answer *a, int col)
{
	/* 12px labels of about 6.5px a character fit HBAR_LABEL_CHARS. */
	enum { HBAR_LABEL_CHARS = 50 };
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
		label_text(out, answer_cell(a, r, 0), HBAR_LABEL_CHARS);
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

static void table(FILE *out, const struct answer *a, const char *empty)
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
		fprintf(out, "<tr><td colspan=\"%d\" class=\"empty\">%s</td></tr>\n", a->ncols, empty);
	fputs("</tbody></table>\n", out);
}

static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;"
	"max-width:1040px;margin:24px auto;padding:0 20px;background:#fafafa}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:0 0 10px}"
	".about{color:#555;margin:0 0 24px;display:grid;grid-template-columns:max-content 1fr;"
	"gap:2px 14px;font-size:14px}.about dt{color:#888}.about dd{margin:0}"
	".basis{color:#555;font-size:14px;margin:-4px 0 10px}"
	".basis.thin,.basis.uncounted{color:#8a4b00;background:#fff4e0;border-left:3px solid #e69500;"
	"padding:4px 8px}.badge{font-weight:600;margin-right:6px}"
	"section{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:16px 20px;"
	"margin:0 0 20px}"
	".chart{width:100%;height:auto;margin:0 0 12px}"
	".chart text{font-size:12px;fill:#444}.chart .tick{text-anchor:end}"
	".chart .xlabel,.chart .xunit,.chart .inbar{text-anchor:middle}.chart .inbar{fill:#fff}"
	".chart .xfirst{text-anchor:start}.chart .xlast{text-anchor:end}.chart .rtick{text-anchor:start}"
	".chart .hlabel{text-anchor:end}.chart .unit{text-anchor:middle}"
	".chart .grid{stroke:#e5e5e5}.chart .empty{text-anchor:middle;fill:#999}"
	"table{border-collapse:collapse;font-size:13px;min-width:40%}"
	"th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}"
	"th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}"
	"tbody tr:nth-child(even){background:#fafafa}td.empty{color:#999}"
	"summary{cursor:pointer;color:#555;font-size:13px;margin:0 0 6px}";

static void about(FILE *out, const struct report *r)
{
	const char *label[ABOUT_LINES];
	char value[ABOUT_LINES][ABOUT_VALUE];
	int n = about_lines(r->about, label, value);

	fputs("<dl class=\"about\">", out);
	for (int i = 0; i < n; i++) {
		fputs("<dt>", out);
		esc(out, label[i]);
		fputs("</dt><dd>", out);
		esc(out, value[i]);
		fputs("</dd>", out);
	}
	fputs("</dl>\n", out);
}

/* What the section rests on, marked when thin or not counted. */
static void basis_note(FILE *out, const struct basis *b)
{
	if (!b->shown)
		return;
	fprintf(out, "<p class=\"basis%s\">%s", b->thin ? " thin" : !b->counted ? " uncounted" : "",
		b->thin ? "<span class=\"badge\">thin</span>" : "");
	esc(out, b->note);
	fputs("</p>\n", out);
}

static void chart(FILE *out, const struct answer *a, const struct basis *b)
{
	const char *kind = a->q->chart ? a->q->chart : "";
	int col = -1;

	for (int c = 1; c < a->ncols && col < 0; c++)
		col = a->numeric[c] ? c : -1;
	if (!b->counted)
		fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d 80\" role=\"img\"><text x=\"%d\" "
			"y=\"40\" class=\"empty\">not counted</text></svg>\n", CHART_W, CHART_W / 2);
	else if (strcmp(kind, "bar") == 0 && col > 0)
		bar_chart(out, a, col);
	else if (strcmp(kind, "hbar") == 0 && col > 0)
		hbar_chart(out, a, col);
	else if (strcmp(kind, "line") == 0)
		line_chart(out, a);
	else if (strcmp(kind, "stacked") == 0)
		stacked_chart(out, a);
}

void render_html(FILE *out, const struct report *r)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width\"><title>");
	esc(out, r->heading);
	fprintf(out, "</title><style>%s</style></head>\n<body>\n<h1>", style);
	esc(out, r->heading);
	fputs("</h1>\n", out);
	about(out, r);
	for (size_t i = 0; i < r->n; i++) {
		const struct answer *a = &r->answers[i];
		const char *kind = a->q->chart ? a->q->chart : "";
		struct basis basis;
		about_basis(r->about, a->q, &basis);
		fprintf(out, "<section id=\"%s\" data-chart=\"%s\"%s><h2>", a->q->name, kind,
			basis.thin ? " data-thin=\"true\"" : "");
		esc(out, a->q->title);
		fputs("</h2>\n", out);
		basis_note(out, &basis);
		chart(out, a, &basis);
		if (*kind) /* the chart shows it; the numbers stay a click away */
			fputs("<details><summary>the numbers</summary>\n", out);
		table(out, a, basis.counted ? "no rows" : "not counted");
		fputs(*kind ? "</details></section>\n" : "</section>\n", out);
	}
	fputs("</body></html>\n", out);
}
