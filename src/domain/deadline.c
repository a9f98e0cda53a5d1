/*
 * deadline: policy validation and clock arithmetic on top of domain/calendar. Elapsed units are
 * plain millisecond arithmetic; working units go through the calendar in whole seconds (the
 * fraction of a second of the start is dropped). What a paused clock has left is kept in the
 * policy's own kind of time, so a working-time clock paused on Friday afternoon and resumed on
 * Monday morning has exactly the working minutes it had left, not the weekend's hours taken off.
 */
#include "domain/deadline.h"

#include <stdio.h>
#include <string.h>

static const char *const unit_names[DEADLINE_UNIT_COUNT] = {
    [DEADLINE_SECONDS] = "seconds",
    [DEADLINE_MINUTES] = "minutes",
    [DEADLINE_HOURS] = "hours",
    [DEADLINE_DAYS] = "days",
    [DEADLINE_WORKING_MINUTES] = "working_minutes",
    [DEADLINE_WORKING_HOURS] = "working_hours",
    [DEADLINE_WORKING_DAYS] = "working_days",
};

/* The largest target per unit: a year, in that unit (working time: a year of 8-hour days). */
static const int64_t unit_max[DEADLINE_UNIT_COUNT] = {
    [DEADLINE_SECONDS] = INT64_C(366) * 86400,
    [DEADLINE_MINUTES] = INT64_C(366) * 1440,
    [DEADLINE_HOURS] = INT64_C(366) * 24,
    [DEADLINE_DAYS] = 366,
    [DEADLINE_WORKING_MINUTES] = INT64_C(366) * 8 * 60,
    [DEADLINE_WORKING_HOURS] = INT64_C(366) * 8,
    [DEADLINE_WORKING_DAYS] = 366,
};

/* Milliseconds in one elapsed unit. */
static const int64_t elapsed_ms[DEADLINE_WORKING_MINUTES] = {
    [DEADLINE_SECONDS] = 1000,
    [DEADLINE_MINUTES] = 60000,
    [DEADLINE_HOURS] = 3600000,
    [DEADLINE_DAYS] = 86400000,
};

static const char *const calendar_names[DEADLINE_CAL_COUNT] = {
    [DEADLINE_CAL_CLOCK_TEAM] = "clock_team",
    [DEADLINE_CAL_DEFAULT] = "default",
    [DEADLINE_CAL_TEAM] = "team",
};

static const char *const state_names[DEADLINE_STATE_COUNT] = {
    [DEADLINE_RUNNING] = "running",   [DEADLINE_PAUSED] = "paused",       [DEADLINE_MET] = "met",
    [DEADLINE_BREACHED] = "breached", [DEADLINE_CANCELLED] = "cancelled",
};

const char *deadline_state_name(enum deadline_state s)
{
    return (unsigned)s < DEADLINE_STATE_COUNT ? state_names[s] : "";
}

enum err deadline_state_parse(const char *name, enum deadline_state *out)
{
    for (int s = 0; name && s < DEADLINE_STATE_COUNT; s++) {
        if (strcmp(name, state_names[s]) == 0) {
            *out = (enum deadline_state)s;
            return E_OK;
        }
    }
    return E_INVALID;
}

int64_t deadline_next_at(const struct deadline_clock *c, const struct deadline_policy *p)
{
    if (c->stopped_at)
        return 0;
    if (c->state == DEADLINE_RUNNING)
        return c->warn_at && !c->warned_at && c->warn_at < c->due_at ? c->warn_at : c->due_at;
    if (c->state == DEADLINE_BREACHED && !c->acknowledged_at &&
        (size_t)c->escalation_step < p->chain.n_steps)
        return c->step_at;
    return 0;
}

const char *deadline_unit_name(enum deadline_unit u)
{
    return (unsigned)u < DEADLINE_UNIT_COUNT ? unit_names[u] : "";
}

enum err deadline_unit_parse(const char *name, enum deadline_unit *out)
{
    for (int u = 0; name && u < DEADLINE_UNIT_COUNT; u++) {
        if (strcmp(name, unit_names[u]) == 0) {
            *out = (enum deadline_unit)u;
            return E_OK;
        }
    }
    return E_INVALID;
}

bool deadline_unit_is_working(enum deadline_unit u)
{
    return u >= DEADLINE_WORKING_MINUTES && u < DEADLINE_UNIT_COUNT;
}

const char *deadline_calendar_name(enum deadline_calendar c)
{
    return (unsigned)c < DEADLINE_CAL_COUNT ? calendar_names[c] : "";
}

enum err deadline_calendar_parse(const char *name, enum deadline_calendar *out)
{
    for (int c = 0; name && c < DEADLINE_CAL_COUNT; c++) {
        if (strcmp(name, calendar_names[c]) == 0) {
            *out = (enum deadline_calendar)c;
            return E_OK;
        }
    }
    return E_INVALID;
}

