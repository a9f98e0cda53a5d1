/*
 * ics: iCalendar to availability entries through libical. Each event's times are read in a
 * "frame" decided once from its DTSTART — UTC, Europe/London (core/ukclock, exact across clock
 * changes), another zone (libical), or all-day dates — and every occurrence of a repeating
 * event is read in the same frame. libical keeps some process-wide state (its error flag, the
 * zone cache), so parsing is serialised by one mutex: imports are rare and quick.
 */
#include "domain/ics.h"

#include <ctype.h>
#include <libical/ical.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ukclock.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "domain/calendar.h"

#define MAX_RECUR_STEPS 20000 /* occurrences looked at per repeating event */
#define MAX_OVERRIDES 1000

static pthread_mutex_t libical_lock = PTHREAD_MUTEX_INITIALIZER;

enum frame_kind { FRAME_UTC, FRAME_LONDON, FRAME_ZONE, FRAME_DATE };

struct frame {
    enum frame_kind kind;
    icaltimezone *zone; /* FRAME_ZONE: borrowed from the component or libical's cache */
};

/* An occurrence replaced by a RECURRENCE-ID event: left out of its master's expansion. */
struct override {
    const char *uid; /* borrowed from the parsed tree */
    int64_t at;      /* seconds */
};

struct parse {
    int64_t now;          /* seconds */
    int64_t window_start; /* seconds */
    int64_t window_end;   /* seconds */
    struct ics_import *out;
    size_t cap;
    struct override overrides[MAX_OVERRIDES];
    size_t n_overrides;
    struct err_info *info;
};

static bool is_london(const char *tzid)
{
    static const char *const aliases[] = {"GMT Standard Time", "GB",
                                          "Europe/Belfast",    "Europe/Jersey",
                                          "Europe/Guernsey",   "Europe/Isle_of_Man"};
    if (strstr(tzid, "Europe/London"))
        return true;
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(tzid, aliases[i]) == 0)
            return true;
    return false;
}

/* The frame of a date-time property of ev. */
static enum err frame_of(icalcomponent *ev, icalproperty *prop, struct icaltimetype t,
                         struct frame *out, struct err_info *info)
{
    memset(out, 0, sizeof(*out));
    if (icaltime_is_date(t)) {
        out->kind = FRAME_DATE;
        return E_OK;
    }
    if (icaltime_is_utc(t)) {
        out->kind = FRAME_UTC;
        return E_OK;
    }
    icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    const char *tzid = param ? icalparameter_get_tzid(param) : NULL;
    if (!tzid || !*tzid || is_london(tzid)) {
        out->kind = FRAME_LONDON; /* floating times are read as the council's local time */
        return E_OK;
    }
    icaltimezone *zone = NULL;
    for (icalcomponent *c = ev; c && !zone; c = icalcomponent_get_parent(c))
        zone = icalcomponent_get_timezone(c, tzid);
    if (!zone)
        zone = icaltimezone_get_builtin_timezone(tzid);
    if (!zone)
        zone = icaltimezone_get_builtin_timezone_from_tzid(tzid);
    if (!zone)
        return err_set(info, E_INVALID, "", "the time zone '%.80s' is not known", tzid);
    out->kind = FRAME_ZONE;
    out->zone = zone;
    return E_OK;
}

static bool year_ok(int year)
{
    return year >= CALENDAR_FIRST_YEAR && year <= CALENDAR_LAST_YEAR;
}

/* The instant (seconds) of t read in frame f. */
static enum err instant_of(const struct frame *f, struct icaltimetype t, int64_t *out)
{
    if (!year_ok(t.year))
        return E_INVALID;
    struct ukclock_date d = {t.year, t.month, t.day};
    if (!ukclock_date_valid(d))
        return E_INVALID;
    int64_t days = ukclock_days_from_date(d);
    switch (f->kind) {
    case FRAME_DATE:
        *out = ukclock_utc_from_local_day(days, 0);
        return E_OK;
    case FRAME_UTC:
        *out = days * 86400 + t.hour * 3600 + t.minute * 60 + (t.second > 59 ? 59 : t.second);
        return E_OK;
    case FRAME_LONDON: {
        struct ukclock_local l = {
            t.year, t.month, t.day, t.hour, t.minute, t.second > 59 ? 59 : t.second, 0};
        return ukclock_from_local(&l, out);
    }
    case FRAME_ZONE:
        if (t.is_date)
            return E_INVALID;
        *out = (int64_t)icaltime_as_timet_with_zone(t, f->zone);
        return E_OK;
    }
    return E_INVALID;
}

