/* render.h — answers written for people and for programs, each format
 * opening with what the report covers (about.h), each section with the
 * part of the plays it rests on, where it rests on a part:
 *   text  aligned tables for a terminal: numbers right-aligned with
 *         thousands separators, a bar of block characters beside the rows
 *         of a chart; cut with "…" to the terminal's width when given one;
 *   tsv   "# label: value" lines, then per question "# title", "# basis:
 *         ...", a header row, the rows (COPY escapes), a blank line between;
 *   json  {"about": {...}, "questions": [{"name", "title", "chart",
 *         "basis", "columns", "rows"}]}, numbers as numbers;
 *   html  one self-contained page with inline SVG charts (html.c). */
#ifndef SK_RENDER_H
#define SK_RENDER_H

#include <stdio.h>

#include "report/about.h"
#include "report/report.h"
#include "report/text.h"

struct report {
	const char *heading; /* "Sparkify: what users listen to" */
	const struct report_about *about;
	const struct answer *answers;
	size_t n;
	int width;           /* text: the terminal's columns; 0: rows whole */
};

void render_text(FILE *out, const struct report *r);
void render_tsv(FILE *out, const struct report *r);
void render_json(FILE *out, const struct report *r);
void render_html(FILE *out, const struct report *r);

#endif
