/*
 * escalation: chains written as text ("owner:0,line_manager:15"), the choice of person for a
 * step, and the wording of warnings and escalation messages. Times in messages are written in
 * Europe/London ("Mon 23 Nov 2026 10:30"), because that is the clock the reader works by.
 */
#include "domain/escalation.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *label;
} tells[ESCALATION_TELL_COUNT] = {
    [ESCALATION_OWNER] = {"owner", "the owner"},
    [ESCALATION_LINE_MANAGER] = {"line_manager", "the owner's line manager"},
    [ESCALATION_DUTY_MANAGER] = {"duty_manager", "the duty manager of the day"},
    [ESCALATION_HEAD_OF_SERVICE] = {"head_of_service", "the head of service"},
    [ESCALATION_SENIOR_DISTRICT_OFFICER] = {"senior_district_officer",
                                            "the Senior District Officer"},
};

const char *escalation_tell_name(enum escalation_tell t)
{
    return (unsigned)t < ESCALATION_TELL_COUNT ? tells[t].name : "";
}

const char *escalation_tell_label(enum escalation_tell t)
{
    return (unsigned)t < ESCALATION_TELL_COUNT ? tells[t].label : "";
}

enum err escalation_tell_parse(const char *name, enum escalation_tell *out)
{
    for (int t = 0; name && t < ESCALATION_TELL_COUNT; t++) {
        if (strcmp(name, tells[t].name) == 0) {
            *out = (enum escalation_tell)t;
            return E_OK;
        }
    }
    return E_INVALID;
}

enum err escalation_chain_validate(const struct escalation_chain *c, struct err_info *info)
{
    if (c->n_steps > ESCALATION_MAX_STEPS)
        return err_set(info, E_INVALID, "escalation", "a chain has at most %d steps",
                       ESCALATION_MAX_STEPS);
    for (size_t i = 0; i < c->n_steps; i++) {
        if ((unsigned)c->steps[i].tell >= ESCALATION_TELL_COUNT)
            return err_set(info, E_INVALID, "escalation", "step %zu tells nobody known", i + 1);
        if (c->steps[i].after_minutes < 0 ||
            c->steps[i].after_minutes > ESCALATION_MAX_AFTER_MINUTES)
            return err_set(info, E_INVALID, "escalation",
                           "step %zu must come 0 to %d minutes after the one before", i + 1,
                           ESCALATION_MAX_AFTER_MINUTES);
    }
    return E_OK;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

enum err escalation_chain_parse(const char *text, struct escalation_chain *out,
                                struct err_info *info)
{
    struct escalation_chain c;
    memset(&c, 0, sizeof(c));
    const char *p = skip_space(text ? text : "");
    while (*p) {
        if (c.n_steps == ESCALATION_MAX_STEPS)
            return err_set(info, E_INVALID, "escalation", "a chain has at most %d steps",
                           ESCALATION_MAX_STEPS);
        size_t n = strcspn(p, ":, ");
        char name[40];
        if (n == 0 || n >= sizeof(name))
            return err_set(info, E_INVALID, "escalation",
                           "write each step as who:minutes, for example line_manager:15");
        memcpy(name, p, n);
        name[n] = '\0';
        struct escalation_step *st = &c.steps[c.n_steps];
        if (escalation_tell_parse(name, &st->tell))
            return err_set(info, E_INVALID, "escalation",
                           "cannot escalate to '%s': use owner, line_manager, duty_manager, "
                           "head_of_service or senior_district_officer",
                           name);
        p = skip_space(p + n);
        if (*p != ':')
            return err_set(info, E_INVALID, "escalation",
                           "write each step as who:minutes, for example line_manager:15");
        p = skip_space(p + 1);
        if (*p < '0' || *p > '9')
            return err_set(info, E_INVALID, "escalation",
                           "the minutes after '%s' must be a whole number", name);
        char *end = NULL;
        errno = 0;
        long long v = strtoll(p, &end, 10);
        if (errno || v > ESCALATION_MAX_AFTER_MINUTES)
            return err_set(info, E_INVALID, "escalation",
                           "a step comes at most %d minutes after the one before",
                           ESCALATION_MAX_AFTER_MINUTES);
        st->after_minutes = v;
        c.n_steps++;
        p = skip_space(end);
        if (*p == ',') {
            p = skip_space(p + 1);
            if (!*p)
                return err_set(info, E_INVALID, "escalation", "the chain ends with a comma");
        } else if (*p) {
            return err_set(info, E_INVALID, "escalation",
                           "separate the steps with commas, for example "
                           "owner:0,line_manager:15");
        }
    }
    *out = c;
    return E_OK;
}

void escalation_chain_format(const struct escalation_chain *c, char out[static ESCALATION_TEXT_MAX])
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c->n_steps && i < ESCALATION_MAX_STEPS; i++) {
        int n =
            snprintf(out + used, ESCALATION_TEXT_MAX - used, "%s%s:%lld", i ? "," : "",
                     escalation_tell_name(c->steps[i].tell), (long long)c->steps[i].after_minutes);
        if (n < 0 || (size_t)n >= ESCALATION_TEXT_MAX - used)
            break; /* cannot happen: 8 steps of at most 40 characters */
        used += (size_t)n;
    }
}