static bool word_in(const char *text, const char *const words[], size_t n_words)
{
    char word[32];
    size_t len = 0;
    for (const char *p = text;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c && (isalpha(c) || c == '/')) {
            if (len < sizeof(word) - 1)
                word[len++] = (char)tolower(c);
            continue;
        }
        word[len] = '\0';
        for (size_t i = 0; len && i < n_words; i++)
            if (strcmp(word, words[i]) == 0)
                return true;
        len = 0;
        if (!c)
            return false;
    }
}

/* The kind an event's categories or summary name; NONE when they name none. */
static enum availability_kind kind_from_text(const char *text)
{
    static const char *const leave[] = {"leave",  "holiday", "holidays", "vacation", "a/l",
                                        "al",     "sick",    "toil",     "annual",   "ooo",
                                        "absent", "absence", "bank"};
    static const char *const supervision[] = {"supervision"};
    static const char *const travel[] = {"travel", "travelling", "traveling", "journey", "driving"};
    static const char *const training[] = {"training", "course",    "workshop",  "conference",
                                           "seminar",  "elearning", "e/learning"};
#define HAS(list) word_in(text, list, sizeof(list) / sizeof(list[0]))
    if (HAS(leave))
        return AVAILABILITY_LEAVE;
    if (HAS(supervision))
        return AVAILABILITY_SUPERVISION;
    if (HAS(training))
        return AVAILABILITY_TRAINING;
    if (HAS(travel))
        return AVAILABILITY_TRAVEL;
#undef HAS
    if (strstr(text, "Out of Office") || strstr(text, "out of office"))
        return AVAILABILITY_LEAVE;
    return AVAILABILITY_KIND_NONE;
}

/* Outlook's X-MICROSOFT-CDO-BUSYSTATUS (FREE, TENTATIVE, BUSY, OOF), or "". */
static const char *busy_status(icalcomponent *ev)
{
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_X_PROPERTY)) {
        const char *name = icalproperty_get_x_name(p);
        if (name && strcasecmp(name, "X-MICROSOFT-CDO-BUSYSTATUS") == 0) {
            const char *v = icalproperty_get_x(p);
            return v ? v : "";
        }
    }
    return "";
}

static enum availability_kind event_kind(icalcomponent *ev, const char *summary)
{
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
        const char *cats = icalproperty_get_categories(p);
        enum availability_kind k = cats ? kind_from_text(cats) : AVAILABILITY_KIND_NONE;
        if (k != AVAILABILITY_KIND_NONE)
            return k;
    }
    enum availability_kind k = kind_from_text(summary);
    if (k != AVAILABILITY_KIND_NONE)
        return k;
    if (strcasecmp(busy_status(ev), "OOF") == 0)
        return AVAILABILITY_LEAVE;
    return AVAILABILITY_APPOINTMENT;
}

/* Copies text into dst[size] with control characters as spaces, cut at a character boundary
 * and at max_chars characters. libical does not check the encoding and some exporters write
 * Latin-1, so a byte that does not start a well-formed UTF-8 character becomes U+FFFD: the
 * title must be valid UTF-8 to be stored and shown (availability_entry_validate, JSON). */
static void copy_title(char *dst, size_t size, const char *src, size_t max_chars)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t len = 0, chars = 0;
    const unsigned char *p = (const unsigned char *)src;
    while (*p && chars < max_chars) {
        size_t n = utf8_char_size((const char *)p);
        size_t need = n ? n : sizeof(replacement) - 1;
        if (len + need >= size)
            break;
        if (n == 0)
            memcpy(dst + len, replacement, need);
        else if (n == 1 && (*p < 0x20 || *p == 0x7f))
            dst[len] = ' ';
        else
            memcpy(dst + len, p, n);
        len += need;
        chars++;
        p += n ? n : 1;
    }
    dst[len] = '\0';
}

