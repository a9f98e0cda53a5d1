/*
 * routing_json: the JSON shapes of docs/routing.md.
 */
#include "http/routing_json.h"

#include "core/timefmt.h"
#include "http/contact_json.h"
#include "http/jsonin.h"

enum err routing_json_optional_body(struct request *req, struct err_info *info)
{
    if (req->json || req->body.len == 0)
        return E_OK;
    json_error_t jerr;
    req->json = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!req->json || !json_is_object(req->json))
        return err_set(info, E_INVALID, "", "the body must be a JSON object");
    return E_OK;
}

enum err routing_json_optional_text(struct request *req, const char *field, const char **out,
                                    struct err_info *info)
{
    *out = NULL;
    enum err rc = routing_json_optional_body(req, info);
    if (rc || !req->json)
        return rc;
    const char *const fields[] = {field, NULL};
    rc = jsonin_only(req->json, fields, info);
    return rc ? rc : jsonin_string(req->json, field, out, info);
}

enum err routing_json_time(json_t *obj, const char *key, int64_t *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_string(v) || timefmt_parse(json_string_value(v), out))
        return err_set(info, E_INVALID, key,
                       "enter the date and time as ISO 8601, for example 2026-11-23T09:15:00Z");
    return E_OK;
}

enum err routing_json_bool(json_t *obj, const char *key, bool dflt, bool *out,
                           struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = dflt;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, key, "'%s' must be true or false", key);
    *out = json_is_true(v);
    return E_OK;
}

enum err routing_json_tri(json_t *obj, const char *key, enum tri *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = TRI_UNKNOWN;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, key, "'%s' must be true, false or null (not known yet)",
                       key);
    *out = json_is_true(v) ? TRI_YES : TRI_NO;
    return E_OK;
}

static json_t *tri_json(enum tri t)
{
    return t == TRI_UNKNOWN ? json_null() : json_boolean(t == TRI_YES);
}

static json_t *id_json(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *callback_promise_to_json(const struct callback_promise *p)
{
    return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:I}", "id", (json_int_t)p->id,
                     "contact_id", (json_int_t)p->contact_id, "worker",
                     person_ref_json(p->worker_id, p->worker_name), "callback_by",
                     time_json(p->callback_by), "told", p->told ? p->told : "", "if_no_call",
                     p->if_no_call ? p->if_no_call : "", "told_by",
                     person_ref_json(p->created_by > 0 ? p->created_by : 0, p->created_by_name),
                     "recorded_at", time_json(p->created_at), "task_id", (json_int_t)p->task_id);
}

json_t *worker_message_to_json(const struct worker_message *m)
{
    return json_pack(
        "{s:I, s:I, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "id", (json_int_t)m->id, "contact_id", (json_int_t)m->contact_id, "contact_reference",
        m->contact_reference, "worker", person_ref_json(m->worker_id, m->worker_name),
        "what_happened", m->what_happened ? m->what_happened : "", "what_was_done",
        m->what_was_done ? m->what_was_done : "", "follow_up", m->follow_up ? m->follow_up : "",
        "callback_promise_id", id_json(m->callback_promise_id), "written_item_id",
        id_json(m->written_item_id), "in_app_message_id", id_json(m->in_app_outbox_id),
        "email_message_id", id_json(m->email_outbox_id), "clock_id", id_json(m->clock_id),
        "sent_at", time_json(m->created_at), "sent_by",
        person_ref_json(m->created_by > 0 ? m->created_by : 0, m->created_by_name), "returned_at",
        time_json(m->returned_at), "returned_by",
        person_ref_json(m->returned_at ? m->returned_by : 0, m->returned_by_name), "return_note",
        text_or_null(m->return_note));
}

