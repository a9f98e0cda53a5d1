/*
 * directory: the vocabulary the service directory's records share (issue 3) — a weekly working
 * pattern (a team's opening hours, a worker's working days), checked text fields, contact
 * numbers and addresses, and dates that may be open-ended. Teams, workers, allocations and
 * availability (domain/team, worker, allocation, availability) build on it. It holds no records
 * itself and does no I/O; the rules it enforces are written out in docs/directory.md.
 */
#ifndef FD_DOMAIN_DIRECTORY_H
#define FD_DOMAIN_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ukclock.h"
#include "domain/calendar.h"

#define DIRECTORY_HOURS_SIZE 32 /* "09:00-12:30,13:30-17:00" and its NUL, with room */
#define DIRECTORY_PHONE_SIZE 33 /* a number as typed: 32 bytes */
#define DIRECTORY_EMAIL_SIZE 255
#define DIRECTORY_DATE_SIZE 11 /* "2026-11-23" */

/* A week of working hours as text, one per weekday (index enum ukclock_weekday, Monday first),
 * each in the form calendar_parse_day reads: "09:00-17:00", "08:30-12:30,13:30-17:00",
 * "00:00-24:00" or "closed". Plain data, freely copied. */
struct work_pattern {
    char day[7][DIRECTORY_HOURS_SIZE];
};

/* Monday to Friday 09:00-17:00, weekends closed. */
void directory_pattern_default(struct work_pattern *p);
/* "monday" ... "sunday": the JSON keys and CSV columns of a pattern. Static strings. */
const char *directory_weekday_key(enum ukclock_weekday wd);
/* Sets one day from text, trimmed; "" means closed. E_INVALID naming field (e.g.
 * "hours.monday") when calendar_parse_day refuses it; p is unchanged then. */
enum err directory_pattern_set(struct work_pattern *p, enum ukclock_weekday wd, const char *text,
                               const char *field, struct err_info *info) MUST_CHECK;
/* Checks every day (for patterns read back or built by hand). */
enum err directory_pattern_validate(const struct work_pattern *p, const char *field_prefix,
                                    struct err_info *info) MUST_CHECK;
/* A working calendar from the pattern: closed on bank holidays when bank_holidays is true, no
 * extra closed dates (the caller adds them with calendar_set_closed_dates). */
enum err directory_pattern_calendar(const struct work_pattern *p, bool bank_holidays,
                                    struct calendar *out) MUST_CHECK;

/* Copies text into dst[dst_size] after checking it: valid UTF-8, no control characters other
 * than tab and line breaks (line breaks only when multiline), at most max_chars characters,
 * and not empty when required. Leading and trailing spaces are dropped. NULL is "". E_INVALID
 * naming field, with a message about `what` ("the team's name"). dst_size must hold max_chars
 * characters of 4 bytes. */
enum err directory_text(char *dst, size_t dst_size, const char *src, long max_chars, bool required,
                        bool multiline, const char *field, const char *what,
                        struct err_info *info) MUST_CHECK;

/* A telephone number as people write it ("0306 999 0004", "+44 113 496 0000"): it keeps the
 * text as typed (trimmed) and checks that it is a UK or international number once spaces and
 * punctuation are set aside. "" is allowed (no number). */
enum err directory_phone(char dst[DIRECTORY_PHONE_SIZE], const char *src, const char *field,
                         struct err_info *info) MUST_CHECK;
/* An email address, checked and with its domain lower-cased; "" is allowed (none). */
enum err directory_email(char dst[DIRECTORY_EMAIL_SIZE], const char *src, const char *field,
                         struct err_info *info) MUST_CHECK;

/* A date "YYYY-MM-DD" (year CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR) or "" for none, which is
 * {0, 0, 0}. E_INVALID naming field otherwise. */
enum err directory_date(const char *src, const char *field, struct ukclock_date *out,
                        struct err_info *info) MUST_CHECK;
/* "YYYY-MM-DD", or "" for {0, 0, 0}, into out[DIRECTORY_DATE_SIZE]. */
void directory_date_format(struct ukclock_date d, char out[DIRECTORY_DATE_SIZE]);
/* The instant (UTC ms) at which local day d begins in Europe/London. d must be valid. */
int64_t directory_date_start_ms(struct ukclock_date d);

/* A yes/no answer as a CSV or form gives it: yes/no, y/n, true/false, 1/0 (any case); ""
 * gives def. E_INVALID naming field otherwise. */
enum err directory_bool(const char *src, bool def, const char *field, bool *out,
                        struct err_info *info) MUST_CHECK;

/* An instant as ISO 8601 with an offset ("2026-11-23T09:15:00Z"), or a date ("2026-11-23",
 * the start of that day in Europe/London), into UTC ms. E_INVALID naming field otherwise. */
enum err directory_instant(const char *src, const char *field, int64_t *out_ms,
                           struct err_info *info) MUST_CHECK;

#endif