static enum err add_entry(struct parse *ps, enum availability_kind kind, int64_t start, int64_t end,
                          const char *title, const char *uid)
{
    if (end <= start || end < ps->window_start ||
        (end - start) * 1000 > AVAILABILITY_ENTRY_MAX_MS) {
        ps->out->n_skipped++;
        return E_OK;
    }
    if (ps->out->n == ICS_MAX_ENTRIES)
        return err_set(ps->info, E_TOOBIG, "",
                       "the calendar holds more than %d entries in the window of a month back "
                       "and 400 days ahead",
                       ICS_MAX_ENTRIES);
    if (ps->out->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 64;
        ps->out->entries = xrealloc(ps->out->entries, ps->cap * sizeof(*ps->out->entries));
    }
    struct availability_entry *e = &ps->out->entries[ps->out->n++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->starts_at = start * 1000;
    e->ends_at = end * 1000;
    copy_title(e->title, sizeof(e->title), title, AVAILABILITY_TITLE_MAX);
    snprintf(e->source, sizeof(e->source), "ics");
    snprintf(e->uid, sizeof(e->uid), "%s", uid);
    return E_OK;
}

static bool overridden(const struct parse *ps, const char *uid, int64_t at)
{
    for (size_t i = 0; i < ps->n_overrides; i++)
        if (ps->overrides[i].at == at && strcmp(ps->overrides[i].uid, uid) == 0)
            return true;
    return false;
}

static bool excluded(icalcomponent *ev, const struct frame *f, int64_t at)
{
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
        struct icaltimetype x = icalproperty_get_exdate(p);
        struct frame xf;
        int64_t t;
        if (frame_of(ev, p, x, &xf, NULL) != E_OK)
            continue;
        if (xf.kind == FRAME_DATE && f->kind != FRAME_DATE)
            xf = *f; /* a date-only EXDATE on a timed event: compare in the event's frame */
        if (instant_of(&xf, x, &t) == E_OK && t == at)
            return true;
    }
    return false;
}

/* What an event lasts: whole days for all-day events, else seconds. */
struct span_len {
    int64_t days;
    int64_t seconds;
};

static enum err event_length(icalcomponent *ev, struct icaltimetype start, const struct frame *f,
                             int64_t start_at, struct span_len *out)
{
    memset(out, 0, sizeof(*out));
    icalproperty *dur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
    icalproperty *endp = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    if (dur) {
        int secs = icaldurationtype_as_int(icalproperty_get_duration(dur));
        if (f->kind == FRAME_DATE)
            out->days = secs / 86400;
        else
            out->seconds = secs;
        return E_OK;
    }
    if (endp) {
        struct icaltimetype end = icalproperty_get_dtend(endp);
        if (f->kind == FRAME_DATE) {
            if (!icaltime_is_date(end) || !year_ok(end.year))
                return E_INVALID;
            struct ukclock_date a = {start.year, start.month, start.day};
            struct ukclock_date b = {end.year, end.month, end.day};
            if (!ukclock_date_valid(b))
                return E_INVALID;
            out->days = ukclock_days_from_date(b) - ukclock_days_from_date(a);
            return E_OK;
        }
        struct frame ef;
        int64_t end_at;
        enum err rc = frame_of(ev, endp, end, &ef, NULL);
        if (!rc)
            rc = instant_of(&ef, end, &end_at);
        if (rc)
            return E_INVALID;
        out->seconds = end_at - start_at;
        return E_OK;
    }
    /* no end: an all-day event lasts its day, a timed one no time at all (RFC 5545 3.6.1) */
    if (f->kind == FRAME_DATE)
        out->days = 1;
    return E_OK;
}

static int64_t end_of(const struct frame *f, struct icaltimetype occ, int64_t start,
                      const struct span_len *len)
{
    if (f->kind != FRAME_DATE)
        return start + len->seconds;
    struct ukclock_date d = {occ.year, occ.month, occ.day};
    return ukclock_utc_from_local_day(ukclock_days_from_date(d) + len->days, 0);
}

static enum err event_error(struct parse *ps, const char *summary, const char *what)
{
    return err_set(ps->info, E_INVALID, "", "the event '%.60s' %s", summary, what);
}

