/*
 * calendar: working time on a team's weekly pattern, England and Wales bank holidays and extra
 * closed days. Each local day's working intervals are turned into UTC spans through
 * core/ukclock, and all the arithmetic walks those spans day by day, so a clock change is
 * handled once, in ukclock, and never here. The bank holidays are computed from their rules
 * (Easter by the Gregorian computus) plus a small table of one-off changes. It is not a store of
 * closed days or team patterns (the caller passes them in) and it does no I/O.
 */
#include "domain/calendar.h"

#include <string.h>

/* Cap on a requested amount of time, so that nothing overflows; the supported years end long
 * before it is reached. */
static const int64_t MAX_MINUTES =
    INT64_C(60) * 24 * 366 * (CALENDAR_LAST_YEAR - CALENDAR_FIRST_YEAR + 1);

static const char NEW_YEAR[] = "New Year's Day";
static const char NEW_YEAR_SUB[] = "New Year's Day (substitute day)";
static const char GOOD_FRIDAY[] = "Good Friday";
static const char EASTER_MONDAY[] = "Easter Monday";
static const char EARLY_MAY[] = "Early May bank holiday";
static const char SPRING[] = "Spring bank holiday";
static const char SUMMER[] = "Summer bank holiday";
static const char CHRISTMAS[] = "Christmas Day";
static const char CHRISTMAS_SUB[] = "Christmas Day (substitute day)";
static const char BOXING[] = "Boxing Day";
static const char BOXING_SUB[] = "Boxing Day (substitute day)";

/*
 * One-off changes to the England and Wales bank holidays since 1996, made by royal proclamation.
 * Source: GOV.UK, "UK bank holidays" (https://www.gov.uk/bank-holidays), which lists 2018
 * onwards, and the proclamations it reports for earlier years (millennium 1999, golden jubilee
 * 2002, royal wedding 2011, diamond jubilee 2012). A row with `replaces` set moves that rule day
 * to `date`; a row without adds `date`. Add new proclamations here, in date order.
 */
static const struct one_off {
    struct ukclock_date date;
    struct ukclock_date replaces; /* {0, 0, 0}: an extra day */
    const char *name;
} one_offs[] = {
    {{1999, 12, 31}, {0, 0, 0}, "Millennium celebrations"},
    {{2002, 6, 3}, {0, 0, 0}, "Queen's Golden Jubilee"},
    {{2002, 6, 4}, {2002, 5, 27}, SPRING},
    {{2011, 4, 29}, {0, 0, 0}, "Royal wedding"},
    {{2012, 6, 4}, {2012, 5, 28}, SPRING},
    {{2012, 6, 5}, {0, 0, 0}, "Queen's Diamond Jubilee"},
    {{2020, 5, 8}, {2020, 5, 4}, "Early May bank holiday (VE day)"},
    {{2022, 6, 2}, {2022, 5, 30}, SPRING},
    {{2022, 6, 3}, {0, 0, 0}, "Platinum Jubilee bank holiday"},
    {{2022, 9, 19}, {0, 0, 0}, "Bank holiday for the State Funeral of Queen Elizabeth II"},
    {{2023, 5, 8}, {0, 0, 0}, "Bank holiday for the coronation of King Charles III"},
};

