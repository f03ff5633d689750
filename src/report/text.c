#include <stdio.h>
#include <string.h>

#include "report/text.h"

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

int utf8_chars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

size_t utf8_prefix(const char *s, int n)
{
	const char *p = s;

	for (; *p && n > 0; n--)
		do
			p++;
		while (((unsigned char)*p & 0xc0) == 0x80);
	return (size_t)(p - s);
}
