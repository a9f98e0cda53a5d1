/*
 * routing: the five answers and their wording. "Back today" compares Europe/London calendar
 * days, so a worker free again at 16:00 is back today and one free tomorrow at 09:00 is away.
 */
#include "domain/routing.h"

#include <stdio.h>
#include <string.h>

#include "core/ukclock.h"
#include "domain/contact.h"

static const char *const answer_names[ROUTING_ANSWER_COUNT] = {
    [ROUTING_PASS_ON] = "pass_on",       [ROUTING_UNAVAILABLE] = "unavailable",
    [ROUTING_COLLEAGUE] = "colleague",   [ROUTING_NOT_ALLOCATED] = "not_allocated",
    [ROUTING_FRONT_DOOR] = "front_door",
};

const char *routing_answer_name(enum routing_answer a)
{
    return (unsigned)a < ROUTING_ANSWER_COUNT ? answer_names[a] : "";
}

static int64_t local_day(int64_t at_ms)
{
    int64_t days;
    int32_t sec;
    ukclock_local_day(at_ms / 1000, &days, &sec);
    return days;
}

bool routing_same_local_day(int64_t a_ms, int64_t b_ms)
{
    return local_day(a_ms) == local_day(b_ms);
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

void routing_when_text(int64_t next_ms, int64_t now_ms, char out[static ROUTING_WHEN_MAX])
{
    if (next_ms <= 0) {
        snprintf(out, ROUTING_WHEN_MAX, "not known");
        return;
    }
    if (next_ms <= now_ms) {
        snprintf(out, ROUTING_WHEN_MAX, "now");
        return;
    }
    struct ukclock_local l;
    ukclock_to_local(next_ms / 1000, &l);
    int64_t day = local_day(next_ms), today = local_day(now_ms);
    if (day == today)
        snprintf(out, ROUTING_WHEN_MAX, "today at %02d:%02d", l.hour, l.minute);
    else if (day == today + 1)
        snprintf(out, ROUTING_WHEN_MAX, "tomorrow at %02d:%02d", l.hour, l.minute);
    else
        snprintf(out, ROUTING_WHEN_MAX, "%s %d %s at %02d:%02d",
                 ukclock_weekday_name(ukclock_weekday(day)), l.day,
                 l.month >= 1 && l.month <= 12 ? month_names[l.month - 1] : "", l.hour, l.minute);
}

/* "person 12" or "these persons" for the reason. */
static void persons_text(const struct routing_facts *f, char *out, size_t len)
{
    if (f->n_persons == 1)
        snprintf(out, len, "person %lld", (long long)f->person_ids[0]);
    else
        snprintf(out, len, "all %zu persons the contact is about", f->n_persons);
}

enum err routing_decide(const struct routing_facts *f, struct routing_result *out,
                        struct err_info *info)
{
    memset(out, 0, sizeof(*out));
    if (f->worker_id <= 0 && f->team_id <= 0)
        return err_set(info, E_INVALID, "worker",
                       "name the worker or the team the caller asked for");
    if (f->n_persons == 0 || !f->verdicts || !f->person_ids)
        return err_set(info, E_INVALID, "subject_person_ids",
                       "record who the contact is about before checking who holds their case");

    /* the first person refused, and the first whose case someone else holds: the reason is
     * about the latter when there is one, as f->holder is */
    bool allowed_all = true, someone_else = false;
    size_t first_refused = 0, first_held = 0;
    for (size_t i = f->n_persons; i-- > 0;) {
        const struct allocation_verdict *v = &f->verdicts[i];
        if (!v->allowed) {
            allowed_all = false;
            first_refused = i;
            if (v->anyone_allocated) {
                someone_else = true;
                first_held = i;
            }
        }
    }
    const char *who = f->worker_id > 0 && f->worker_name && *f->worker_name ? f->worker_name
                      : f->worker_id > 0                                    ? "the worker"
                      : f->team_name && *f->team_name                       ? f->team_name
                                                                            : "the team";
    char persons[96];
    persons_text(f, persons, sizeof(persons));

    if (!allowed_all) {
        out->transfer_allowed = false;
        long long pid = (long long)f->person_ids[someone_else ? first_held : first_refused];
        if (someone_else) {
            out->answer = ROUTING_NOT_ALLOCATED;
            if (f->holder_withheld)
                snprintf(out->reason, sizeof(out->reason),
                         "%s is not allocated to person %lld and is not responsible for their "
                         "assessment or review: do not transfer the call; the person's record is "
                         "restricted, so who holds the case is not shown: pass the call to the "
                         "duty manager",
                         who, pid);
            else if (f->holder && *f->holder)
                snprintf(out->reason, sizeof(out->reason),
                         "%s is not allocated to person %lld and is not responsible for their "
                         "assessment or review: do not transfer the call; %s holds the case",
                         who, pid, f->holder);
            else
                snprintf(out->reason, sizeof(out->reason),
                         "%s is not allocated to person %lld and is not responsible for their "
                         "assessment or review: do not transfer the call; someone else holds "
                         "the case, see who is allocated",
                         who, pid);
        } else {
            out->answer = ROUTING_FRONT_DOOR;
            out->front_door_manages = true;
            snprintf(out->reason, sizeof(out->reason),
                     "nobody is allocated to person %lld: do not transfer the call; the front "
                     "door deals with the contact",
                     pid);
        }
        return E_OK;
    }

    out->transfer_allowed = true;
    if (f->worker_id <= 0 || !f->availability_known) {
        out->answer = ROUTING_PASS_ON;
        snprintf(out->reason, sizeof(out->reason), "%s is responsible for %s: pass the request on",
                 who, persons);
        return E_OK;
    }
    const struct availability *av = &f->availability;
    char when[ROUTING_WHEN_MAX];
    routing_when_text(av->next_available_at, f->now_ms, when);
    if (av->available_now) {
        out->answer = ROUTING_PASS_ON;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s and is available now: pass the call on", who, persons);
        return E_OK;
    }
    out->back_today = av->next_available_at > f->now_ms &&
                      routing_same_local_day(av->next_available_at, f->now_ms);
    if (out->back_today) {
        out->answer = ROUTING_UNAVAILABLE;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s but is not available now; they are next free %s: tell "
                 "the caller when to expect a call back, leave %s a message, and if it cannot "
                 "wait, use the escalation path",
                 who, persons, when, who);
        return E_OK;
    }
    if (f->n_colleagues_free > 0) {
        out->answer = ROUTING_COLLEAGUE;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s but is away (next free: %s); a colleague in their team "
                 "is free now and can take it; leave %s a message",
                 who, persons, when, who);
        return E_OK;
    }
    out->answer = ROUTING_FRONT_DOOR;
    out->front_door_manages = true;
    snprintf(out->reason, sizeof(out->reason),
             "%s is allocated to %s but is away (next free: %s) and no colleague in their team "
             "is free: the front door deals with the contact, leave %s a message, and if it "
             "cannot wait, use the escalation path",
             who, persons, when, who);
    return E_OK;
}

