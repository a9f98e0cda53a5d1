/*
 * directory: shared checks for directory records. Numbers and addresses reuse the person checks
 * (domain/person_valid) so a phone number means the same thing on a person and on a team.
 */
#include "domain/directory.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/contact.h"
#include "domain/person_valid.h"

static const char *const weekday_keys[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};

const char *directory_weekday_key(enum ukclock_weekday wd)
{
    return (unsigned)wd < 7 ? weekday_keys[wd] : "";
}

void directory_pattern_default(struct work_pattern *p)
{
    for (int d = 0; d < 7; d++)
        snprintf(p->day[d], sizeof(p->day[d]), "%s", d < 5 ? "09:00-17:00" : "closed");
}

/* [s, s + len) trimmed of spaces and tabs. */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

enum err directory_pattern_set(struct work_pattern *p, enum ukclock_weekday wd, const char *text,
                               const char *field, struct err_info *info)
{
    if ((unsigned)wd >= 7)
        return err_set(info, E_INVALID, field, "there is no such weekday");
    const char *s = text ? text : "";
    size_t len = strlen(s);
    trim(&s, &len);
    char day[DIRECTORY_HOURS_SIZE];
    struct calendar_day parsed;
    if (len >= sizeof(day))
        return err_set(info, E_INVALID, field,
                       "enter %s's hours as 09:00-17:00, two spans as "
                       "08:30-12:30,13:30-17:00, or closed",
                       ukclock_weekday_name(wd));
    memcpy(day, s, len);
    day[len] = '\0';
    for (char *c = day; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (strcmp(day, "") == 0)
        snprintf(day, sizeof(day), "closed");
    if (calendar_parse_day(day, &parsed) != E_OK)
        return err_set(info, E_INVALID, field,
                       "enter %s's hours as 09:00-17:00, two spans as "
                       "08:30-12:30,13:30-17:00, or closed",
                       ukclock_weekday_name(wd));
    memcpy(p->day[wd], day, sizeof(day));
    return E_OK;
}

enum err directory_pattern_validate(const struct work_pattern *p, const char *field_prefix,
                                    struct err_info *info)
{
    for (int d = 0; d < 7; d++) {
        struct calendar_day parsed;
        if (calendar_parse_day(p->day[d], &parsed) != E_OK) {
            char field[64];
            snprintf(field, sizeof(field), "%s.%s", field_prefix, weekday_keys[d]);
            return err_set(info, E_INVALID, field,
                           "enter %s's hours as 09:00-17:00, two spans as "
                           "08:30-12:30,13:30-17:00, or closed",
                           ukclock_weekday_name((enum ukclock_weekday)d));
        }
    }
    return E_OK;
}

enum err directory_pattern_calendar(const struct work_pattern *p, bool bank_holidays,
                                    struct calendar *out)
{
    struct calendar cal;
    calendar_init(&cal);
    cal.bank_holidays = bank_holidays;
    for (int d = 0; d < 7; d++) {
        struct calendar_day parsed;
        enum err rc = calendar_parse_day(p->day[d], &parsed);
        if (!rc)
            rc = calendar_set_day(&cal, (enum ukclock_weekday)d, parsed.intervals,
                                  parsed.n_intervals);
        if (rc)
            return rc;
    }
    *out = cal;
    return E_OK;
}

enum err directory_text(char *dst, size_t dst_size, const char *src, long max_chars, bool required,
                        bool multiline, const char *field, const char *what, struct err_info *info)
{
    const char *s = src ? src : "";
    size_t len = strlen(s);
    trim(&s, &len);
    if (len == 0) {
        if (required)
            return err_set(info, E_INVALID, field, "enter %s", what);
        dst[0] = '\0';
        return E_OK;
    }
    if (len >= dst_size)
        return err_set(info, E_INVALID, field, "%s must be %ld characters or fewer", what,
                       max_chars);
    char tmp[8192];
    char *copy = len < sizeof(tmp) ? tmp : NULL;
    if (!copy)
        return err_set(info, E_INVALID, field, "%s is too long", what);
    memcpy(copy, s, len);
    copy[len] = '\0';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)copy[i];
        if (c == '\t' || ((c == '\n' || c == '\r') && multiline))
            continue;
        if (c < 0x20 || c == 0x7f)
            return err_set(info, E_INVALID, field, "%s must not hold control characters", what);
    }
    long n = utf8_length(copy);
    if (n < 0)
        return err_set(info, E_INVALID, field, "%s must be valid UTF-8 text", what);
    if (n > max_chars)
        return err_set(info, E_INVALID, field, "%s must be %ld characters or fewer", what,
                       max_chars);
    memcpy(dst, copy, len + 1);
    return E_OK;
}

