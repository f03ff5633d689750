/* swar.h — eight bytes at a time in a plain 64-bit word ("SIMD within a
 * register"), for the scanning loops that dominate the filters' profile.
 * Each test may say "maybe" where a byte-by-byte check then decides, but
 * never misses a byte it looks for. */
#ifndef SK_SWAR_H
#define SK_SWAR_H

#include <stdint.h>
#include <string.h>

#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t swar_load(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* High bit set in the bytes that may equal c. */
static inline uint64_t swar_has(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);

	return (x - SWAR_ONES) & ~x & SWAR_HIGHS;
}

/* High bit set in the bytes that may be below n (n <= 128). */
static inline uint64_t swar_below(uint64_t w, unsigned char n)
{
	return (w - SWAR_ONES * n) & ~w & SWAR_HIGHS;
}

#endif
