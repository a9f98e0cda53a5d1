/*
 * calendar: working time (requirement X3). A team's weekly working pattern, the England and
 * Wales bank holidays and any extra closed days the council configures decide which moments are
 * working time; on top of that this module adds working minutes, hours and days to an instant
 * and counts the working minutes between two instants, all in Europe/London wall-clock time
 * through core/ukclock. It is not a deadline policy (which timescale applies to which contact is
 * domain/deadline's business), not a rota (who is on duty), and does no I/O: closed days come in
 * from the caller, who read them from the store. The rules are written out for duty managers in
 * docs/working-time.md.
 *
 * Every instant is UTC seconds since 1970 (not milliseconds as in core/timefmt: divide an
 * at_ms by 1000 on the way in, multiply by 1000 on the way out). Instants must lie in local years
 * CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR, the years the bank holiday rules are known for; an
 * instant outside, or a result that would fall outside, gives E_INVALID.
 */
#ifndef FD_DOMAIN_CALENDAR_H
#define FD_DOMAIN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ukclock.h"

enum {
    CALENDAR_FIRST_YEAR = 1996,
    CALENDAR_LAST_YEAR = 2100,
    CALENDAR_MAX_INTERVALS = 2,  /* working intervals per weekday */
    CALENDAR_MAX_HOLIDAYS = 12,  /* bank holidays in one year, with room to spare (2022 had 10) */
    CALENDAR_MAX_CLOSED = 10000, /* extra closed dates a calendar may carry */
    CALENDAR_MINUTES_PER_DAY = 1440,
};

/* Working time on one weekday from start_min up to (not including) end_min, in minutes after
 * local midnight: 0 <= start_min < end_min <= 1440. 1440 is "24:00", the end of the day. */
struct calendar_interval {
    int start_min;
    int end_min;
};

/* A weekday's working intervals, in order and not overlapping; none means not a working day. */
struct calendar_day {
    size_t n_intervals;
    struct calendar_interval intervals[CALENDAR_MAX_INTERVALS];
};

/* A team's working calendar. Plain data with nothing to release; set it up with calendar_init
 * and change it through the setters, which validate. */
struct calendar {
    struct calendar_day week[7];       /* indexed by enum ukclock_weekday, Monday first */
    bool bank_holidays;                /* closed on England and Wales bank holidays */
    const struct ukclock_date *closed; /* extra closed dates: borrowed, see set_closed_dates */
    size_t n_closed;
};

/* One bank holiday. name is a static string. */
struct calendar_holiday {
    struct ukclock_date date;
    const char *name;
};

/* --- bank holidays ------------------------------------------------------------------------ */

/* The England and Wales bank holidays of a year in date order, including substitute days and the
 * known one-off changes. out needs room for CALENDAR_MAX_HOLIDAYS. E_INVALID for a year outside
 * CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR. */
MUST_CHECK enum err
calendar_bank_holidays(int year, struct calendar_holiday out[static CALENDAR_MAX_HOLIDAYS],
                       size_t *n_out);
/* Whether d is a bank holiday; if so and name_out is not NULL, *name_out is its static name.
 * False for dates outside the supported years. */
bool calendar_is_bank_holiday(struct ukclock_date d, const char **name_out);
/* Easter Sunday of a Gregorian year (any year from 1583). */
struct ukclock_date calendar_easter_sunday(int year);

/* --- setting up a calendar --------------------------------------------------------------- */

/* The default: Monday to Friday 09:00-17:00, closed on bank holidays, no extra closed dates. */
void calendar_init(struct calendar *cal);
/* Sets one weekday's intervals (n may be 0: not a working day). E_INVALID if n is over
 * CALENDAR_MAX_INTERVALS or the intervals are out of range, empty, overlapping or out of order;
 * cal is unchanged on error. */
MUST_CHECK enum err calendar_set_day(struct calendar *cal, enum ukclock_weekday wd,
                                     const struct calendar_interval *intervals, size_t n);
