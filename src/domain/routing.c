/*
 * routing: the five answers and their wording. "Back today" compares Europe/London calendar
 * days, so a worker free again at 4pm is back today and one free tomorrow at 9am is away. The
 * words name persons by their display name (never "person 12"), a restricted record not open to
 * the asker as "the person (restricted record)", and times as GOV.UK does ("9am", "2:30pm").
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

/* "9am", "2:30pm", "midday", "midnight": web/js/schedule.js clockWords. */
static void clock_words(int hour, int minute, char *out, size_t len)
{
    if (minute == 0 && (hour == 0 || hour == 24)) {
        snprintf(out, len, "midnight");
        return;
    }
    if (minute == 0 && hour == 12) {
        snprintf(out, len, "midday");
        return;
    }
    int hour12 = hour % 12 == 0 ? 12 : hour % 12;
    const char *suffix = hour < 12 ? "am" : "pm";
    if (minute == 0)
        snprintf(out, len, "%d%s", hour12, suffix);
    else
        snprintf(out, len, "%d:%02d%s", hour12, minute, suffix);
}

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
    char clock[16];
    clock_words(l.hour, l.minute, clock, sizeof(clock));
    int64_t day = local_day(next_ms), today = local_day(now_ms);
    if (day == today)
        snprintf(out, ROUTING_WHEN_MAX, "today at %s", clock);
    else if (day == today + 1)
        snprintf(out, ROUTING_WHEN_MAX, "tomorrow at %s", clock);
    else
        snprintf(out, ROUTING_WHEN_MAX, "%s %d %s at %s",
                 ukclock_weekday_name(ukclock_weekday(day)), l.day,
                 l.month >= 1 && l.month <= 12 ? month_names[l.month - 1] : "", clock);
}

/* After a snprintf into out[len] that may have been cut: drops a UTF-8 sequence left partial at
 * the end, so the text stays valid for JSON. */
static void utf8_trim(char *out, size_t len)
{
    size_t n = strnlen(out, len);
    if (n == 0)
        return;
    size_t start = n; /* the last sequence's lead byte */
    while (start > 0 && ((unsigned char)out[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char)out[start - 1];
    size_t want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (start - 1) < want)
        out[start - 1] = '\0';
}

/* Person i by name for the answer: their display name; "the person (restricted record)" when
 * withheld from the asker (W13); "the person" when the name is not known. */
static const char *person_words(const struct routing_facts *f, size_t i)
{
    if (f->person_withheld && f->person_withheld[i])
        return "the person (restricted record)";
    if (f->person_names && f->person_names[i] && *f->person_names[i])
        return f->person_names[i];
    return "the person";
}

/* "Kayleigh Price", "Jordan Price and Tyler Okonkwo-Barnes", "A, B and C". */
static void persons_text(const struct routing_facts *f, char *out, size_t len)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < f->n_persons && used < len; i++) {
        const char *sep = i == 0 ? "" : i + 1 == f->n_persons ? " and " : ", ";
        int k = snprintf(out + used, len - used, "%s%s", sep, person_words(f, i));
        if (k < 0)
            break;
        used += (size_t)k;
    }
    utf8_trim(out, len);
}

