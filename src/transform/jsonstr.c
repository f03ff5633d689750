#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_TARGET 1
#endif

#include "common/err.h"
#include "transform/jsonstr.h"

const unsigned char json_short_escape[256] = {
	['"'] = 1, ['\\'] = 1, ['/'] = 1, ['b'] = 1, ['f'] = 1, ['n'] = 1, ['r'] = 1, ['t'] = 1,
};

/* One block's masks as the compares give them: '/' because user agents
 * and URLs escape it, so that the commonest escapes need no closer look. */
struct block_bits {
	uint64_t quote, backslash, slash, special;
};

/* The bytes escaped by the backslashes: in a run of them, each one at an
 * even distance from the run's start escapes the byte after it.  Adding
 * the bit of a run that starts on an odd position carries through the
 * run, which tells the runs of the two parities apart without a loop.
 * *carry: the block before ended with an escaping backslash. */
static uint64_t escaped_bytes(uint64_t backslash, uint64_t *carry)
{
	const uint64_t even = UINT64_C(0x5555555555555555);
	uint64_t starters = backslash & ~*carry; /* an escaped backslash escapes nothing */
	uint64_t follows = starters << 1 | *carry;
	uint64_t odd_starts = starters & ~even & ~follows;
	uint64_t sum;

	*carry = __builtin_add_overflow(odd_starts, starters, &sum);
	return (even ^ (sum << 1)) & follows;
}

static inline struct block_bits scalar_block(const char *p)
{
	struct block_bits bits = { 0, 0, 0, 0 };

	for (unsigned i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)p[i];
		uint64_t bit = UINT64_C(1) << i;
		if (c == '"')
			bits.quote |= bit;
		if (c == '\\')
			bits.backslash |= bit;
		if (c == '/')
			bits.slash |= bit;
		if (c < 0x20 || c >= 0x80)
			bits.special |= bit;
	}
	return bits;
}

#ifdef __SSE2__
static uint64_t sse2_mask(__m128i eq0, __m128i eq1, __m128i eq2, __m128i eq3)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(eq0) |
	       (uint64_t)(unsigned)_mm_movemask_epi8(eq1) << 16 |
	       (uint64_t)(unsigned)_mm_movemask_epi8(eq2) << 32 |
	       (uint64_t)(unsigned)_mm_movemask_epi8(eq3) << 48;
}

static inline struct block_bits sse2_block(const char *p)
{
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i slash = _mm_set1_epi8('/'), space = _mm_set1_epi8(' ');
	__m128i x[4];

	for (int i = 0; i < 4; i++)
		x[i] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
	/* Signed: bytes from 0x80 are negative, so below ' ' too. */
	return (struct block_bits){
		sse2_mask(_mm_cmpeq_epi8(x[0], quote), _mm_cmpeq_epi8(x[1], quote),
			  _mm_cmpeq_epi8(x[2], quote), _mm_cmpeq_epi8(x[3], quote)),
		sse2_mask(_mm_cmpeq_epi8(x[0], backslash), _mm_cmpeq_epi8(x[1], backslash),
			  _mm_cmpeq_epi8(x[2], backslash), _mm_cmpeq_epi8(x[3], backslash)),
		sse2_mask(_mm_cmpeq_epi8(x[0], slash), _mm_cmpeq_epi8(x[1], slash),
			  _mm_cmpeq_epi8(x[2], slash), _mm_cmpeq_epi8(x[3], slash)),
		sse2_mask(_mm_cmplt_epi8(x[0], space), _mm_cmplt_epi8(x[1], space),
			  _mm_cmplt_epi8(x[2], space), _mm_cmplt_epi8(x[3], space)),
	};
}
#endif

#ifdef HAVE_AVX2_TARGET
__attribute__((target("avx2"))) static uint64_t avx2_mask(__m256i eq0, __m256i eq1)
{
	return (uint64_t)(unsigned)_mm256_movemask_epi8(eq0) |
	       (uint64_t)(unsigned)_mm256_movemask_epi8(eq1) << 32;
}

__attribute__((target("avx2"))) static inline struct block_bits avx2_block(const char *p)
{
	const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
	const __m256i slash = _mm256_set1_epi8('/'), space = _mm256_set1_epi8(' ');
	__m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));

	return (struct block_bits){
		avx2_mask(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote)),
		avx2_mask(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash)),
		avx2_mask(_mm256_cmpeq_epi8(lo, slash), _mm256_cmpeq_epi8(hi, slash)),
		avx2_mask(_mm256_cmpgt_epi8(space, lo), _mm256_cmpgt_epi8(space, hi)),
	};
}
#endif

/* The block at p.  Where the text ends before its 64 bytes, the 64 that
 * end with the text are read, when the text has them, and their masks
 * shifted down to p; else the rest is copied into spaces (neither quotes
 * nor backslashes nor special). */
