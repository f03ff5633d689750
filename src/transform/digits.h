/* digits.h — decimal digits two at a time, for the timestamps and integers
 * the filters write on every row: one table read and one two-byte store
 * where a loop of divisions by ten cost more than the rest of the row. */
#ifndef SK_DIGITS_H
#define SK_DIGITS_H

#include <string.h>

/* Writes v (0 <= v <= 99) as two digits at p; returns p + 2. */
static inline char *put_two_digits(char *p, unsigned v)
{
	static const char pairs[201] =
		"0001020304050607080910111213141516171819"
		"2021222324252627282930313233343536373839"
		"4041424344454647484950515253545556575859"
		"6061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";

	memcpy(p, pairs + 2 * v, 2);
	return p + 2;
}

#endif
