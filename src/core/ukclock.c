/*
 * ukclock: Europe/London civil time by arithmetic alone. Dates are counted in a 400-year
 * Gregorian cycle (146097 days), which makes the day count exact for any year without tables;
 * BST is worked out per year from its rule rather than looked up, so there is no tz database to
 * go stale and no TZ variable to race on. It is not a parser for ISO-8601 in general: only the
 * handful of forms frontdoor accepts, strictly.
 */
#include "core/ukclock.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum {
    SECS_PER_DAY = 86400,
    DAYS_PER_CYCLE = 146097, /* days in 400 Gregorian years */
    DAYS_0001_TO_1970 = 719162,
    ISO_MAX_LEN = 64, /* longer input is rejected without reading further */
};

/* Instants this far from 1970 (about 300,000 years) are treated as GMT without arithmetic on
 * them, so that nothing can overflow; they are far outside any supported year. */
static const int64_t FAR_SECONDS = INT64_C(10000000000000);

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

bool ukclock_is_leap_year(int year)
{
    int64_t y = year;
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ukclock_days_in_month(int year, int month)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && ukclock_is_leap_year(year))
        return 29;
    return len[month - 1];
}

bool ukclock_date_valid(struct ukclock_date d)
{
    if (d.year < UKCLOCK_MIN_YEAR || d.year > UKCLOCK_MAX_YEAR)
        return false;
    if (d.month < 1 || d.month > 12)
        return false;
    return d.day >= 1 && d.day <= ukclock_days_in_month(d.year, d.month);
}

/* Days from 0001-01-01 to 1 January of year y, for y in 1..401 (one cycle and its end). */
static int64_t days_before_year(int64_t y)
{
    int64_t p = y - 1;
    return 365 * p + p / 4 - p / 100 + p / 400;
}

/* Days from 1 January to the first of month m (1-12). */
static int64_t days_before_month(int year, int month)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return before[month - 1] + (month > 2 && ukclock_is_leap_year(year));
}

int64_t ukclock_days_from_date(struct ukclock_date d)
{
    /* Shift the year into 1..400 of its cycle; leap years repeat every 400 years. */
    int64_t cycles = floor_div((int64_t)d.year - 1, 400);
    int64_t y = (int64_t)d.year - cycles * 400;
    int month = d.month < 1 ? 1 : d.month > 12 ? 12 : d.month;
    return cycles * DAYS_PER_CYCLE + days_before_year(y) + days_before_month((int)y, month) +
           (d.day - 1) - DAYS_0001_TO_1970;
}

struct ukclock_date ukclock_date_from_days(int64_t days)
{
    int64_t n = days + DAYS_0001_TO_1970; /* days since 0001-01-01 */
    int64_t cycles = floor_div(n, DAYS_PER_CYCLE);
    int64_t r = n - cycles * DAYS_PER_CYCLE; /* 0 .. DAYS_PER_CYCLE-1 */

    /* Estimate the year within the cycle, then correct by the odd day of leap-year drift. */
    int64_t y = r * 400 / DAYS_PER_CYCLE + 1;
    while (y > 1 && days_before_year(y) > r)
        y--;
    while (days_before_year(y + 1) <= r)
        y++;
    r -= days_before_year(y);

    int month = 1;
    while (r >= ukclock_days_in_month((int)y, month)) {
        r -= ukclock_days_in_month((int)y, month);
        month++;
    }
    struct ukclock_date d = {(int)(y + cycles * 400), month, (int)r + 1};
    return d;
}

enum ukclock_weekday ukclock_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday. */
    int64_t wd = days + UKCLOCK_THURSDAY - floor_div(days + UKCLOCK_THURSDAY, 7) * 7;
    return (enum ukclock_weekday)wd;
}

