/* utc.h — epoch milliseconds to the calendar, in UTC, without the C
 * library's time zone machinery (gmtime_r works in seconds, is slower, and
 * has no ISO week). */
#ifndef SK_UTC_H
#define SK_UTC_H

#include <stddef.h>
#include <stdint.h>

/* The range a timestamp is accepted in: years 0001 to 9999. */
#define UTC_MIN_MS INT64_C(-62135596800000)
#define UTC_MAX_MS INT64_C(253402300799999)

struct utc {
	int year, month, day;          /* month 1-12, day 1-31 */
	int hour, minute, second, millis;
	int weekday;                   /* 0 = Sunday ... 6 = Saturday */
	int iso_week;                  /* ISO 8601 week number, 1-53 */
};

/* ms must lie in [UTC_MIN_MS, UTC_MAX_MS]. */
void utc_from_ms(int64_t ms, struct utc *t);

enum { UTC_TEXT_LEN = 23 };
/* "YYYY-MM-DD HH:MM:SS.mmm" into buf (no NUL); returns UTC_TEXT_LEN. */
size_t utc_format(const struct utc *t, char *buf);
/* The same text straight from ms, in [UTC_MIN_MS, UTC_MAX_MS], without the
 * weekday and week that utc_from_ms works out: for start_time columns. */
size_t utc_format_ms(int64_t ms, char *buf);

#endif