static const char *asked_words(const struct routing_facts *f)
{
    return f->worker_id > 0 && f->worker_name && *f->worker_name ? f->worker_name
           : f->worker_id > 0                                    ? "the worker"
           : f->team_name && *f->team_name                       ? f->team_name
                                                                 : "the team";
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
    const char *who = asked_words(f);
    char persons[ROUTING_REASON_MAX / 2];
    persons_text(f, persons, sizeof(persons));

    if (!allowed_all) {
        out->transfer_allowed = false;
        const char *person = person_words(f, someone_else ? first_held : first_refused);
        if (someone_else) {
            out->answer = ROUTING_NOT_ALLOCATED;
            if (f->holder_withheld)
                snprintf(out->reason, sizeof(out->reason),
                         "%s is not allocated to %s and is not responsible for their assessment "
                         "or review: do not transfer the call; the person's record is "
                         "restricted, so who holds the case is not shown: pass the call to the "
                         "duty manager",
                         who, person);
            else if (f->holder && *f->holder)
                snprintf(out->reason, sizeof(out->reason),
                         "%s is not allocated to %s and is not responsible for their assessment "
                         "or review: do not transfer the call; %s holds the case",
                         who, person, f->holder);
            else
                snprintf(out->reason, sizeof(out->reason),
                         "%s is not allocated to %s and is not responsible for their assessment "
                         "or review: do not transfer the call; someone else holds the case, see "
                         "who is allocated",
                         who, person);
        } else {
            out->answer = ROUTING_FRONT_DOOR;
            out->front_door_manages = true;
            snprintf(out->reason, sizeof(out->reason),
                     "nobody is allocated to %s: do not transfer the call; the front door deals "
                     "with the contact",
                     person);
        }
        utf8_trim(out->reason, sizeof(out->reason));
        return E_OK;
    }

    out->transfer_allowed = true;
    if (f->worker_id <= 0 || !f->availability_known) {
        out->answer = ROUTING_PASS_ON;
        snprintf(out->reason, sizeof(out->reason), "%s is responsible for %s: pass the request on",
                 who, persons);
        utf8_trim(out->reason, sizeof(out->reason));
        return E_OK;
    }
    const struct availability *av = &f->availability;
    char when[ROUTING_WHEN_MAX];
    routing_when_text(av->next_available_at, f->now_ms, when);
    out->back_today = !av->available_now && av->next_available_at > f->now_ms &&
                      routing_same_local_day(av->next_available_at, f->now_ms);
    if (av->available_now) {
        out->answer = ROUTING_PASS_ON;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s and is available now: pass the call on", who, persons);
    } else if (out->back_today) {
        out->answer = ROUTING_UNAVAILABLE;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s but is not available now; they are next free %s: tell "
                 "the caller when to expect a call back, leave %s a message, and if it cannot "
                 "wait, use the escalation path",
                 who, persons, when, who);
    } else if (f->n_colleagues_free > 0) {
        out->answer = ROUTING_COLLEAGUE;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s but is away (next free: %s); a colleague in their team "
                 "is free now and can take it; leave %s a message",
                 who, persons, when, who);
    } else {
        out->answer = ROUTING_FRONT_DOOR;
        out->front_door_manages = true;
        snprintf(out->reason, sizeof(out->reason),
                 "%s is allocated to %s but is away (next free: %s) and no colleague in their "
                 "team is free: the front door deals with the contact, leave %s a message, and "
                 "if it cannot wait, use the escalation path",
                 who, persons, when, who);
    }
    utf8_trim(out->reason, sizeof(out->reason));
    return E_OK;
}

void routing_person_reason(const struct routing_facts *f, size_t i, const char *held_as,
                           char *out, size_t len)
{
    if (len == 0)
        return;
    out[0] = '\0';
    if (i >= f->n_persons || !f->verdicts)
        return;
    const struct allocation_verdict *v = &f->verdicts[i];
    bool withheld = f->person_withheld && f->person_withheld[i];
    const char *person = withheld ? "this person" : person_words(f, i);
    const char *wname = f->worker_name && *f->worker_name ? f->worker_name : "the worker";
    const char *tname = f->team_name && *f->team_name ? f->team_name : "the team";
    if (!v->anyone_allocated) {
        snprintf(out, len, "nobody is allocated to %s", person);
        utf8_trim(out, len);
        return;
    }
    char worker_part[ROUTING_REASON_MAX / 4] = "", team_part[ROUTING_REASON_MAX / 4] = "";
    if (f->worker_id > 0) {
        if (v->worker_allocated && held_as && *held_as)
            snprintf(worker_part, sizeof(worker_part), "%s is allocated to %s as %s", wname,
                     person, held_as);
        else if (v->worker_allocated)
            snprintf(worker_part, sizeof(worker_part), "%s is allocated to %s", wname, person);
        else
            snprintf(worker_part, sizeof(worker_part), "%s is not allocated to %s", wname, person);
        utf8_trim(worker_part, sizeof(worker_part));
    }
    if (f->team_id > 0) {
        if (v->team_responsible)
            snprintf(team_part, sizeof(team_part), "%s is responsible for %s", tname,
                     f->worker_id > 0 ? "them" : person);
        else
            snprintf(team_part, sizeof(team_part), "%s is not responsible for %s", tname,
                     f->worker_id > 0 ? "them" : person);
        utf8_trim(team_part, sizeof(team_part));
    }
    snprintf(out, len, "%s%s%s%s", worker_part, worker_part[0] && team_part[0] ? "; " : "",
             team_part,
             withheld && !v->allowed
                 ? "; the record is restricted, so who holds the case is not shown"
                 : "");
    utf8_trim(out, len);
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