void deadline_target_text(enum deadline_unit u, int64_t amount, char *out, size_t len)
{
    static const char *const singular[DEADLINE_UNIT_COUNT] = {
        "second", "minute", "hour", "day", "working minute", "working hour", "working day"};
    static const char *const plural[DEADLINE_UNIT_COUNT] = {
        "seconds", "minutes", "hours", "days", "working minutes", "working hours", "working days"};
    if ((unsigned)u >= DEADLINE_UNIT_COUNT) {
        snprintf(out, len, "%lld", (long long)amount);
        return;
    }
    snprintf(out, len, "%lld %s", (long long)amount, amount == 1 ? singular[u] : plural[u]);
}

static bool chars_in(const char *s, const char *allowed, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(allowed, c)))
            return false;
    }
    return true;
}

bool deadline_code_valid(const char *code)
{
    return code && chars_in(code, "_", 40);
}

bool deadline_entity_valid(const char *entity)
{
    return entity && chars_in(entity, "_", DEADLINE_ENTITY_MAX - 1) &&
           strpbrk(entity, "0123456789") == NULL;
}

bool deadline_event_valid(const char *event)
{
    return event && chars_in(event, "_.", 60) && event[0] != '.' && event[strlen(event) - 1] != '.';
}

static int64_t working_minutes_of(enum deadline_unit u, int64_t amount)
{
    return u == DEADLINE_WORKING_HOURS ? amount * 60 : amount;
}

/* A warning shorter than the target, in the same kind of time. */
static enum err warn_validate(const struct deadline_policy *p, struct err_info *info)
{
    if ((unsigned)p->warn_unit >= DEADLINE_UNIT_COUNT)
        return err_set(info, E_INVALID, "warn_unit",
                       "choose seconds, minutes, hours, days, working_minutes, working_hours "
                       "or working_days");
    if (deadline_unit_is_working(p->warn_unit) != deadline_unit_is_working(p->unit))
        return err_set(info, E_INVALID, "warn_unit",
                       deadline_unit_is_working(p->unit)
                           ? "a working-time target needs a warning in working time"
                           : "an elapsed-time target needs a warning in elapsed time");
    if (p->warn_unit == DEADLINE_WORKING_DAYS && p->unit != DEADLINE_WORKING_DAYS)
        return err_set(info, E_INVALID, "warn_unit",
                       "a warning in working days needs a target in working days");
    if (p->warn_before > unit_max[p->warn_unit])
        return err_set(info, E_INVALID, "warn_before", "the warning is too far before");
    int shorter;
    if (!deadline_unit_is_working(p->unit))
        shorter = p->warn_before * elapsed_ms[p->warn_unit] < p->target * elapsed_ms[p->unit];
    else if (p->unit == DEADLINE_WORKING_DAYS)
        shorter = p->warn_unit != DEADLINE_WORKING_DAYS || p->warn_before < p->target;
    else
        shorter = working_minutes_of(p->warn_unit, p->warn_before) <
                  working_minutes_of(p->unit, p->target);
    if (!shorter)
        return err_set(info, E_INVALID, "warn_before",
                       "the warning must come before the deadline, after the start");
    return E_OK;
}

enum err deadline_policy_validate(const struct deadline_policy *p, struct err_info *info)
{
    if (!deadline_code_valid(p->code))
        return err_set(info, E_INVALID, "code",
                       "enter a code of 1 to 40 lower-case letters, digits or underscores");
    size_t name_len = strnlen(p->name, sizeof(p->name));
    if (name_len == 0 || name_len > 120)
        return err_set(info, E_INVALID, "name", "enter a name of 1 to 120 characters");
    if (!deadline_event_valid(p->start_event))
        return err_set(info, E_INVALID, "start_event",
                       "enter the event that starts the clock, for example contact.created");
    if (!deadline_event_valid(p->stop_event))
        return err_set(info, E_INVALID, "stop_event",
                       "enter the event that stops the clock, for example "
                       "contact.action_recorded");
    if (strcmp(p->start_event, p->stop_event) == 0)
        return err_set(info, E_INVALID, "stop_event",
                       "the clock cannot stop on the event that starts it");
    if ((unsigned)p->unit >= DEADLINE_UNIT_COUNT)
        return err_set(info, E_INVALID, "unit",
                       "choose seconds, minutes, hours, days, working_minutes, working_hours "
                       "or working_days");
    if (p->target < 1 || p->target > unit_max[p->unit])
        return err_set(info, E_INVALID, "target", "the target must be from 1 to %lld %s",
                       (long long)unit_max[p->unit], unit_names[p->unit]);
    if (p->warn_before < 0)
        return err_set(info, E_INVALID, "warn_before",
                       "the warning must be 0 (none) or more before the deadline");
    if (p->warn_before > 0) {
        enum err rc = warn_validate(p, info);
        if (rc)
            return rc;
    }
    if ((unsigned)p->calendar >= DEADLINE_CAL_COUNT)
        return err_set(info, E_INVALID, "calendar", "choose clock_team, default or team");
    if (p->calendar == DEADLINE_CAL_TEAM && p->calendar_team_id <= 0)
        return err_set(info, E_INVALID, "calendar_team_id",
                       "choose the team whose calendar counts working time");
    if (p->calendar != DEADLINE_CAL_TEAM && p->calendar_team_id != 0)
        return err_set(info, E_INVALID, "calendar_team_id",
                       "a team is chosen only with the calendar 'team'");
    return escalation_chain_validate(&p->chain, info);
}

