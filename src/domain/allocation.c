/*
 * allocation: kinds, checks and the W1 question. An allocation runs from starts_at up to (not
 * including) its effective end, so one ended at 14:00 no longer counts at 14:00.
 */
#include "domain/allocation.h"

#include <stdio.h>
#include <string.h>

#include "domain/directory.h"

static const struct {
    const char *name, *label;
    bool worker;
} kinds[ALLOCATION_KIND_COUNT] = {
    [ALLOCATION_KIND_NONE] = {"", "", false},
    [ALLOCATION_SOCIAL_WORKER] = {"social_worker", "Social worker", true},
    [ALLOCATION_PERSONAL_ADVISER] = {"personal_adviser", "Personal adviser (PA)", true},
    [ALLOCATION_KEY_WORKER] = {"key_worker", "Key worker", true},
    [ALLOCATION_REVIEWING_TEAM] = {"reviewing_team", "Reviewing team", false},
    [ALLOCATION_ASSESSMENT_TEAM] = {"assessment_team", "Assessment team", false},
};

const char *allocation_kind_name(enum allocation_kind k)
{
    return (unsigned)k < ALLOCATION_KIND_COUNT ? kinds[k].name : "";
}

const char *allocation_kind_label(enum allocation_kind k)
{
    return (unsigned)k < ALLOCATION_KIND_COUNT ? kinds[k].label : "";
}

bool allocation_kind_is_worker(enum allocation_kind k)
{
    return (unsigned)k < ALLOCATION_KIND_COUNT && kinds[k].worker;
}

