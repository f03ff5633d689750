/* text.h — what the report shows people, measured and written: numbers
 * with thousands separators, UTF-8 strings counted and cut by characters.
 * Apart from render.h so that about.c, which render.c calls, can use them
 * without calling back up. */
#ifndef SK_REPORT_TEXT_H
#define SK_REPORT_TEXT_H

#include <stddef.h>

/* Characters of a UTF-8 string (continuation bytes are not characters),
 * and the bytes of its first n characters: what the text's columns and
 * the page's labels are measured and cut by. */
int utf8_chars(const char *s);
size_t utf8_prefix(const char *s, int n);

/* "1234567.5" as "1,234,567.5": what the text and the page show. */
void format_number(const char *v, char *out, size_t cap);

#endif
