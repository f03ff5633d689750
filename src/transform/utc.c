#include "transform/digits.h"
#include "transform/utc.h"

/* Days since 1970-01-01 to a civil date: Howard Hinnant's algorithm. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int day_of_year(int y, int m, int d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

	return before[m - 1] + d + (m > 2 && is_leap(y));
}

/* A year has 53 ISO weeks when it starts on a Thursday, or is a leap year
 * starting on a Wednesday; p(y) is the weekday of its last day, Monday = 1. */
static int iso_weeks_in_year(int y)
{
	int p = (y + y / 4 - y / 100 + y / 400) % 7;
	int q = ((y - 1) + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400) % 7;

	return 52 + (p == 4 || q == 3);
}

static int iso_week(int y, int yday, int weekday)
{
	int iso_wd = weekday == 0 ? 7 : weekday; /* Monday 1 ... Sunday 7 */
	int week = (yday - iso_wd + 10) / 7;

	if (week < 1)
		return iso_weeks_in_year(y - 1);
	if (week > iso_weeks_in_year(y))
		return 1;
	return week;
}

void utc_from_ms(int64_t ms, struct utc *t)
{
	int64_t days = ms / 86400000, rem = ms % 86400000;

	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	civil_from_days(days, &t->year, &t->month, &t->day);
	t->millis = (int)(rem % 1000);
	t->second = (int)(rem / 1000 % 60);
	t->minute = (int)(rem / 60000 % 60);
	t->hour = (int)(rem / 3600000);
	t->weekday = (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	t->iso_week = iso_week(t->year, day_of_year(t->year, t->month, t->day), t->weekday);
}

static size_t format(char *buf, int year, int month, int day, int64_t ms_of_day)
{
	int millis = (int)(ms_of_day % 1000), secs = (int)(ms_of_day / 1000);
	char *p = buf;

	p = put_two_digits(p, (unsigned)year / 100);
	p = put_two_digits(p, (unsigned)year % 100);
	*p++ = '-';
	p = put_two_digits(p, (unsigned)month);
	*p++ = '-';
	p = put_two_digits(p, (unsigned)day);
	*p++ = ' ';
	p = put_two_digits(p, (unsigned)secs / 3600);
	*p++ = ':';
	p = put_two_digits(p, (unsigned)secs / 60 % 60);
	*p++ = ':';
	p = put_two_digits(p, (unsigned)secs % 60);
	*p++ = '.';
	*p++ = (char)('0' + millis / 100);
	p = put_two_digits(p, (unsigned)millis % 100);
	return (size_t)(p - buf);
}

size_t utc_format(const struct utc *t, char *buf)
{
	int64_t ms_of_day = ((t->hour * INT64_C(60) + t->minute) * 60 + t->second) * 1000 + t->millis;

	return format(buf, t->year, t->month, t->day, ms_of_day);
}

size_t utc_format_ms(int64_t ms, char *buf)
{
	int64_t days = ms / 86400000, rem = ms % 86400000;
	int year, month, day;

	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	return format(buf, year, month, day, rem);
}