enum allocation_kind allocation_kind_parse(const char *name)
{
    for (int k = ALLOCATION_KIND_NONE + 1; name && k < ALLOCATION_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return (enum allocation_kind)k;
    return ALLOCATION_KIND_NONE;
}

enum err allocation_validate(const struct allocation *a, int64_t now_ms, struct err_info *info)
{
    if (a->person_id <= 0)
        return err_set(info, E_INVALID, "person_id", "choose the person being allocated");
    if (a->kind <= ALLOCATION_KIND_NONE || a->kind >= ALLOCATION_KIND_COUNT)
        return err_set(info, E_INVALID, "kind",
                       "choose the kind of allocation: social_worker, personal_adviser, "
                       "key_worker, reviewing_team or assessment_team");
    if (allocation_kind_is_worker(a->kind) && a->worker_id <= 0)
        return err_set(info, E_INVALID, "worker_id", "a %s allocation needs a worker",
                       allocation_kind_label(a->kind));
    if (!allocation_kind_is_worker(a->kind) && a->team_id <= 0)
        return err_set(info, E_INVALID, "team_id", "a %s allocation needs a team",
                       allocation_kind_label(a->kind));
    if (a->worker_id < 0 || a->team_id < 0)
        return err_set(info, E_INVALID, a->worker_id < 0 ? "worker_id" : "team_id",
                       "choose a worker or team from the directory");
    if (a->starts_at <= 0)
        return err_set(info, E_INVALID, "starts_at", "enter when the allocation starts");
    if (a->starts_at > now_ms + ALLOCATION_FUTURE_MAX_MS)
        return err_set(info, E_INVALID, "starts_at",
                       "an allocation cannot start more than a year ahead");
    if (a->ends_at != 0 && a->ends_at <= a->starts_at)
        return err_set(info, E_INVALID, "ends_at", "the planned end must be after the start");
    char scratch[ALLOCATION_NOTE_MAX * 4 + 1];
    return directory_text(scratch, sizeof(scratch), a->note, ALLOCATION_NOTE_MAX, false, true,
                          "note", "the note", info);
}

enum err allocation_end_validate(const struct allocation *a, int64_t ended_at_ms,
                                 const char *reason, struct err_info *info)
{
    if (a->ended_at != 0)
        return err_set(info, E_CONFLICT, "", "this allocation has already been ended");
    if (ended_at_ms < a->starts_at)
        return err_set(info, E_INVALID, "ended_at", "an allocation cannot end before it started");
    char scratch[ALLOCATION_REASON_MAX * 4 + 1];
    return directory_text(scratch, sizeof(scratch), reason, ALLOCATION_REASON_MAX, true, true,
                          "reason", "why the allocation is ending", info);
}

int64_t allocation_effective_end(const struct allocation *a)
{
    if (a->ended_at && a->ends_at)
        return a->ended_at < a->ends_at ? a->ended_at : a->ends_at;
    return a->ended_at ? a->ended_at : a->ends_at;
}

bool allocation_is_current(const struct allocation *a, int64_t now_ms)
{
    if (now_ms < a->starts_at)
        return false;
    int64_t end = allocation_effective_end(a);
    return end == 0 || now_ms < end;
}

bool allocation_overlaps(const struct allocation *a, const struct allocation *b)
{
    if (a->person_id != b->person_id || a->kind != b->kind || a->worker_id != b->worker_id ||
        a->team_id != b->team_id)
        return false;
    int64_t a_end = allocation_effective_end(a), b_end = allocation_effective_end(b);
    bool a_before_b = a_end != 0 && a_end <= b->starts_at;
    bool b_before_a = b_end != 0 && b_end <= a->starts_at;
    return !a_before_b && !b_before_a;
}

enum err allocation_check(const struct allocation *all, size_t n, int64_t person_id,
                          int64_t worker_id, const char *worker_name, int64_t team_id,
                          const char *team_name, int64_t now_ms, struct allocation_verdict *out,
                          struct err_info *info)
{
    memset(out, 0, sizeof(*out));
    if (worker_id <= 0 && team_id <= 0)
        return err_set(info, E_INVALID, "worker", "name the worker or the team the request is for");
    const char *wname = worker_name && *worker_name ? worker_name : "the worker";
    const char *tname = team_name && *team_name ? team_name : "the team";
    const struct allocation *by_worker = NULL, *by_team = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct allocation *a = &all[i];
        if (a->person_id != person_id || !allocation_is_current(a, now_ms))
            continue;
        out->n_current++;
        if (worker_id > 0 && a->worker_id == worker_id && !by_worker)
            by_worker = a;
        /* a team allocation beats a worker's team being named on a worker allocation */
        if (team_id > 0 && a->team_id == team_id &&
            (!by_team ||
             (allocation_kind_is_worker(by_team->kind) && !allocation_kind_is_worker(a->kind))))
            by_team = a;
    }
    out->anyone_allocated = out->n_current > 0;
    out->worker_allocated = by_worker != NULL;
    out->team_responsible = by_team != NULL;
    out->allowed = out->worker_allocated || out->team_responsible;
    out->matched_id = by_worker ? by_worker->id : by_team ? by_team->id : 0;

    char worker_part[200] = "", team_part[200] = "";
    if (worker_id > 0) {
        if (by_worker)
            snprintf(worker_part, sizeof(worker_part), "%s is allocated to this person as %s",
                     wname, allocation_kind_label(by_worker->kind));
        else
            snprintf(worker_part, sizeof(worker_part), "%s is not allocated to this person", wname);
    }
    if (team_id > 0) {
        if (by_team && !allocation_kind_is_worker(by_team->kind))
            snprintf(team_part, sizeof(team_part), "%s is responsible for this person's %s", tname,
                     by_team->kind == ALLOCATION_REVIEWING_TEAM ? "review" : "assessment");
        else if (by_team)
            snprintf(team_part, sizeof(team_part), "%s holds this person's case (%s)", tname,
                     allocation_kind_label(by_team->kind));
        else
            snprintf(team_part, sizeof(team_part),
                     "%s is not responsible for this person's assessment or review", tname);
    }
    const char *tail;
    if (out->allowed)
        tail = "pass the request on";
    else if (out->anyone_allocated)
        tail = "do not pass the request on, see who is allocated";
    else
        tail = "nobody is allocated, so the front door deals with it";
    if (worker_part[0] && team_part[0])
        snprintf(out->reason, sizeof(out->reason), "%s; %s; %s", worker_part, team_part, tail);
    else
        snprintf(out->reason, sizeof(out->reason), "%s; %s",
                 worker_part[0] ? worker_part : team_part, tail);
    return E_OK;
}