static const char *const weekday_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};
static const char *const weekday_abbrs[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

const char *ukclock_weekday_name(enum ukclock_weekday wd)
{
    return (unsigned)wd < 7 ? weekday_names[wd] : "?";
}

const char *ukclock_weekday_abbr(enum ukclock_weekday wd)
{
    return (unsigned)wd < 7 ? weekday_abbrs[wd] : "?";
}

/* 01:00 UTC on the last Sunday of the given month. */
static int64_t last_sunday_0100_utc(int year, int month)
{
    struct ukclock_date last = {year, month, ukclock_days_in_month(year, month)};
    int64_t days = ukclock_days_from_date(last);
    int back = ((int)ukclock_weekday(days) - UKCLOCK_SUNDAY + 7) % 7;
    return (days - back) * SECS_PER_DAY + 3600;
}

int64_t ukclock_bst_start(int year)
{
    return last_sunday_0100_utc(year, 3);
}

int64_t ukclock_bst_end(int year)
{
    return last_sunday_0100_utc(year, 10);
}

int ukclock_utc_offset(int64_t t)
{
    if (t > FAR_SECONDS || t < -FAR_SECONDS)
        return 0;
    /* Working-time arithmetic asks this many times a day for instants of the same year, so
     * each thread keeps the last year's summer time: a range check instead of a calendar. */
    static _Thread_local struct {
        int64_t from, to;           /* [from, to): the summer time of the year below */
        int64_t year_from, year_to; /* [year_from, year_to): that UTC year */
    } last = {0, 0, 0, 0};
    if (t < last.year_from || t >= last.year_to) {
        /* The changes are in March and October, so the UTC year is the local year. */
        int year = ukclock_date_from_days(floor_div(t, SECS_PER_DAY)).year;
        struct ukclock_date jan1 = {year, 1, 1}, next = {year + 1, 1, 1};
        last.year_from = ukclock_days_from_date(jan1) * SECS_PER_DAY;
        last.year_to = ukclock_days_from_date(next) * SECS_PER_DAY;
        last.from = ukclock_bst_start(year);
        last.to = ukclock_bst_end(year);
    }
    return t >= last.from && t < last.to ? 3600 : 0;
}

void ukclock_local_day(int64_t t, int64_t *days_out, int32_t *sec_of_day_out)
{
    int64_t local = t + ukclock_utc_offset(t);
    int64_t days = floor_div(local, SECS_PER_DAY);
    *days_out = days;
    *sec_of_day_out = (int32_t)(local - days * SECS_PER_DAY);
}

void ukclock_to_local(int64_t t, struct ukclock_local *out)
{
    int64_t days;
    int32_t sec;
    ukclock_local_day(t, &days, &sec);
    struct ukclock_date d = ukclock_date_from_days(days);
    out->year = d.year;
    out->month = d.month;
    out->day = d.day;
    out->hour = sec / 3600;
    out->minute = sec / 60 % 60;
    out->second = sec % 60;
    out->utc_offset_s = ukclock_utc_offset(t);
}

int64_t ukclock_utc_from_local_day(int64_t days, int32_t sec_of_day)
{
    int64_t wall = days * SECS_PER_DAY + sec_of_day;
    int64_t as_bst = wall - 3600;
    /* Read as BST if that is consistent: this also picks the first of two readings in the
     * autumn overlap. Otherwise read as GMT, which is right all winter and, in the spring gap,
     * is the offset from just before the change, moving the time forward by the gap. */
    if (ukclock_utc_offset(as_bst) == 3600)
        return as_bst;
    return wall;
}

MUST_CHECK enum err ukclock_from_local(const struct ukclock_local *local, int64_t *out)
{
    struct ukclock_date d = {local->year, local->month, local->day};
    if (!ukclock_date_valid(d))
        return E_INVALID;
    if (local->hour < 0 || local->hour > 23 || local->minute < 0 || local->minute > 59 ||
        local->second < 0 || local->second > 59)
        return E_INVALID;
    int32_t sec = local->hour * 3600 + local->minute * 60 + local->second;
    *out = ukclock_utc_from_local_day(ukclock_days_from_date(d), sec);
    return E_OK;
}

/* Reads exactly n ASCII digits at *p into *out and advances *p. */
static bool take_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool take_char(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

static bool take_date(const char **p, struct ukclock_date *out)
{
    struct ukclock_date d;
    if (!take_digits(p, 4, &d.year) || !take_char(p, '-') || !take_digits(p, 2, &d.month) ||
        !take_char(p, '-') || !take_digits(p, 2, &d.day))
        return false;
    if (!ukclock_date_valid(d))
        return false;
    *out = d;
    return true;
}

MUST_CHECK enum err ukclock_parse_date(const char *s, struct ukclock_date *out)
{
    if (!s || strnlen(s, ISO_MAX_LEN + 1) > ISO_MAX_LEN)
        return E_INVALID;
    const char *p = s;
    struct ukclock_date d;
    if (!take_date(&p, &d) || *p != '\0')
        return E_INVALID;
    *out = d;
    return E_OK;
}

MUST_CHECK enum err ukclock_parse_iso(const char *s, unsigned flags, int64_t *out)
{
    if (!s || strnlen(s, ISO_MAX_LEN + 1) > ISO_MAX_LEN)
        return E_INVALID;
    const char *p = s;
    struct ukclock_date d;
    if (!take_date(&p, &d))
        return E_INVALID;
    int64_t days = ukclock_days_from_date(d);
    if (*p == '\0') {
        *out = ukclock_utc_from_local_day(days, 0);
        return E_OK;
    }

    int hour, minute, second = 0;
    if (!take_char(&p, 'T') || !take_digits(&p, 2, &hour) || !take_char(&p, ':') ||
        !take_digits(&p, 2, &minute))
        return E_INVALID;
    if (take_char(&p, ':')) {
        if (!take_digits(&p, 2, &second))
            return E_INVALID;
        if (take_char(&p, '.')) {
            int n_digits = 0;
            while (*p >= '0' && *p <= '9') {
                p++;
                n_digits++;
            }
            if (n_digits < 1 || n_digits > 9)
                return E_INVALID;
        }
    }
    if (hour > 23 || minute > 59 || second > 59)
        return E_INVALID;
    int32_t sec_of_day = hour * 3600 + minute * 60 + second;

    if (*p == '\0') {
        if (!(flags & UKCLOCK_PARSE_LOCAL))
            return E_INVALID;
        *out = ukclock_utc_from_local_day(days, sec_of_day);
        return E_OK;
    }
    int offset_s = 0;
    if (take_char(&p, 'Z')) {
        offset_s = 0;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        int oh, om;
        p++;
        if (!take_digits(&p, 2, &oh) || !take_char(&p, ':') || !take_digits(&p, 2, &om))
            return E_INVALID;
        if (oh > 23 || om > 59)
            return E_INVALID;
        offset_s = sign * (oh * 3600 + om * 60);
    } else {
        return E_INVALID;
    }
    if (*p != '\0')
        return E_INVALID;
    *out = days * SECS_PER_DAY + sec_of_day - offset_s;
    return E_OK;
}

void ukclock_format_local(int64_t t, char out[static UKCLOCK_ISO_SIZE])
{
    struct ukclock_local l;
    ukclock_to_local(t, &l);
    int off_min = l.utc_offset_s / 60;
    int n = snprintf(out, UKCLOCK_ISO_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:%02d", l.year,
                     l.month, l.day, l.hour, l.minute, l.second, off_min / 60, off_min % 60);
    (void)n; /* fits for every year of 1..9999; beyond, snprintf truncates safely */
}

void ukclock_format_utc(int64_t t, char out[static UKCLOCK_ISO_SIZE])
{
    int64_t days = floor_div(t, SECS_PER_DAY);
    int64_t sec = t - days * SECS_PER_DAY;
    struct ukclock_date d = ukclock_date_from_days(days);
    int n = snprintf(out, UKCLOCK_ISO_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month,
                     d.day, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    (void)n;
}

void ukclock_format_date(struct ukclock_date d, char out[static UKCLOCK_ISO_SIZE])
{
    int n = snprintf(out, UKCLOCK_ISO_SIZE, "%04d-%02d-%02d", d.year, d.month, d.day);
    (void)n;
}