static inline __attribute__((always_inline)) struct block_bits
block_at(const char *p, const char *start, const char *end,
	 struct block_bits (*block)(const char *))
{
	char tail[64];
	struct block_bits bits;
	unsigned before;

	if (end - p >= 64)
		return block(p);
	if (end - start < 64) {
		memset(tail, ' ', sizeof tail);
		memcpy(tail, p, (size_t)(end - p));
		return block(tail);
	}
	before = (unsigned)(64 - (end - p));
	bits = block(end - 64);
	return (struct block_bits){ bits.quote >> before, bits.backslash >> before,
				    bits.slash >> before, bits.special >> before };
}

/* Inlined into each level's own function, so that the compiler inlines
 * that level's block reader into the loop. */
static inline __attribute__((always_inline)) const char *
string_end_with(const char *start, const char *from, const char *end,
		struct block_bits (*block)(const char *))
{
	uint64_t carry = 0;

	for (const char *p = from; p < end; p += 64) {
		struct block_bits bits = block_at(p, start, end, block);
		uint64_t esc = escaped_bytes(bits.backslash, &carry);
		uint64_t quotes = bits.quote & ~esc;
		/* Up to the quote, else to the text's end: a backslash at the
		 * end marks a byte past it, which is not there to look up. */
		uint64_t inside = quotes ? (quotes & -quotes) - 1
				: end - p >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << (end - p)) - 1;
		if (bits.special & inside)
			return NULL;
		/* \" \\ \/ pass on the masks; the rest are looked up. */
		esc &= inside & ~(bits.quote | bits.backslash | bits.slash);
		for (; esc; esc &= esc - 1)
			if (!json_short_escape[(unsigned char)p[__builtin_ctzll(esc)]])
				return NULL;
		if (quotes)
			return p + __builtin_ctzll(quotes);
	}
	return NULL;
}

static const char *string_end_scalar(const char *start, const char *from, const char *end)
{
	return string_end_with(start, from, end, scalar_block);
}

#ifdef __SSE2__
static const char *string_end_sse2(const char *start, const char *from, const char *end)
{
	return string_end_with(start, from, end, sse2_block);
}
#endif

#ifdef HAVE_AVX2_TARGET
__attribute__((target("avx2"))) static const char *
string_end_avx2(const char *start, const char *from, const char *end)
{
	return string_end_with(start, from, end, avx2_block);
}
#endif

static enum json_simd best_level(void)
{
#ifdef HAVE_AVX2_TARGET
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2"))
		return JSON_SIMD_AVX2;
#endif
#ifdef __SSE2__
	return JSON_SIMD_SSE2;
#else
	return JSON_SIMD_SCALAR;
#endif
}

typedef const char *string_end_fn(const char *start, const char *from, const char *end);
static string_end_fn string_end_none, string_end_choose;

static int level = -1; /* not chosen yet */
static string_end_fn *string_end = string_end_choose;

static string_end_fn *level_string_end(enum json_simd l)
{
	switch (l) {
#ifdef HAVE_AVX2_TARGET
	case JSON_SIMD_AVX2: return string_end_avx2;
#endif
#ifdef __SSE2__
	case JSON_SIMD_SSE2: return string_end_sse2;
#endif
	case JSON_SIMD_SCALAR: return string_end_scalar;
	default: return string_end_none;
	}
}

void json_simd_force(enum json_simd wanted)
{
	enum json_simd best = best_level();

	level = (int)(wanted > best ? best : wanted);
	string_end = level_string_end((enum json_simd)level);
}

enum json_simd json_simd_level(void)
{
	if (level < 0) {
		const char *env = getenv("SK_JSON_SIMD");
		int wanted = env && *env ? -1 : (int)best_level();
		for (int l = JSON_SIMD_NONE; wanted < 0 && l <= JSON_SIMD_AVX2; l++)
			if (strcmp(env, json_simd_name((enum json_simd)l)) == 0)
				wanted = l;
		if (wanted < 0)
			sk_die(SK_EXIT_USAGE, "SK_JSON_SIMD=%s: not avx2, sse2, scalar or none", env);
		json_simd_force((enum json_simd)wanted);
	}
	return (enum json_simd)level;
}

const char *json_simd_name(enum json_simd l)
{
	static const char *const names[] = { "none", "scalar", "sse2", "avx2" };

	return names[l];
}

static const char *string_end_none(const char *start, const char *from, const char *end)
{
	(void)start, (void)from, (void)end;
	return NULL;
}

/* The first call: chooses the level, which sets string_end. */
static const char *string_end_choose(const char *start, const char *from, const char *end)
{
	json_simd_level();
	return string_end(start, from, end);
}

const char *json_escaped_string_end(const char *start, const char *from, const char *end)
{
	return string_end(start, from, end);
}