enum ukclock_weekday escalation_weekday(int64_t at_ms)
{
    int64_t days;
    int32_t sec;
    int64_t s = at_ms >= 0 ? at_ms / 1000 : -((-at_ms + 999) / 1000);
    ukclock_local_day(s, &days, &sec);
    return ukclock_weekday(days);
}

const struct escalation_person *escalation_pick(const struct escalation_people *people,
                                                enum escalation_tell tell, int64_t at_ms)
{
    const struct escalation_person *p = NULL;
    switch (tell) {
    case ESCALATION_OWNER:
        p = &people->owner;
        break;
    case ESCALATION_LINE_MANAGER:
        p = &people->line_manager;
        break;
    case ESCALATION_DUTY_MANAGER:
        p = &people->duty_rota[escalation_weekday(at_ms)];
        break;
    case ESCALATION_HEAD_OF_SERVICE:
        p = &people->head_of_service;
        break;
    case ESCALATION_SENIOR_DISTRICT_OFFICER:
        p = &people->senior_district_officer;
        break;
    case ESCALATION_TELL_COUNT:
        break;
    }
    return p && p->found ? p : NULL;
}

void escalation_skip_reason(enum escalation_tell tell, int64_t at_ms, char *out, size_t len)
{
    switch (tell) {
    case ESCALATION_OWNER:
        snprintf(out, len, "the clock has no owner");
        break;
    case ESCALATION_LINE_MANAGER:
        snprintf(out, len, "no line manager is recorded for the owner");
        break;
    case ESCALATION_DUTY_MANAGER:
        snprintf(out, len, "nobody is on the duty manager rota for %s",
                 ukclock_weekday_name(escalation_weekday(at_ms)));
        break;
    case ESCALATION_HEAD_OF_SERVICE:
        snprintf(out, len, "no head of service is recorded");
        break;
    case ESCALATION_SENIOR_DISTRICT_OFFICER:
        snprintf(out, len, "no Senior District Officer is recorded");
        break;
    default:
        snprintf(out, len, "nobody holds that role");
        break;
    }
}

static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "Mon 23 Nov 2026 10:30" in Europe/London. */
static void local_text(int64_t at_ms, char *out, size_t len)
{
    struct ukclock_local l;
    int64_t s = at_ms >= 0 ? at_ms / 1000 : -((-at_ms + 999) / 1000);
    ukclock_to_local(s, &l);
    int64_t days;
    int32_t sec;
    ukclock_local_day(s, &days, &sec);
    snprintf(out, len, "%s %d %s %d %02d:%02d", ukclock_weekday_abbr(ukclock_weekday(days)), l.day,
             months[(l.month - 1) % 12], l.year, l.hour, l.minute);
}

void escalation_subject(const struct escalation_facts *f, char *out, size_t len)
{
    if (f->notice == ESCALATION_NOTICE_WARNING)
        snprintf(out, len, "Deadline soon: %s (%s)", f->policy_name, f->reference);
    else
        snprintf(out, len, "Deadline missed: %s (%s)", f->policy_name, f->reference);
}

void escalation_text(const struct escalation_facts *f, char *out, size_t len)
{
    char due[48];
    local_text(f->due_at_ms, due, sizeof(due));
    if (f->notice == ESCALATION_NOTICE_WARNING) {
        snprintf(out, len, "%s for %s is due by %s. You own it.", f->policy_name, f->reference,
                 due);
    } else if (f->tell == ESCALATION_OWNER) {
        snprintf(out, len,
                 "%s for %s was due by %s and the deadline has passed. You own it: record why "
                 "it was missed, and acknowledge to stop the escalation.",
                 f->policy_name, f->reference, due);
    } else {
        snprintf(out, len,
                 "%s for %s was due by %s and the deadline has passed. You are told as %s%s%s%s. "
                 "Acknowledge to stop the escalation.",
                 f->policy_name, f->reference, due, escalation_tell_label(f->tell),
                 f->owner_name && *f->owner_name ? " (owner: " : "",
                 f->owner_name && *f->owner_name ? f->owner_name : "",
                 f->owner_name && *f->owner_name ? ")" : "");
    }
}

void escalation_email_text(const struct escalation_facts *f, char *out, size_t len)
{
    char due[48];
    local_text(f->due_at_ms, due, sizeof(due));
    if (f->notice == ESCALATION_NOTICE_WARNING)
        snprintf(out, len, "%s for reference %s is due by %s (UK time).\n", f->policy_name,
                 f->reference, due);
    else
        snprintf(out, len,
                 "%s for reference %s was due by %s (UK time) and the deadline has passed.\n"
                 "You are told as %s.\n",
                 f->policy_name, f->reference, due, escalation_tell_label(f->tell));
}
