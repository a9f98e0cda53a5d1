/*
 * ukclock: civil dates and the Europe/London clock, in pure arithmetic. It converts a UTC
 * instant (seconds since 1970-01-01T00:00:00Z) to local civil time in Europe/London and back,
 * parses and formats ISO-8601 timestamps, and offers the proleptic Gregorian date helpers the
 * rest of frontdoor needs (days from a civil date, weekday, month lengths). Instants here are
 * seconds, not the milliseconds of core/timefmt. It is not a general
 * time zone library: it knows one zone and one rule, British Summer Time from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October (the rule since 1996, which is
 * what the law says up to now and is assumed up to 2100). It never reads TZ, the system tz
 * database or the clock, and it is thread-safe: no state at all. It knows nothing of working
 * hours or bank holidays (see domain/calendar).
 */
#ifndef FD_CORE_UKCLOCK_H
#define FD_CORE_UKCLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* Years that parsing accepts and the date helpers are tested for. The BST rule is applied as if
 * it had always held, so results before 1996 are arithmetic, not history. */
enum {
    UKCLOCK_MIN_YEAR = 1900,
    UKCLOCK_MAX_YEAR = 2199,
};

/* Big enough for every string ukclock_format_* writes, with its NUL. */
#define UKCLOCK_ISO_SIZE 32

enum ukclock_weekday {
    UKCLOCK_MONDAY = 0,
    UKCLOCK_TUESDAY,
    UKCLOCK_WEDNESDAY,
    UKCLOCK_THURSDAY,
    UKCLOCK_FRIDAY,
    UKCLOCK_SATURDAY,
    UKCLOCK_SUNDAY,
};

/* A calendar date with no time and no zone. month 1-12, day 1-31. */
struct ukclock_date {
    int year;
    int month;
    int day;
};

/* A wall-clock reading in Europe/London. utc_offset_s (0 for GMT, 3600 for BST) is filled in by
 * ukclock_to_local and ignored by ukclock_from_local, which works it out. */
struct ukclock_local {
    int year;
    int month;  /* 1-12 */
    int day;    /* 1-31 */
    int hour;   /* 0-23 */
    int minute; /* 0-59 */
    int second; /* 0-59 */
    int utc_offset_s;
};

enum ukclock_parse_flags {
    /* Also accept a date-time with no offset ("2026-04-02T16:30") as Europe/London local time,
     * resolving the spring gap and autumn overlap as ukclock_from_local does. For people typing
     * at a command line; machine input should carry its offset. */
    UKCLOCK_PARSE_LOCAL = 1 << 0,
};

/* --- civil dates (proleptic Gregorian) --------------------------------------------------- */

bool ukclock_is_leap_year(int year);
/* 28-31; 0 when month is not 1-12. */
int ukclock_days_in_month(int year, int month);
/* True when the date exists (no 30 February) and its year is within UKCLOCK_MIN/MAX_YEAR. */
bool ukclock_date_valid(struct ukclock_date d);
/* Days since 1970-01-01 (negative before). Any valid date; the result for an invalid one is
 * meaningless but defined. */
int64_t ukclock_days_from_date(struct ukclock_date d);
/* Inverse of ukclock_days_from_date. */
struct ukclock_date ukclock_date_from_days(int64_t days);
/* The weekday of a day number from ukclock_days_from_date. */
enum ukclock_weekday ukclock_weekday(int64_t days);
/* Three-letter English name ("Mon") and full name ("Monday"). Static strings. */
const char *ukclock_weekday_abbr(enum ukclock_weekday wd);
const char *ukclock_weekday_name(enum ukclock_weekday wd);

/* --- the Europe/London clock -------------------------------------------------------------- */

/* UTC instants at which BST starts and ends in a year (01:00 UTC, last Sunday of March and of
 * October). */
int64_t ukclock_bst_start(int year);
int64_t ukclock_bst_end(int year);
/* 3600 during BST, 0 otherwise. */
int ukclock_utc_offset(int64_t t);
/* The Europe/London wall clock at instant t. */
void ukclock_to_local(int64_t t, struct ukclock_local *out);
/* The local day number (as ukclock_days_from_date) and seconds since local midnight at t. */
void ukclock_local_day(int64_t t, int64_t *days_out, int32_t *sec_of_day_out);

/*
 * The instant at which the Europe/London wall clock reads sec_of_day seconds after midnight on
 * local day `days`. sec_of_day may be 0..86400; 86400 means the next midnight, so "24:00" can
 * close a working interval. Never fails. Two clock-change rules:
 *  - spring gap (01:00-01:59 on the last Sunday of March does not exist): the time is read with
 *    the offset in force just before the change, which moves it forward by the gap, so 01:30
 *    becomes 02:30 BST (01:30 UTC);
 *  - autumn overlap (01:00-01:59 on the last Sunday of October happens twice): the first, BST,
 *    occurrence is chosen, so 01:30 is 00:30 UTC.
 */
int64_t ukclock_utc_from_local_day(int64_t days, int32_t sec_of_day);

/* The instant for a local wall-clock reading, by the rules above. E_INVALID when a field is out of
 * range (including a date that does not exist). */
MUST_CHECK enum err ukclock_from_local(const struct ukclock_local *local, int64_t *out);

/* --- ISO-8601 ------------------------------------------------------------------------------ */

/*
 * Parses one of:
 *   2026-11-23                         local midnight in Europe/London
 *   2026-11-23T09:15Z                  seconds optional
 *   2026-11-23T09:15:00Z
 *   2026-11-23T09:15:00.250+01:00      fraction of 1-9 digits, dropped (instants are seconds)
 *   2026-11-23T09:15:00-05:30          any offset -23:59..+23:59
 *   2026-11-23T09:15[:00]              only with UKCLOCK_PARSE_LOCAL: Europe/London wall clock
 * Strict: 4-digit year in UKCLOCK_MIN/MAX_YEAR, 2-digit fields, upper-case T and Z, a date that
 * exists, hour 00-23 (no 24:00), second 00-59 (no leap second), offset with a colon, nothing
 * after. s must be NUL-terminated. E_INVALID otherwise; *out untouched on error.
 */
MUST_CHECK enum err ukclock_parse_iso(const char *s, unsigned flags, int64_t *out);

/* Parses a date "2026-11-23" (strict, as above) without attaching a time. */
MUST_CHECK enum err ukclock_parse_date(const char *s, struct ukclock_date *out);

/* Writes "2026-06-01T10:00:00+01:00" (local time with its offset) into out[UKCLOCK_ISO_SIZE]. */
void ukclock_format_local(int64_t t, char out[static UKCLOCK_ISO_SIZE]);
/* Writes "2026-06-01T09:00:00Z" into out[UKCLOCK_ISO_SIZE]. */
void ukclock_format_utc(int64_t t, char out[static UKCLOCK_ISO_SIZE]);
/* Writes "2026-06-01" into out[UKCLOCK_ISO_SIZE]. */
void ukclock_format_date(struct ukclock_date d, char out[static UKCLOCK_ISO_SIZE]);

#endif
