/*
 * task: kinds, the checks on a new task, W7's routing of review requests, and closing.
 */
#include "domain/task.h"

#include <string.h>

#include "domain/routing.h"

static const struct {
    const char *name, *label;
} kinds[TASK_KIND_COUNT] = {
    [TASK_KIND_NONE] = {"", ""},
    [TASK_CALL_BACK] = {"call_back", "Call back"},
    [TASK_FOLLOW_UP] = {"follow_up", "Follow-up agreed with the allocated worker"},
    [TASK_CHECK_ADVICE_WORKED] = {"check_advice_worked",
                                  "Check that the information and advice worked"},
    [TASK_REVIEW_REQUEST] = {"review_request", "Request for a review"},
};

static const char *const state_names[TASK_STATE_COUNT] = {
    [TASK_OPEN] = "open", [TASK_DONE] = "done", [TASK_CANCELLED] = "cancelled"};

const char *task_kind_name(enum task_kind k)
{
    return (unsigned)k < TASK_KIND_COUNT ? kinds[k].name : "";
}

const char *task_kind_label(enum task_kind k)
{
    return (unsigned)k < TASK_KIND_COUNT ? kinds[k].label : "";
}

enum task_kind task_kind_parse(const char *name)
{
    for (int k = TASK_KIND_NONE + 1; name && k < TASK_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return (enum task_kind)k;
    return TASK_KIND_NONE;
}

const char *task_state_name(enum task_state s)
{
    return (unsigned)s < TASK_STATE_COUNT ? state_names[s] : "";
}

enum err task_validate(const struct task *t, int64_t now_ms, struct err_info *info)
{
    if (t->kind <= TASK_KIND_NONE || t->kind >= TASK_KIND_COUNT)
        return err_set(info, E_INVALID, "kind",
                       "choose the kind of task: call_back, follow_up, check_advice_worked or "
                       "review_request");
    enum err rc =
        routing_text_check(t->note, TASK_NOTE_MAX, true, "note", "what is to be done", info);
    if (!rc)
        rc = routing_text_check(t->agreed_with, TASK_AGREED_MAX, t->kind == TASK_FOLLOW_UP,
                                "agreed_with",
                                "who the follow-up was agreed with (the allocated worker)", info);
    if (rc)
        return rc;
    if (t->due_at <= 0)
        return err_set(info, E_INVALID, "due_at", "enter when the task is due");
    if (t->due_at < now_ms - TASK_PAST_SLACK_MS)
        return err_set(info, E_INVALID, "due_at", "the due time has already passed");
    if (t->due_at > now_ms + TASK_FUTURE_MAX_MS)
        return err_set(info, E_INVALID, "due_at", "the due time must be within 400 days");
    if (t->contact_id <= 0 && t->person_id <= 0)
        return err_set(info, E_INVALID, "contact_id",
                       "say which contact or person the task is about");
    if (t->owner_user_id <= 0 && t->team_id <= 0)
        return err_set(info, E_INVALID, "owner_user_id", "choose who the task is for");
    return E_OK;
}

bool task_review_route(const struct allocation *all, size_t n, int64_t person_id, int64_t now_ms,
                       int64_t *worker_id_out, int64_t *team_id_out)
{
    const struct allocation *worker = NULL, *reviewing = NULL, *assessing = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct allocation *a = &all[i];
        if (a->person_id != person_id || !allocation_is_current(a, now_ms))
            continue;
        if (allocation_kind_is_worker(a->kind) && a->worker_id > 0 && !worker)
            worker = a;
        else if (a->kind == ALLOCATION_REVIEWING_TEAM && !reviewing)
            reviewing = a;
        else if (a->kind == ALLOCATION_ASSESSMENT_TEAM && !assessing)
            assessing = a;
    }
    *worker_id_out = 0;
    *team_id_out = 0;
    if (worker) {
        *worker_id_out = worker->worker_id;
        *team_id_out = worker->team_id;
        return true;
    }
    const struct allocation *team = reviewing ? reviewing : assessing;
    if (team) {
        *team_id_out = team->team_id;
        return true;
    }
    return false;
}

enum err task_close_check(const struct task *t, const struct task_closer *who, enum task_state to,
                          const char *reason, struct err_info *info)
{
    if (to != TASK_DONE && to != TASK_CANCELLED)
        return err_set(info, E_INVALID, "state", "a task is closed as done or cancelled");
    bool allowed = who->may_allocate ||
                   (t->owner_user_id > 0 && t->owner_user_id == who->user_id) ||
                   t->created_by == who->user_id || (t->team_id > 0 && who->in_team);
    if (!allowed)
        return err_set(info, E_DENIED, "",
                       "only the task's owner, whoever set it, its team or a manager can close "
                       "it");
    if (t->state != TASK_OPEN)
        return err_set(info, E_CONFLICT, "state", "the task is already %s",
                       task_state_name(t->state));
    if (to == TASK_CANCELLED)
        return routing_text_check(reason, TASK_NOTE_MAX, true, "reason",
                                  "why the task is cancelled", info);
    return routing_text_check(reason, TASK_NOTE_MAX, false, "note", "the note", info);
}

bool task_overdue(const struct task *t, int64_t now_ms)
{
    return t->state == TASK_OPEN && t->due_at > 0 && t->due_at < now_ms;
}