json_t *written_item_to_json(const struct written_item *w)
{
    return json_pack(
        "{s:I, s:I, s:o, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)w->id,
        "contact_id", (json_int_t)w->contact_id, "worker",
        person_ref_json(w->worker_id, w->worker_name), "description",
        w->description ? w->description : "", "stored_at", w->stored_at ? w->stored_at : "",
        "wants_original", tri_json(w->wants_original), "acknowledged_by",
        written_ack_name(w->acknowledged_by), "can_act_in_time", tri_json(w->can_act_in_time),
        "person_told", text_or_null(w->person_told), "recorded_at", time_json(w->created_at),
        "recorded_by", person_ref_json(w->created_by > 0 ? w->created_by : 0, w->created_by_name));
}

json_t *on_behalf_to_json(const struct on_behalf_action *a)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id,
                     "contact_id", (json_int_t)a->contact_id, "kind", on_behalf_kind_name(a->kind),
                     "label", on_behalf_kind_label(a->kind), "details",
                     a->details ? a->details : "", "worker",
                     person_ref_json(a->worker_id, a->worker_name), "in_app_message_id",
                     id_json(a->in_app_outbox_id), "email_message_id", id_json(a->email_outbox_id),
                     "recorded_at", time_json(a->created_at), "recorded_by",
                     person_ref_json(a->created_by > 0 ? a->created_by : 0, a->created_by_name));
}

json_t *referral_to_json(const struct referral *r)
{
    json_t *j = json_pack(
        "{s:I, s:s, s:I, s:s, s:o, s:o, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o}", "id",
        (json_int_t)r->id, "reference", r->reference, "contact_id", (json_int_t)r->contact_id,
        "contact_reference", r->contact_reference, "to_team",
        person_ref_json(r->to_team_id, r->to_team_name), "from_team",
        person_ref_json(r->from_team_id, r->from_team_name), "kind", referral_kind_name(r->kind),
        "safeguarding", r->safeguarding, "recommendation",
        r->recommendation ? r->recommendation : "", "work_plan", r->work_plan ? r->work_plan : "",
        "recommendation_decision_id", id_json(r->recommendation_decision_id), "phoned_to",
        text_or_null(r->phoned_to), "phoned_at", time_json(r->phoned_at), "state",
        referral_state_name(r->state), "created_at", time_json(r->created_at), "created_by",
        person_ref_json(r->created_by > 0 ? r->created_by : 0, r->created_by_name));
    json_object_set_new(j, "answered_at", time_json(r->answered_at));
    json_object_set_new(j, "answered_by",
                        person_ref_json(r->answered_at ? r->answered_by : 0, r->answered_by_name));
    json_object_set_new(j, "return_reason",
                        r->state == REFERRAL_RETURNED ? text_or_null(r->answer_note) : json_null());
    json_object_set_new(j, "accept_note",
                        r->state == REFERRAL_ACCEPTED ? text_or_null(r->answer_note) : json_null());
    json_object_set_new(j, "confirmation_sent_at", time_json(r->confirmation_sent_at));
    return j;
}

json_t *task_to_json(const struct task *t, int64_t now_ms)
{
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "id",
        (json_int_t)t->id, "kind", task_kind_name(t->kind), "label", task_kind_label(t->kind),
        "state", task_state_name(t->state), "due_at", time_json(t->due_at), "note",
        t->note ? t->note : "", "agreed_with", text_or_null(t->agreed_with), "contact_id",
        id_json(t->contact_id), "person_id", id_json(t->person_id), "owner",
        person_ref_json(t->owner_user_id, t->owner_name), "team",
        person_ref_json(t->team_id, t->team_name), "created_at", time_json(t->created_at),
        "created_by", person_ref_json(t->created_by > 0 ? t->created_by : 0, t->created_by_name),
        "overdue", task_overdue(t, now_ms));
    json_object_set_new(j, "closed_at", time_json(t->closed_at));
    json_object_set_new(j, "closed_by",
                        person_ref_json(t->closed_at ? t->closed_by : 0, t->closed_by_name));
    json_object_set_new(j, "close_note", text_or_null(t->close_note));
    return j;
}