enum err directory_phone(char dst[DIRECTORY_PHONE_SIZE], const char *src, const char *field,
                         struct err_info *info)
{
    char text[DIRECTORY_PHONE_SIZE];
    enum err rc = directory_text(text, sizeof(text), src, DIRECTORY_PHONE_SIZE - 1, false, false,
                                 field, "the phone number", info);
    if (rc)
        return rc;
    if (text[0]) {
        char normal[PERSON_PHONE_SIZE];
        struct err_info detail = {{0}, {0}};
        if (person_valid_phone(text, field, normal, &detail) != E_OK)
            return err_set(info, E_INVALID, field,
                           "enter a UK phone number such as 0306 999 0004, or an "
                           "international one starting with +");
    }
    memcpy(dst, text, sizeof(text));
    return E_OK;
}

enum err directory_email(char dst[DIRECTORY_EMAIL_SIZE], const char *src, const char *field,
                         struct err_info *info)
{
    char text[DIRECTORY_EMAIL_SIZE];
    enum err rc = directory_text(text, sizeof(text), src, DIRECTORY_EMAIL_SIZE - 1, false, false,
                                 field, "the email address", info);
    if (rc)
        return rc;
    if (!text[0]) {
        dst[0] = '\0';
        return E_OK;
    }
    char normal[PERSON_EMAIL_SIZE];
    struct err_info detail = {{0}, {0}};
    if (person_valid_email(text, field, normal, &detail) != E_OK)
        return err_set(info, E_INVALID, field,
                       "enter an email address such as duty@example.org.uk");
    snprintf(dst, DIRECTORY_EMAIL_SIZE, "%s", normal);
    return E_OK;
}

enum err directory_date(const char *src, const char *field, struct ukclock_date *out,
                        struct err_info *info)
{
    const char *s = src ? src : "";
    size_t len = strlen(s);
    trim(&s, &len);
    if (len == 0) {
        memset(out, 0, sizeof(*out));
        return E_OK;
    }
    char text[16];
    struct ukclock_date d;
    if (len >= sizeof(text))
        goto bad;
    memcpy(text, s, len);
    text[len] = '\0';
    if (ukclock_parse_date(text, &d) != E_OK || d.year < CALENDAR_FIRST_YEAR ||
        d.year > CALENDAR_LAST_YEAR)
        goto bad;
    *out = d;
    return E_OK;
bad:
    return err_set(info, E_INVALID, field, "enter a date as YYYY-MM-DD, for example 2026-11-23");
}

void directory_date_format(struct ukclock_date d, char out[DIRECTORY_DATE_SIZE])
{
    if (d.year == 0) {
        out[0] = '\0';
        return;
    }
    snprintf(out, DIRECTORY_DATE_SIZE, "%04u-%02u-%02u", (unsigned)d.year % 10000u,
             (unsigned)d.month % 100u, (unsigned)d.day % 100u);
}

int64_t directory_date_start_ms(struct ukclock_date d)
{
    return ukclock_utc_from_local_day(ukclock_days_from_date(d), 0) * 1000;
}

enum err directory_bool(const char *src, bool def, const char *field, bool *out,
                        struct err_info *info)
{
    const char *s = src ? src : "";
    size_t len = strlen(s);
    trim(&s, &len);
    static const char *const yes[] = {"yes", "y", "true", "1"};
    static const char *const no[] = {"no", "n", "false", "0"};
    if (len == 0) {
        *out = def;
        return E_OK;
    }
    for (size_t i = 0; i < 4; i++) {
        if (strlen(yes[i]) == len && strncasecmp(s, yes[i], len) == 0) {
            *out = true;
            return E_OK;
        }
        if (strlen(no[i]) == len && strncasecmp(s, no[i], len) == 0) {
            *out = false;
            return E_OK;
        }
    }
    return err_set(info, E_INVALID, field, "enter yes or no");
}

enum err directory_instant(const char *src, const char *field, int64_t *out_ms,
                           struct err_info *info)
{
    const char *s = src ? src : "";
    size_t len = strlen(s);
    trim(&s, &len);
    char text[48];
    int64_t t;
    if (len == 0 || len >= sizeof(text))
        goto bad;
    memcpy(text, s, len);
    text[len] = '\0';
    if (ukclock_parse_iso(text, 0, &t) != E_OK)
        goto bad;
    *out_ms = t * 1000;
    return E_OK;
bad:
    return err_set(info, E_INVALID, field,
                   "enter a date as 2026-11-23 or a time as 2026-11-23T09:15:00Z");
}
