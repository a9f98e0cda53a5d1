/*
 * timefmt: UTC instants in milliseconds to and from text, for the API (which carries
 * milliseconds and accepts any UTC offset). Date arithmetic is core/ukclock's. No TZ
 * environment and no tz database: the server is multi-threaded.
 */
#include "core/timefmt.h"

#include "core/ukclock.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t timefmt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t timefmt_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void timefmt_utc(int64_t at_ms, char out[TIMEFMT_LEN])
{
    /* floor division without at_ms - 999, which overflows near INT64_MIN */
    int ms = (int)(at_ms % 1000);
    int64_t secs = at_ms / 1000;
    if (ms < 0) {
        ms += 1000;
        secs--;
    }
    int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    int64_t rem = secs - days * 86400;
    struct ukclock_date date = ukclock_date_from_days(days);
    long long y = date.year;
    unsigned m = (unsigned)date.month, d = (unsigned)date.day;
    int hh = (int)(rem / 3600), mi = (int)(rem % 3600 / 60), ss = (int)(rem % 60);
    if (ms)
        snprintf(out, TIMEFMT_LEN, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d,
                 hh, mi, ss, ms);
    else
        snprintf(out, TIMEFMT_LEN, "%04lld-%02u-%02uT%02d:%02d:%02dZ", y, m, d, hh,
                 mi, ss);
}

/* Reads exactly n digits at *p, advancing it. */
static int read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

enum err timefmt_parse(const char *text, int64_t *at_ms_out)
{
    const char *p = text;
    int y, mo, d, h, mi, s = 0, ms = 0;
    if (!text || read_digits(&p, 4, &y) || *p++ != '-' || read_digits(&p, 2, &mo) ||
        *p++ != '-' || read_digits(&p, 2, &d))
        return E_INVALID;
    if (*p != 'T' && *p != 't' && *p != ' ')
        return E_INVALID;
    p++;
    if (read_digits(&p, 2, &h) || *p++ != ':' || read_digits(&p, 2, &mi))
        return E_INVALID;
    if (*p == ':') {
        p++;
        if (read_digits(&p, 2, &s))
            return E_INVALID;
        if (*p == '.' || *p == ',') {
            p++;
            int n = 0, scale = 100;
            while (isdigit((unsigned char)*p)) {
                if (n < 3)
                    ms += (*p - '0') * scale;
                scale /= 10;
                n++;
                p++;
            }
            if (n == 0 || n > 9)
                return E_INVALID;
        }
    }
    int offset_min = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh, om;
        if (read_digits(&p, 2, &oh))
            return E_INVALID;
        if (*p == ':')
            p++;
        if (read_digits(&p, 2, &om) || oh > 23 || om > 59)
            return E_INVALID;
        offset_min = sign * (oh * 60 + om);
    } else {
        return E_INVALID; /* an instant needs its offset */
    }
    if (*p != '\0')
        return E_INVALID;
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > ukclock_days_in_month(y, mo) ||
        h > 23 || mi > 59 || s > 59)
        return E_INVALID;
    int64_t days = ukclock_days_from_date((struct ukclock_date){y, mo, d});
    int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - (int64_t)offset_min * 60;
    *at_ms_out = secs * 1000 + ms;
    return E_OK;
}