static bool date_eq(struct ukclock_date a, struct ukclock_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static int date_cmp(struct ukclock_date a, struct ukclock_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

static struct ukclock_date date_plus(struct ukclock_date d, int64_t n_days)
{
    return ukclock_date_from_days(ukclock_days_from_date(d) + n_days);
}

static enum ukclock_weekday weekday_of(struct ukclock_date d)
{
    return ukclock_weekday(ukclock_days_from_date(d));
}

/*
 * Easter Sunday by the Gregorian computus: find the epact (the moon's age on 1 January) from the
 * golden number with the solar and lunar century corrections, take the paschal full moon from it,
 * and go to the Sunday after.
 */
struct ukclock_date calendar_easter_sunday(int year)
{
    /* place in the 19-year cycle of the moon's phases against the calendar */
    int golden = year % 19 + 1;
    int century = year / 100 + 1;
    /* leap days the Gregorian calendar has dropped since the reform */
    int solar = 3 * century / 4 - 12;
    /* drift of the 19-year lunar cycle against the real moon */
    int lunar = (8 * century + 5) / 25 - 5;
    /* March (-sunday_key mod 7) is a Sunday */
    int sunday_key = 5 * year / 4 - solar - 10;

    int epact = ((11 * golden + 20 + lunar - solar) % 30 + 30) % 30;
    if (epact == 24 || (epact == 25 && golden > 11))
        epact++;

    int full_moon = 44 - epact; /* day of March, possibly past 31 */
    if (full_moon < 21)
        full_moon += 30;
    int easter = full_moon + 7 - (sunday_key + full_moon) % 7;

    struct ukclock_date d = {year, 3, easter};
    if (easter > 31) {
        d.month = 4;
        d.day = easter - 31;
    }
    return d;
}

static void add_holiday(struct calendar_holiday *out, size_t *n, struct ukclock_date d,
                        const char *name)
{
    out[*n].date = d;
    out[*n].name = name;
    (*n)++;
}

/* Day of the month of the first given weekday in a month. */
static int first_weekday_in_month(int year, int month, enum ukclock_weekday wd)
{
    struct ukclock_date first = {year, month, 1};
    return 1 + ((int)wd - (int)weekday_of(first) + 7) % 7;
}

/* Day of the month of the last given weekday in a month. */
static int last_weekday_in_month(int year, int month, enum ukclock_weekday wd)
{
    struct ukclock_date last = {year, month, ukclock_days_in_month(year, month)};
    return last.day - ((int)weekday_of(last) - (int)wd + 7) % 7;
}

/* The holidays the standing rules give for a year, not yet in date order. */
static size_t rule_holidays(int year, struct calendar_holiday *out)
{
    size_t n = 0;

    struct ukclock_date jan1 = {year, 1, 1};
    switch (weekday_of(jan1)) {
    case UKCLOCK_SATURDAY:
        add_holiday(out, &n, date_plus(jan1, 2), NEW_YEAR_SUB);
        break;
    case UKCLOCK_SUNDAY:
        add_holiday(out, &n, date_plus(jan1, 1), NEW_YEAR_SUB);
        break;
    default:
        add_holiday(out, &n, jan1, NEW_YEAR);
        break;
    }

    struct ukclock_date easter = calendar_easter_sunday(year);
    add_holiday(out, &n, date_plus(easter, -2), GOOD_FRIDAY);
    add_holiday(out, &n, date_plus(easter, 1), EASTER_MONDAY);

    struct ukclock_date early_may = {year, 5, first_weekday_in_month(year, 5, UKCLOCK_MONDAY)};
    add_holiday(out, &n, early_may, EARLY_MAY);
    struct ukclock_date spring = {year, 5, last_weekday_in_month(year, 5, UKCLOCK_MONDAY)};
    add_holiday(out, &n, spring, SPRING);
    struct ukclock_date summer = {year, 8, last_weekday_in_month(year, 8, UKCLOCK_MONDAY)};
    add_holiday(out, &n, summer, SUMMER);

    /* Christmas Day and Boxing Day; a day that falls at a weekend moves to the next weekday
     * not already a holiday. */
    struct ukclock_date dec25 = {year, 12, 25};
    struct ukclock_date dec26 = {year, 12, 26};
    switch (weekday_of(dec25)) {
    case UKCLOCK_FRIDAY: /* Boxing Day on Saturday: Monday 28th */
        add_holiday(out, &n, dec25, CHRISTMAS);
        add_holiday(out, &n, date_plus(dec25, 3), BOXING_SUB);
        break;
    case UKCLOCK_SATURDAY: /* Monday 27th and Tuesday 28th */
        add_holiday(out, &n, date_plus(dec25, 2), CHRISTMAS_SUB);
        add_holiday(out, &n, date_plus(dec25, 3), BOXING_SUB);
        break;
    case UKCLOCK_SUNDAY: /* Boxing Day is Monday 26th; Christmas moves to Tuesday 27th */
        add_holiday(out, &n, dec26, BOXING);
        add_holiday(out, &n, date_plus(dec25, 2), CHRISTMAS_SUB);
        break;
    default:
        add_holiday(out, &n, dec25, CHRISTMAS);
        add_holiday(out, &n, dec26, BOXING);
        break;
    }
    return n;
}

MUST_CHECK enum err
calendar_bank_holidays(int year, struct calendar_holiday out[static CALENDAR_MAX_HOLIDAYS],
                       size_t *n_out)
{
    if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR)
        return E_INVALID;
    size_t n = rule_holidays(year, out);

    for (size_t i = 0; i < sizeof(one_offs) / sizeof(one_offs[0]); i++) {
        const struct one_off *o = &one_offs[i];
        if (o->date.year != year)
            continue;
        size_t slot = n;
        if (o->replaces.year != 0) {
            for (size_t j = 0; j < n; j++) {
                if (date_eq(out[j].date, o->replaces))
                    slot = j;
            }
        }
        if (slot == n) {
            if (n == CALENDAR_MAX_HOLIDAYS)
                continue; /* cannot happen with the table above; keep within out */
            n++;
        }
        out[slot].date = o->date;
        out[slot].name = o->name;
    }

    /* Insertion sort: a dozen entries at most. */
    for (size_t i = 1; i < n; i++) {
        struct calendar_holiday h = out[i];
        size_t j = i;
        while (j > 0 && date_cmp(out[j - 1].date, h.date) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = h;
    }
    *n_out = n;
    return E_OK;
}

bool calendar_is_bank_holiday(struct ukclock_date d, const char **name_out)
{
    struct calendar_holiday hols[CALENDAR_MAX_HOLIDAYS];
    size_t n;
    if (calendar_bank_holidays(d.year, hols, &n) != E_OK)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (date_eq(hols[i].date, d)) {
            if (name_out)
                *name_out = hols[i].name;
            return true;
        }
    }
    return false;
}

/* --- setting up ---------------------------------------------------------------------------- */

void calendar_init(struct calendar *cal)
{
    memset(cal, 0, sizeof(*cal));
    for (int wd = UKCLOCK_MONDAY; wd <= UKCLOCK_FRIDAY; wd++) {
        cal->week[wd].n_intervals = 1;
        cal->week[wd].intervals[0].start_min = 9 * 60;
        cal->week[wd].intervals[0].end_min = 17 * 60;
    }
    cal->bank_holidays = true;
    cal->closed = NULL;
    cal->n_closed = 0;
}

static bool intervals_valid(const struct calendar_interval *iv, size_t n)
{
    if (n > CALENDAR_MAX_INTERVALS)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (iv[i].start_min < 0 || iv[i].start_min >= iv[i].end_min ||
            iv[i].end_min > CALENDAR_MINUTES_PER_DAY)
            return false;
        if (i > 0 && iv[i].start_min < iv[i - 1].end_min)
            return false;
    }
    return true;
}

