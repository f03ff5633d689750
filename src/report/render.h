/* render.h — answers written for people and for programs:
 *   text  aligned tables for a terminal: numbers right-aligned with
 *         thousands separators, a bar of block characters beside the rows
 *         of a chart;
 *   tsv   "# title", a header row, the rows (COPY escapes), a blank line;
 *   json  [{"name", "title", "chart", "columns", "rows"}], numbers as numbers;
 *   html  one self-contained page with inline SVG charts (html.c). */
#ifndef SK_RENDER_H
#define SK_RENDER_H

#include <stdio.h>

#include "report/report.h"

void render_text(FILE *out, const struct answer *answers, size_t n);
void render_tsv(FILE *out, const struct answer *answers, size_t n);
void render_json(FILE *out, const struct answer *answers, size_t n);
void render_html(FILE *out, const struct answer *answers, size_t n, const char *period);

/* "1234567.5" as "1,234,567.5": what the text and the page show. */
void format_number(const char *v, char *out, size_t cap);

#endif