/* Parses a day's working hours as "09:00-17:00", "09:00-12:30,13:30-17:00", "00:00-24:00" or
 * "closed" (also ""). E_INVALID on anything else, including intervals calendar_set_day would
 * refuse. */
MUST_CHECK enum err calendar_parse_day(const char *s, struct calendar_day *out);
/* Gives the calendar extra closed dates (a council's closure days), in any order. The array is
 * borrowed: it must outlive every use of cal, and is not copied. E_INVALID if a date does not
 * exist, E_TOOBIG over CALENDAR_MAX_CLOSED; cal is unchanged on error. */
MUST_CHECK enum err calendar_set_closed_dates(struct calendar *cal,
                                              const struct ukclock_date *dates, size_t n);

/* --- questions and arithmetic ------------------------------------------------------------ */

/* A working day: its weekday has working hours, and it is neither a bank holiday (when the
 * calendar observes them) nor one of the extra closed dates. False outside the supported
 * years. */
bool calendar_is_working_day(const struct calendar *cal, struct ukclock_date d);
/* Whether t falls in working time. False outside the supported years. */
bool calendar_is_working_instant(const struct calendar *cal, int64_t t);
/* The first working instant at or after from (from itself during working time). */
MUST_CHECK enum err calendar_next_working_instant(const struct calendar *cal, int64_t from,
                                                  int64_t *out);

/* Elapsed time: from + minutes (may be negative). The calendar plays no part. */
MUST_CHECK enum err calendar_add_minutes(int64_t from, int64_t minutes, int64_t *out);

/*
 * Adds working time: the instant by which `minutes` (>= 0) minutes of working time after `from`
 * have passed. Time outside working hours does not count, so 16:30 Friday plus 60 working
 * minutes is 09:30 Monday. When the time runs out exactly at a closing time the result is that
 * closing time (09:00 plus 8 hours is 17:00 the same day, not 09:00 the next). 0 minutes gives
 * from unchanged.
 */
MUST_CHECK enum err calendar_add_working_minutes(const struct calendar *cal, int64_t from,
                                                 int64_t minutes, int64_t *out);
/* calendar_add_working_minutes with hours * 60. */
MUST_CHECK enum err calendar_add_working_hours(const struct calendar *cal, int64_t from,
                                               int64_t hours, int64_t *out);

/*
 * Adds n (>= 0) working days, keeping the local time of day:
 *  1. if from is not working time it first moves to the next working instant (Saturday 10:00
 *     becomes Monday 09:00; Tuesday 18:00 becomes Wednesday 09:00);
 *  2. the date moves on n working days (1 from Friday is Monday; 1 from the Thursday before Good
 *     Friday is the Tuesday after Easter Monday), and the local clock time stays the same, so
 *     16:30 stays 16:30 across a clock change;
 *  3. if that clock time is not working time on the new day (a shorter day, or a break), the
 *     result is the last closing time on that day before it, or the day's opening time if it is
 *     before the day opens.
 * n = 0 gives the result of step 1.
 */
MUST_CHECK enum err calendar_add_working_days(const struct calendar *cal, int64_t from, int64_t n,
                                              int64_t *out);
/*
 * Steps from `from` one working day at a time, each step exactly calendar_add_working_days(cal,
 * t, 1) of the last, while the step lands at or before `until`, taking at most max_steps:
 * *steps_out is how many were taken and *reached_out where the last one landed (`from` when
 * none). Counting whole working days this way is what a working-days deadline does; doing it
 * here works each year's bank holidays out once rather than once a step.
 */
MUST_CHECK enum err calendar_working_day_steps(const struct calendar *cal, int64_t from,
                                               int64_t until, int64_t max_steps, int64_t *steps_out,
                                               int64_t *reached_out);

/* Working time between a and b in whole minutes (seconds dropped), negative when b is before a. */
MUST_CHECK enum err calendar_working_minutes_between(const struct calendar *cal, int64_t a,
                                                     int64_t b, int64_t *out);

#endif