MUST_CHECK enum err calendar_set_day(struct calendar *cal, enum ukclock_weekday wd,
                                     const struct calendar_interval *intervals, size_t n)
{
    if ((unsigned)wd > UKCLOCK_SUNDAY || (n > 0 && !intervals) || !intervals_valid(intervals, n))
        return E_INVALID;
    struct calendar_day day;
    memset(&day, 0, sizeof(day));
    day.n_intervals = n;
    for (size_t i = 0; i < n; i++)
        day.intervals[i] = intervals[i];
    cal->week[wd] = day;
    return E_OK;
}

/* "HH:MM" with HH 00-24 and MM 00-59, 24 only as 24:00; minutes after midnight in *out. */
static bool parse_hhmm(const char *p, int *out)
{
    for (int i = 0; i < 5; i++) {
        if (i == 2 ? p[i] != ':' : (p[i] < '0' || p[i] > '9'))
            return false;
    }
    int h = (p[0] - '0') * 10 + (p[1] - '0');
    int m = (p[3] - '0') * 10 + (p[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return false;
    *out = h * 60 + m;
    return true;
}

MUST_CHECK enum err calendar_parse_day(const char *s, struct calendar_day *out)
{
    if (!s)
        return E_INVALID;
    struct calendar_day day;
    memset(&day, 0, sizeof(day));
    if (strcmp(s, "") == 0 || strcmp(s, "closed") == 0) {
        *out = day;
        return E_OK;
    }
    const char *p = s;
    for (;;) {
        if (day.n_intervals == CALENDAR_MAX_INTERVALS)
            return E_INVALID;
        struct calendar_interval *iv = &day.intervals[day.n_intervals];
        /* "HH:MM-HH:MM": check each character before reading past it */
        if (strnlen(p, 11) < 11 || !parse_hhmm(p, &iv->start_min) || p[5] != '-' ||
            !parse_hhmm(p + 6, &iv->end_min))
            return E_INVALID;
        day.n_intervals++;
        p += 11;
        if (*p == '\0')
            break;
        if (*p != ',')
            return E_INVALID;
        p++;
    }
    if (!intervals_valid(day.intervals, day.n_intervals))
        return E_INVALID;
    *out = day;
    return E_OK;
}

MUST_CHECK enum err calendar_set_closed_dates(struct calendar *cal,
                                              const struct ukclock_date *dates, size_t n)
{
    if (n > CALENDAR_MAX_CLOSED)
        return E_TOOBIG;
    if (n > 0 && !dates)
        return E_INVALID;
    for (size_t i = 0; i < n; i++) {
        if (!ukclock_date_valid(dates[i]))
            return E_INVALID;
    }
    cal->closed = n > 0 ? dates : NULL;
    cal->n_closed = n;
    return E_OK;
}

/* --- working time -------------------------------------------------------------------------- */

/* The bank holidays of one year as day numbers, kept while a walk stays in that year. */
struct year_cache {
    int year; /* 0: nothing cached */
    size_t n;
    int64_t days[CALENDAR_MAX_HOLIDAYS];
};

/* A working interval of one local day as UTC instants [start, end). */
struct span {
    int64_t start;
    int64_t end;
};

static int64_t first_day(void)
{
    struct ukclock_date d = {CALENDAR_FIRST_YEAR, 1, 1};
    return ukclock_days_from_date(d);
}

static int64_t last_day(void)
{
    struct ukclock_date d = {CALENDAR_LAST_YEAR, 12, 31};
    return ukclock_days_from_date(d);
}

static bool instant_in_range(int64_t t)
{
    /* both ends are midnight on 1 January, when the UK is on GMT: local time is UTC */
    return t >= first_day() * 86400 && t < (last_day() + 1) * 86400;
}

static bool is_bank_holiday_day(int64_t days, struct year_cache *yc)
{
    struct ukclock_date d = ukclock_date_from_days(days);
    if (yc->year != d.year) {
        struct calendar_holiday hols[CALENDAR_MAX_HOLIDAYS];
        size_t n = 0;
        if (calendar_bank_holidays(d.year, hols, &n) != E_OK)
            n = 0;
        yc->year = d.year;
        yc->n = n;
        for (size_t i = 0; i < n; i++)
            yc->days[i] = ukclock_days_from_date(hols[i].date);
    }
    for (size_t i = 0; i < yc->n; i++) {
        if (yc->days[i] == days)
            return true;
    }
    return false;
}

static bool working_day(const struct calendar *cal, int64_t days, struct year_cache *yc)
{
    if (cal->week[ukclock_weekday(days)].n_intervals == 0)
        return false;
    if (cal->bank_holidays && is_bank_holiday_day(days, yc))
        return false;
    for (size_t i = 0; i < cal->n_closed; i++) {
        if (ukclock_days_from_date(cal->closed[i]) == days)
            return false;
    }
    return true;
}

/* The working spans of local day `days` in out[CALENDAR_MAX_INTERVALS]; 0 on a closed day. */
static size_t day_spans(const struct calendar *cal, int64_t days, struct year_cache *yc,
                        struct span *out)
{
    if (!working_day(cal, days, yc))
        return 0;
    const struct calendar_day *day = &cal->week[ukclock_weekday(days)];
    for (size_t i = 0; i < day->n_intervals; i++) {
        out[i].start = ukclock_utc_from_local_day(days, day->intervals[i].start_min * 60);
        out[i].end = ukclock_utc_from_local_day(days, day->intervals[i].end_min * 60);
    }
    return day->n_intervals;
}

static int64_t local_day_of(int64_t t)
{
    int64_t days;
    int32_t sec;
    ukclock_local_day(t, &days, &sec);
    return days;
}

bool calendar_is_working_day(const struct calendar *cal, struct ukclock_date d)
{
    if (!ukclock_date_valid(d) || d.year < CALENDAR_FIRST_YEAR || d.year > CALENDAR_LAST_YEAR)
        return false;
    struct year_cache yc = {0};
    return working_day(cal, ukclock_days_from_date(d), &yc);
}

bool calendar_is_working_instant(const struct calendar *cal, int64_t t)
{
    if (!instant_in_range(t))
        return false;
    struct year_cache yc = {0};
    struct span spans[CALENDAR_MAX_INTERVALS];
    size_t n = day_spans(cal, local_day_of(t), &yc, spans);
    for (size_t i = 0; i < n; i++) {
        if (t >= spans[i].start && t < spans[i].end)
            return true;
    }
    return false;
}

/* calendar_next_working_instant with the caller's bank holiday cache, so a caller stepping
 * day after day works each year's holidays out once. */
static enum err next_working(const struct calendar *cal, int64_t from, struct year_cache *yc,
                             int64_t *out)
{
    if (!instant_in_range(from))
        return E_INVALID;
    struct span spans[CALENDAR_MAX_INTERVALS];
    for (int64_t days = local_day_of(from); days <= last_day(); days++) {
        size_t n = day_spans(cal, days, yc, spans);
        for (size_t i = 0; i < n; i++) {
            if (from < spans[i].end) {
                *out = from > spans[i].start ? from : spans[i].start;
                return E_OK;
            }
        }
    }
    return E_INVALID;
}

MUST_CHECK enum err calendar_next_working_instant(const struct calendar *cal, int64_t from,
                                                  int64_t *out)
{
    struct year_cache yc = {0};
    return next_working(cal, from, &yc, out);
}

MUST_CHECK enum err calendar_add_minutes(int64_t from, int64_t minutes, int64_t *out)
{
    if (!instant_in_range(from) || minutes > MAX_MINUTES || minutes < -MAX_MINUTES)
        return E_INVALID;
    int64_t t = from + minutes * 60;
    if (!instant_in_range(t))
        return E_INVALID;
    *out = t;
    return E_OK;
}

MUST_CHECK enum err calendar_add_working_minutes(const struct calendar *cal, int64_t from,
                                                 int64_t minutes, int64_t *out)
{
    if (!instant_in_range(from) || minutes < 0 || minutes > MAX_MINUTES)
        return E_INVALID;
    if (minutes == 0) {
        *out = from;
        return E_OK;
    }
    int64_t remaining = minutes * 60;
    struct year_cache yc = {0};
    struct span spans[CALENDAR_MAX_INTERVALS];
    for (int64_t days = local_day_of(from); days <= last_day(); days++) {
        size_t n = day_spans(cal, days, &yc, spans);
        for (size_t i = 0; i < n; i++) {
            int64_t start = from > spans[i].start ? from : spans[i].start;
            if (start >= spans[i].end)
                continue;
            int64_t available = spans[i].end - start;
            if (remaining <= available) {
                *out = start + remaining;
                return E_OK;
            }
            remaining -= available;
        }
    }
    return E_INVALID;
}

MUST_CHECK enum err calendar_add_working_hours(const struct calendar *cal, int64_t from,
                                               int64_t hours, int64_t *out)
{
    if (hours < 0 || hours > MAX_MINUTES / 60)
        return E_INVALID;
    return calendar_add_working_minutes(cal, from, hours * 60, out);
}

/* calendar_add_working_days with the caller's bank holiday cache. */
static enum err add_days(const struct calendar *cal, int64_t from, int64_t n, struct year_cache *yc,
                         int64_t *out)
{
    if (n < 0)
        return E_INVALID;
    int64_t start;
    enum err err = next_working(cal, from, yc, &start);
    if (err)
        return err;
    if (n == 0) {
        *out = start;
        return E_OK;
    }

    int64_t days;
    int32_t sec_of_day;
    ukclock_local_day(start, &days, &sec_of_day);

    for (int64_t counted = 0; counted < n;) {
        days++;
        if (days > last_day())
            return E_INVALID;
        if (working_day(cal, days, yc))
            counted++;
    }

    int64_t target = ukclock_utc_from_local_day(days, sec_of_day);
    struct span spans[CALENDAR_MAX_INTERVALS];
    size_t n_spans = day_spans(cal, days, yc, spans);
    int64_t result = n_spans > 0 ? spans[0].start : target; /* before opening: opening time */
    for (size_t i = 0; i < n_spans; i++) {
        if (target >= spans[i].start && target < spans[i].end) {
            result = target;
            break;
        }
        if (target >= spans[i].end)
            result = spans[i].end; /* after a closing time: that closing time */
    }
    if (!instant_in_range(result))
        return E_INVALID;
    *out = result;
    return E_OK;
}

MUST_CHECK enum err calendar_add_working_days(const struct calendar *cal, int64_t from, int64_t n,
                                              int64_t *out)
{
    struct year_cache yc = {0};
    return add_days(cal, from, n, &yc, out);
}

MUST_CHECK enum err calendar_working_day_steps(const struct calendar *cal, int64_t from,
                                               int64_t until, int64_t max_steps, int64_t *steps_out,
                                               int64_t *reached_out)
{
    struct year_cache yc = {0};
    int64_t steps = 0, at = from;
    for (; steps < max_steps; steps++) {
        int64_t next;
        enum err rc = add_days(cal, at, 1, &yc, &next);
        if (rc)
            return rc;
        if (next > until)
            break;
        at = next;
    }
    *steps_out = steps;
    *reached_out = at;
    return E_OK;
}

MUST_CHECK enum err calendar_working_minutes_between(const struct calendar *cal, int64_t a,
                                                     int64_t b, int64_t *out)
{
    if (!instant_in_range(a) || !instant_in_range(b))
        return E_INVALID;
    int64_t sign = 1;
    if (b < a) {
        int64_t tmp = a;
        a = b;
        b = tmp;
        sign = -1;
    }
    int64_t total = 0;
    struct year_cache yc = {0};
    struct span spans[CALENDAR_MAX_INTERVALS];
    int64_t end_day = local_day_of(b);
    for (int64_t days = local_day_of(a); days <= end_day; days++) {
        size_t n = day_spans(cal, days, &yc, spans);
        for (size_t i = 0; i < n; i++) {
            int64_t lo = a > spans[i].start ? a : spans[i].start;
            int64_t hi = b < spans[i].end ? b : spans[i].end;
            if (hi > lo)
                total += hi - lo;
        }
    }
    *out = sign * (total / 60);
    return E_OK;
}