static enum err read_event(struct parse *ps, icalcomponent *ev)
{
    ps->out->n_events++;
    const char *summary = icalcomponent_get_summary(ev);
    if (!summary)
        summary = "";
    icalproperty *tp = icalcomponent_get_first_property(ev, ICAL_TRANSP_PROPERTY);
    if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED ||
        (tp && icalproperty_get_transp(tp) == ICAL_TRANSP_TRANSPARENT) ||
        strcasecmp(busy_status(ev), "FREE") == 0) {
        ps->out->n_skipped++;
        return E_OK;
    }
    icalproperty *sp = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!sp)
        return event_error(ps, summary, "has no start (DTSTART)");
    struct icaltimetype start = icalproperty_get_dtstart(sp);
    struct frame f;
    int64_t start_at;
    enum err rc = frame_of(ev, sp, start, &f, ps->info);
    if (rc)
        return rc;
    if (instant_of(&f, start, &start_at) != E_OK)
        return event_error(ps, summary, "has a start that cannot be read");
    struct span_len len;
    if (event_length(ev, start, &f, start_at, &len) != E_OK)
        return event_error(ps, summary, "has an end that cannot be read");
    enum availability_kind kind = event_kind(ev, summary);
    char uid_buf[AVAILABILITY_UID_MAX + 1];
    const char *uid = icalcomponent_get_uid(ev);
    if (!uid || !*uid) {
        /* no UID: make one from what identifies the event, so a re-import replaces it */
        snprintf(uid_buf, sizeof(uid_buf), "no-uid:%lld:%.200s", (long long)start_at, summary);
        uid = uid_buf;
    }

    icalproperty *rp = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (!rp || icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY))
        return add_entry(ps, kind, start_at, end_of(&f, start, start_at, &len), summary, uid);

    struct icalrecurrencetype rule = icalproperty_get_rrule(rp);
    icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
    if (!it)
        return event_error(ps, summary, "repeats by a rule that cannot be read");
    rc = E_OK;
    for (int step = 0; step < MAX_RECUR_STEPS && !rc; step++) {
        struct icaltimetype occ = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(occ))
            break;
        int64_t at;
        if (instant_of(&f, occ, &at) != E_OK)
            break; /* beyond the years the calendar knows */
        if (at > ps->window_end)
            break;
        if (overridden(ps, uid, at) || excluded(ev, &f, at))
            continue;
        int64_t end = end_of(&f, occ, at, &len);
        if (end < ps->window_start)
            continue;
        rc = add_entry(ps, kind, at, end, summary, uid);
    }
    icalrecur_iterator_free(it);
    return rc;
}

/* Records the occurrences that RECURRENCE-ID events replace. */
static void collect_overrides(struct parse *ps, icalcomponent *cal)
{
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        icalproperty *rp = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
        const char *uid = icalcomponent_get_uid(ev);
        if (!rp || !uid || ps->n_overrides == MAX_OVERRIDES)
            continue;
        struct icaltimetype rid = icalproperty_get_recurrenceid(rp);
        struct frame f;
        int64_t at;
        if (frame_of(ev, rp, rid, &f, NULL) == E_OK && instant_of(&f, rid, &at) == E_OK) {
            ps->overrides[ps->n_overrides].uid = uid;
            ps->overrides[ps->n_overrides].at = at;
            ps->n_overrides++;
        }
    }
}

static enum err read_calendar(struct parse *ps, icalcomponent *cal)
{
    collect_overrides(ps, cal);
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        enum err rc = read_event(ps, ev);
        if (rc)
            return rc;
    }
    return E_OK;
}

enum err ics_parse(const char *text, int64_t now_ms, struct ics_import *out, struct err_info *info)
{
    memset(out, 0, sizeof(*out));
    struct parse *ps = xcalloc(1, sizeof(*ps));
    ps->now = now_ms / 1000;
    ps->window_start = (now_ms - ICS_WINDOW_PAST_MS) / 1000;
    ps->window_end = (now_ms + ICS_WINDOW_FUTURE_MS) / 1000;
    ps->out = out;
    ps->info = info;

    enum err rc = E_OK;
    pthread_mutex_lock(&libical_lock);
    icalerror_set_errors_are_fatal(0);
    icalcomponent *root = text ? icalparser_parse_string(text) : NULL;
    if (!root) {
        rc = err_set(info, E_INVALID, "", "the file is not an iCalendar file (BEGIN:VCALENDAR)");
    } else if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) {
        rc = read_calendar(ps, root);
    } else if (icalcomponent_isa(root) == ICAL_XROOT_COMPONENT) {
        size_t n_cal = 0;
        for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
             c && !rc; c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT)) {
            n_cal++;
            rc = read_calendar(ps, c);
        }
        if (!rc && n_cal == 0)
            rc =
                err_set(info, E_INVALID, "", "the file is not an iCalendar file (BEGIN:VCALENDAR)");
    } else {
        rc = err_set(info, E_INVALID, "", "the file is not an iCalendar file (BEGIN:VCALENDAR)");
    }
    if (root)
        icalcomponent_free(root);
    pthread_mutex_unlock(&libical_lock);
    free(ps);
    return rc;
}

void ics_import_release(struct ics_import *imp)
{
    free(imp->entries);
    memset(imp, 0, sizeof(*imp));
}