/* ms -> s rounding towards minus infinity, so 10:00:00.500 is 10:00:00. */
static int64_t to_s(int64_t ms)
{
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

/* start + amount of unit u. */
static enum err add_amount(enum deadline_unit u, const struct calendar *cal, int64_t start_ms,
                           int64_t amount, int64_t *out_ms)
{
    int64_t s;
    enum err rc;
    if (!deadline_unit_is_working(u)) {
        if ((unsigned)u >= DEADLINE_WORKING_MINUTES)
            return E_INVALID;
        *out_ms = start_ms + amount * elapsed_ms[u];
        return E_OK;
    }
    if (u == DEADLINE_WORKING_DAYS)
        rc = calendar_add_working_days(cal, to_s(start_ms), amount, &s);
    else
        rc = calendar_add_working_minutes(cal, to_s(start_ms), working_minutes_of(u, amount), &s);
    if (rc)
        return rc;
    *out_ms = s * 1000;
    return E_OK;
}

enum err deadline_due(const struct deadline_policy *p, const struct calendar *cal, int64_t start_ms,
                      int64_t *due_ms_out, int64_t *warn_ms_out)
{
    int64_t due = 0, warn = 0;
    enum err rc = add_amount(p->unit, cal, start_ms, p->target, &due);
    if (rc)
        return rc;
    if (p->warn_before > 0) {
        if (!deadline_unit_is_working(p->warn_unit)) {
            warn = due - p->warn_before * elapsed_ms[p->warn_unit];
        } else if (p->warn_unit == DEADLINE_WORKING_DAYS) {
            rc = add_amount(p->unit, cal, start_ms, p->target - p->warn_before, &warn);
        } else {
            int64_t total;
            rc = calendar_working_minutes_between(cal, to_s(start_ms), to_s(due), &total);
            int64_t at = total - working_minutes_of(p->warn_unit, p->warn_before);
            if (!rc && at > 0)
                rc = add_amount(DEADLINE_WORKING_MINUTES, cal, start_ms, at, &warn);
        }
        if (rc)
            return rc;
        if (warn <= start_ms)
            warn = 0;
    }
    *due_ms_out = due;
    *warn_ms_out = warn;
    return E_OK;
}

/* The policy's kind of time from a to b: elapsed ms, or working minutes as ms. */
static enum err span(const struct deadline_policy *p, const struct calendar *cal, int64_t a_ms,
                     int64_t b_ms, int64_t *out)
{
    if (!deadline_unit_is_working(p->unit)) {
        *out = b_ms - a_ms;
        return E_OK;
    }
    int64_t minutes;
    enum err rc = calendar_working_minutes_between(cal, to_s(a_ms), to_s(b_ms), &minutes);
    if (rc)
        return rc;
    *out = minutes * 60000;
    return E_OK;
}

enum err deadline_pause(const struct deadline_policy *p, const struct calendar *cal, int64_t now_ms,
                        int64_t due_ms, int64_t warn_ms, int64_t *due_left_ms_out,
                        int64_t *warn_left_ms_out)
{
    if (due_ms <= now_ms)
        return E_CONFLICT;
    int64_t due_left, warn_left = -1;
    enum err rc = span(p, cal, now_ms, due_ms, &due_left);
    if (!rc && warn_ms > now_ms)
        rc = span(p, cal, now_ms, warn_ms, &warn_left);
    if (rc)
        return rc;
    *due_left_ms_out = due_left;
    *warn_left_ms_out = warn_left;
    return E_OK;
}

/* now + left of the policy's kind of time. */
static enum err add_left(const struct deadline_policy *p, const struct calendar *cal,
                         int64_t now_ms, int64_t left_ms, int64_t *out)
{
    if (!deadline_unit_is_working(p->unit)) {
        *out = now_ms + left_ms;
        return E_OK;
    }
    int64_t s;
    enum err rc = calendar_add_working_minutes(cal, to_s(now_ms), left_ms / 60000, &s);
    if (rc)
        return rc;
    *out = s * 1000;
    return E_OK;
}

enum err deadline_resume(const struct deadline_policy *p, const struct calendar *cal,
                         int64_t now_ms, int64_t due_left_ms, int64_t warn_left_ms,
                         int64_t *due_ms_out, int64_t *warn_ms_out)
{
    if (due_left_ms < 0)
        return E_INVALID;
    int64_t due, warn = 0;
    enum err rc = add_left(p, cal, now_ms, due_left_ms, &due);
    if (!rc && warn_left_ms >= 0)
        rc = add_left(p, cal, now_ms, warn_left_ms, &warn);
    if (rc)
        return rc;
    *due_ms_out = due;
    *warn_ms_out = warn;
    return E_OK;
}

enum err deadline_step_at(const struct deadline_policy *p, const struct calendar *cal,
                          int64_t prev_ms, int64_t after_minutes, int64_t *out_ms)
{
    if (after_minutes < 0)
        return E_INVALID;
    if (!deadline_unit_is_working(p->unit)) {
        *out_ms = prev_ms + after_minutes * 60000;
        return E_OK;
    }
    if (after_minutes == 0) {
        *out_ms = prev_ms; /* at once, even out of hours: the chain starts at the deadline */
        return E_OK;
    }
    return add_left(p, cal, prev_ms, after_minutes * 60000, out_ms);
}

/* For a deadline counted in working days: the whole working days from a to b (a <= b, UTC ms;
 * at most a year's worth are counted), stepping a working day at a time as the deadline counts
 * them (the same clock time on the next working day), and the working time left over after
 * them, in ms. */
static enum err whole_working_days(const struct calendar *cal, int64_t a_ms, int64_t b_ms,
                                   int64_t *days_out, int64_t *rest_ms_out)
{
    int64_t days = 0, from = 0;
    enum err rc = calendar_working_day_steps(cal, to_s(a_ms), to_s(b_ms), 366, &days, &from);
    if (rc)
        return rc;
    int64_t minutes;
    rc = calendar_working_minutes_between(cal, from, to_s(b_ms), &minutes);
    if (rc)
        return rc;
    *days_out = days;
    *rest_ms_out = minutes * 60000;
    return E_OK;
}

/* Appends " N unit[s]" to out when n > 0; returns the number of parts written so far. */
static int add_part(char *out, size_t len, int parts, int64_t n, const char *unit)
{
    if (n <= 0 || parts >= 2)
        return parts;
    size_t used = strlen(out);
    if (used < len)
        snprintf(out + used, len - used, "%s%lld %s%s", parts ? " " : "", (long long)n, unit,
                 n == 1 ? "" : "s");
    return parts + 1;
}

enum err deadline_left(const struct deadline_policy *p, const struct calendar *cal, int64_t now_ms,
                       int64_t due_ms, int64_t *left_ms_out, char *text, size_t text_len)
{
    int64_t left;
    enum err rc = span(p, cal, now_ms, due_ms, &left);
    if (rc)
        return rc;
    bool overdue = due_ms <= now_ms;
    *left_ms_out = left;
    if (!text || text_len == 0)
        return E_OK;
    text[0] = '\0';
    int64_t a = left < 0 ? -left : left;
    int parts = 0;
    int64_t days = 0, rest = a;
    if (p->unit == DEADLINE_WORKING_DAYS) {
        rc = whole_working_days(cal, overdue ? due_ms : now_ms, overdue ? now_ms : due_ms, &days,
                                &rest);
        if (rc)
            return rc;
        parts = add_part(text, text_len, parts, days, "working day");
    }
    if (parts) {
        parts = add_part(text, text_len, parts, rest / 3600000, "working hour");
    } else if (deadline_unit_is_working(p->unit)) {
        int64_t minutes = a / 60000;
        parts = add_part(text, text_len, parts, minutes / 60, "working hour");
        parts = add_part(text, text_len, parts, minutes % 60,
                         minutes >= 60 ? "minute" : "working minute");
        if (parts == 0) {
            snprintf(text, text_len, "%s", overdue ? "overdue, outside working hours" : "due now");
            return E_OK;
        }
    } else {
        int64_t s = a / 1000;
        if (s < 60) {
            parts = add_part(text, text_len, parts, s, "second");
        } else {
            parts = add_part(text, text_len, parts, s / 86400, "day");
            parts = add_part(text, text_len, parts, s / 3600 % 24, "hour");
            if (s < 86400)
                parts = add_part(text, text_len, parts, s / 60 % 60, "minute");
        }
        if (parts == 0) {
            snprintf(text, text_len, "due now");
            return E_OK;
        }
    }
    size_t used = strlen(text);
    if (used < text_len)
        snprintf(text + used, text_len - used, "%s", overdue ? " overdue" : " left");
    return E_OK;
}
