/*
 * availability: a walk forward in time. From now, move to the next working instant of the
 * worker's pattern (domain/calendar skips evenings, weekends and bank holidays); if a calendar
 * entry covers that instant, jump to the entry's end and look again. Each jump passes the end
 * of at least one entry, so the walk takes at most one step per entry plus one.
 */
#include "domain/availability.h"

#include <string.h>

#include "domain/directory.h"

static const struct {
    const char *name, *label;
} kinds[AVAILABILITY_KIND_COUNT] = {
    [AVAILABILITY_KIND_NONE] = {"", ""},
    [AVAILABILITY_LEAVE] = {"leave", "Leave"},
    [AVAILABILITY_APPOINTMENT] = {"appointment", "Appointment"},
    [AVAILABILITY_SUPERVISION] = {"supervision", "Supervision"},
    [AVAILABILITY_TRAVEL] = {"travel", "Travel"},
    [AVAILABILITY_TRAINING] = {"training", "Training"},
};

const char *availability_kind_name(enum availability_kind k)
{
    return (unsigned)k < AVAILABILITY_KIND_COUNT ? kinds[k].name : "";
}

const char *availability_kind_label(enum availability_kind k)
{
    return (unsigned)k < AVAILABILITY_KIND_COUNT ? kinds[k].label : "";
}

enum availability_kind availability_kind_parse(const char *name)
{
    for (int k = AVAILABILITY_KIND_NONE + 1; name && k < AVAILABILITY_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return (enum availability_kind)k;
    return AVAILABILITY_KIND_NONE;
}

const char *availability_status_name(enum availability_status s)
{
    switch (s) {
    case AVAILABILITY_AVAILABLE:
        return "available";
    case AVAILABILITY_BUSY:
        return "busy";
    case AVAILABILITY_NOT_WORKING:
        return "not_working";
    case AVAILABILITY_INACTIVE:
        return "inactive";
    }
    return "";
}

enum err availability_entry_validate(const struct availability_entry *e, struct err_info *info)
{
    if (e->kind <= AVAILABILITY_KIND_NONE || e->kind >= AVAILABILITY_KIND_COUNT)
        return err_set(info, E_INVALID, "kind",
                       "choose leave, appointment, supervision, travel or training");
    if (e->starts_at <= 0)
        return err_set(info, E_INVALID, "starts_at", "enter when it starts");
    if (e->ends_at <= e->starts_at)
        return err_set(info, E_INVALID, "ends_at", "the end must be after the start");
    if (e->ends_at - e->starts_at > AVAILABILITY_ENTRY_MAX_MS)
        return err_set(info, E_INVALID, "ends_at",
                       "an entry can last at most 400 days: split a longer absence");
    char scratch[AVAILABILITY_TITLE_MAX * 4 + 1];
    return directory_text(scratch, sizeof(scratch), e->title, AVAILABILITY_TITLE_MAX, false, false,
                          "title", "the title", info);
}

/* The index of the entry of worker w covering t_ms that ends last, or -1. */
static int covering(const struct worker *w, const struct availability_entry *entries, size_t n,
                    int64_t t_ms)
{
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        const struct availability_entry *e = &entries[i];
        if (w->id && e->worker_id && e->worker_id != w->id)
            continue;
        if (e->starts_at <= t_ms && t_ms < e->ends_at &&
            (best < 0 || e->ends_at > entries[best].ends_at))
            best = (int)i;
    }
    return best;
}

static int64_t ceil_seconds(int64_t ms)
{
    return ms >= 0 ? (ms + 999) / 1000 : -((-ms) / 1000);
}

static bool has_working_day(const struct calendar *cal)
{
    for (int d = 0; d < 7; d++)
        if (cal->week[d].n_intervals > 0)
            return true;
    return false;
}

enum err availability_compute(const struct worker *w, const struct availability_entry *entries,
                              size_t n, int64_t now_ms, struct availability *out)
{
    memset(out, 0, sizeof(*out));
    out->current_entry = -1;
    struct calendar cal;
    enum err rc = directory_pattern_calendar(&w->hours, !w->works_bank_holidays, &cal);
    if (rc)
        return rc;
    struct ukclock_local local;
    ukclock_to_local(now_ms / 1000, &local);
    if (local.year < CALENDAR_FIRST_YEAR || local.year > CALENDAR_LAST_YEAR)
        return E_INVALID;

    int64_t from_ms = w->active_from.year ? directory_date_start_ms(w->active_from) : 0;
    int64_t until_ms = 0; /* first instant after the last working day */
    if (w->active_to.year) {
        struct ukclock_date next = ukclock_date_from_days(ukclock_days_from_date(w->active_to) + 1);
        until_ms = directory_date_start_ms(next);
    }

    out->current_entry = covering(w, entries, n, now_ms);
    if ((until_ms && now_ms >= until_ms) || now_ms < from_ms)
        out->status = AVAILABILITY_INACTIVE;
    else if (out->current_entry >= 0)
        out->status = AVAILABILITY_BUSY;
    else if (!calendar_is_working_instant(&cal, now_ms / 1000))
        out->status = AVAILABILITY_NOT_WORKING;
    else
        out->status = AVAILABILITY_AVAILABLE;
    out->available_now = out->status == AVAILABILITY_AVAILABLE;
    if (out->available_now) {
        out->next_available_at = now_ms;
        return E_OK;
    }
    if ((until_ms && now_ms >= until_ms) || !has_working_day(&cal))
        return E_OK; /* never again */

    int64_t limit_ms = now_ms + AVAILABILITY_HORIZON_MS;
    int64_t t = ceil_seconds(now_ms > from_ms ? now_ms : from_ms);
    for (size_t step = 0; step <= n + 1; step++) {
        int64_t next;
        if (calendar_next_working_instant(&cal, t, &next) != E_OK)
            return E_OK;
        if (next * 1000 >= limit_ms || (until_ms && next * 1000 >= until_ms))
            return E_OK;
        int i = covering(w, entries, n, next * 1000);
        if (i < 0) {
            out->next_available_at = next * 1000;
            return E_OK;
        }
        t = ceil_seconds(entries[i].ends_at);
    }
    return E_OK;
}
