/* jsonstr.h — the end of a JSON string that holds escapes, found 64 bytes
 * at a time.
 *
 * The event logs' user agents hold a backslash every dozen bytes (\" and
 * \/), and a byte-by-byte reader stops at each one.  Here one pass of
 * vector compares over 64 bytes marks the block's quotes, backslashes and
 * the bytes a string may not hold as they are; the backslashes' runs give,
 * with a few integer operations and no loop, the bytes they escape (the
 * first stage of Langdale and Lemire's "Parsing gigabytes of JSON per
 * second", 2019); the string's end is then the first quote not escaped.
 *
 * The vector code is chosen at run time: AVX2 where the CPU has it, else
 * SSE2 (every x86-64 has it), else a portable loop.  SK_JSON_SIMD=avx2,
 * sse2, scalar or none (the byte-by-byte reader alone) forces one, for the
 * tests that hold every path to the same answers. */
#ifndef SK_JSONSTR_H
#define SK_JSONSTR_H

#include <stdbool.h>

enum json_simd { JSON_SIMD_NONE, JSON_SIMD_SCALAR, JSON_SIMD_SSE2, JSON_SIMD_AVX2 };

/* The level in use: SK_JSON_SIMD's, else the best the CPU has. */
enum json_simd json_simd_level(void);
/* Sets the level for the rest of the process (tests and fuzzers); a
 * level the CPU lacks falls back to the best below it. */
void json_simd_force(enum json_simd level);
const char *json_simd_name(enum json_simd level);

/* The bytes that may follow a backslash in a string, but 'u', whose four
 * hex digits the reader checks itself. */
extern const unsigned char json_short_escape[256];

/* From inside a string (at or before its first backslash) to end, in a
 * text that begins at start: the string's closing quote, when every byte before it is printable ASCII or a short
 * escape (\" \\ \/ \b \f \n \r \t); else NULL, and the byte-by-byte
 * reader takes the string: its \u escapes, its UTF-8, or what is wrong. */
const char *json_escaped_string_end(const char *start, const char *from, const char *end);

#endif