void routing_verdict_withhold(const struct routing_facts *f, struct allocation_verdict *v)
{
    if (v->allowed || !v->anyone_allocated)
        return;
    char worker_part[180] = "", team_part[180] = ""; /* so that the sentence fits */
    if (f->worker_id > 0)
        snprintf(worker_part, sizeof(worker_part), "%s is not allocated to this person",
                 f->worker_name && *f->worker_name ? f->worker_name : "the worker");
    if (f->team_id > 0)
        snprintf(team_part, sizeof(team_part),
                 "%s is not responsible for this person's assessment or review",
                 f->team_name && *f->team_name ? f->team_name : "the team");
    snprintf(v->reason, sizeof(v->reason),
             "%s%s%s; the person's record is restricted, so who holds the case is not shown: do "
             "not pass the request on, pass the call to the duty manager",
             worker_part, worker_part[0] && team_part[0] ? "; " : "", team_part);
}

enum err routing_text_check(const char *s, long max, bool required, const char *field,
                            const char *what, struct err_info *info)
{
    if (contact_text_blank(s)) {
        if (required)
            return err_set(info, E_INVALID, field, "enter %s", what);
        if (!s || !*s)
            return E_OK;
    }
    long n = utf8_length(s);
    if (n < 0)
        return err_set(info, E_INVALID, field, "%s must be valid UTF-8 text", what);
    if (n > max)
        return err_set(info, E_INVALID, field, "%s must be %ld characters or fewer", what, max);
    return E_OK;
}
