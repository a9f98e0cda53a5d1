/*
 * contact_json: the contact workflow's JSON. Every field name here is the API's name; the
 * domain structs keep the same names where they can, so a reader can follow a field from the
 * request to the row.
 */
#include "http/contact_json.h"

#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "store/store_contact.h"
#include "store/store_outcome.h"

/* An amendment may also carry why, and the version it amends (for the stale check). */
const char *const contact_json_amend_extra[] = {"reason", "version", NULL};

static const char *str(const char *s)
{
    return s ? s : "";
}

json_t *time_json(int64_t at_ms)
{
    if (!at_ms)
        return json_null();
    char t[TIMEFMT_LEN];
    timefmt_utc(at_ms, t);
    return json_string(t);
}

static json_t *id_json(int64_t id)
{
    return id > 0 ? json_integer((json_int_t)id) : json_null();
}

static json_t *code_json(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *person_ref_json(int64_t id, const char *name)
{
    if (!id)
        return json_null();
    return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", str(name));
}

/* --- reading ------------------------------------------------------------------------------ */

static enum err get_text(json_t *obj, const char *key, const char **out, bool *present,
                         struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *present = v != NULL;
    if (!v || json_is_null(v)) {
        *out = NULL;
        return E_OK;
    }
    if (!json_is_string(v))
        return err_set(info, E_INVALID, key, "'%s' must be text", key);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set(info, E_INVALID, key, "'%s' must not contain a NUL character", key);
    *out = json_string_value(v);
    return E_OK;
}

static enum err get_bool(json_t *obj, const char *key, bool *out, bool *present,
                         struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *present = v != NULL;
    *out = false;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, key, "'%s' must be true or false", key);
    *out = json_is_true(v);
    return E_OK;
}

static enum err get_id(json_t *obj, const char *key, int64_t *out, bool *present,
                       struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *present = v != NULL;
    *out = 0;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(info, E_INVALID, key, "'%s' must be a whole number above 0", key);
    *out = (int64_t)json_integer_value(v);
    return E_OK;
}

enum err contact_json_id(json_t *obj, const char *key, int64_t *out, struct err_info *info)
{
    bool present;
    return get_id(obj, key, out, &present, info);
}

static enum err get_time(json_t *obj, const char *key, int64_t *out, bool *present,
                         struct err_info *info)
{
    const char *text;
    enum err rc = get_text(obj, key, &text, present, info);
    *out = 0;
    if (rc || !text)
        return rc;
    if (timefmt_parse(text, out))
        return err_set(info, E_INVALID, key,
                       "enter the date and time as ISO 8601, for example 2026-11-23T09:15:00Z");
    return E_OK;
}

/* A code from a fixed set: unknown text is E_INVALID naming key with the hint. */
static enum err get_code(json_t *obj, const char *key, int (*parse)(const char *), int *out,
                         bool *present, const char *hint, struct err_info *info)
{
    const char *text;
    enum err rc = get_text(obj, key, &text, present, info);
    *out = 0;
    if (rc || !text)
        return rc;
    *out = parse(text);
    if (!*out)
        return err_set(info, E_INVALID, key, "%s", hint);
    return E_OK;
}

static int parse_source(const char *s)
{
    return (int)contact_source_parse(s);
}

static int parse_consent(const char *s)
{
    return (int)share_consent_parse(s);
}

static int parse_service(const char *s)
{
    return (int)contact_service_parse(s);
}

static enum err get_subjects(json_t *obj, struct contact *c, bool *present, struct err_info *info)
{
    json_t *v = json_object_get(obj, "subject_person_ids");
    *present = v != NULL;
    c->n_subjects = 0;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_array(v))
        return err_set(info, E_INVALID, "subject_person_ids",
                       "'subject_person_ids' must be a list of person ids");
    if (json_array_size(v) > CONTACT_SUBJECTS_MAX)
        return err_set(info, E_INVALID, "subject_person_ids",
                       "a contact can be about at most %d persons", CONTACT_SUBJECTS_MAX);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_integer(e) || json_integer_value(e) < 1)
            return err_set(info, E_INVALID, "subject_person_ids",
                           "person ids must be whole numbers above 0");
        c->subjects[c->n_subjects++] = (int64_t)json_integer_value(e);
    }
    return E_OK;
}

enum err contact_from_json(json_t *obj, struct contact *c, unsigned *present, struct err_info *info)
{
    bool p = false;
    int code = 0;
    const char *text = NULL;
    enum err rc = E_OK;
    *present = 0;
#define MARK(bit)                                                                                  \
    do {                                                                                           \
        if (p)                                                                                     \
            *present |= (bit);                                                                     \
    } while (0)
    rc = get_text(obj, "channel", &text, &p, info);
    if (rc)
        return rc;
    c->channel = channel_parse(text);
    MARK(CF_CHANNEL);
    rc = get_time(obj, "received_at", &c->received_at, &p, info);
    if (rc)
        return rc;
    MARK(CF_RECEIVED_AT);
    rc = get_time(obj, "answered_at", &c->answered_at, &p, info);
    if (rc)
        return rc;
    MARK(CF_ANSWERED_AT);
    rc = get_text(obj, "caller_name", &c->caller_name, &p, info);
    if (rc)
        return rc;
    MARK(CF_CALLER_NAME);
    rc = get_text(obj, "summary", &c->summary, &p, info);
    if (rc)
        return rc;
    MARK(CF_SUMMARY);
    rc = get_code(obj, "source", parse_source, &code, &p,
                  "select who made contact: self, family, friend_neighbour, professional, "
                  "police, health, school, anonymous or other",
                  info);
    if (rc)
        return rc;
    c->source = (enum contact_source)code;
    MARK(CF_SOURCE);
    rc = get_text(obj, "source_code", &text, &p, info);
    if (rc)
        return rc;
    snprintf(c->source_code, sizeof(c->source_code), "%s", str(text));
    if (text && strlen(text) >= sizeof(c->source_code))
        return err_set(info, E_INVALID, "source_code",
                       "'%.8s' is not a census referral source code", text);
    MARK(CF_SOURCE_CODE);
    static const struct {
        const char *key;
        size_t offset;
        unsigned bit;
    } texts[] = {
        {"caller_organisation", offsetof(struct contact, caller_organisation),
         CF_CALLER_ORGANISATION},
        {"caller_role", offsetof(struct contact, caller_role), CF_CALLER_ROLE},
        {"caller_phone", offsetof(struct contact, caller_phone), CF_CALLER_PHONE},
        {"caller_email", offsetof(struct contact, caller_email), CF_CALLER_EMAIL},
        {"caller_address", offsetof(struct contact, caller_address), CF_CALLER_ADDRESS},
        {"reason_code", offsetof(struct contact, reason_code), CF_REASON_CODE},
        {"interpreter_language", offsetof(struct contact, interpreter_language), CF_INTERPRETER},
        {"communication_other", offsetof(struct contact, communication_other), CF_COMM_OTHER},
        {"consent_justification", offsetof(struct contact, consent_justification),
         CF_CONSENT_JUSTIFICATION},
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        const char **slot = (const char **)((char *)c + texts[i].offset);
        rc = get_text(obj, texts[i].key, slot, &p, info);
        if (rc)
            return rc;
        MARK(texts[i].bit);
    }
    rc = get_subjects(obj, c, &p, info);
    if (rc)
        return rc;
    MARK(CF_SUBJECTS);
    rc = get_id(obj, "worker_id", &c->requested_worker_id, &p, info);
    if (rc)
        return rc;
    MARK(CF_WORKER);
    rc = get_id(obj, "team_id", &c->requested_team_id, &p, info);
    if (rc)
        return rc;
    MARK(CF_TEAM);
    rc = get_id(obj, "line_team_id", &c->line_team_id, &p, info);
    if (rc)
        return rc;
    MARK(CF_LINE_TEAM);
    rc = get_bool(obj, "bsl", &c->bsl, &p, info);
    if (rc)
        return rc;
    MARK(CF_BSL);
    rc = get_bool(obj, "private_room", &c->private_room, &p, info);
    if (rc)
        return rc;
    MARK(CF_PRIVATE_ROOM);
    rc = get_bool(obj, "danger_now", &c->danger_now, &p, info);
    if (rc)
        return rc;
    MARK(CF_DANGER_NOW);
    rc = get_code(obj, "consent", parse_consent, &code, &p,
                  "select whether the person consents to sharing: yes, no or not_asked", info);
    if (rc)
        return rc;
    c->consent = (enum share_consent)code;
    MARK(CF_CONSENT);
    rc = get_code(obj, "service", parse_service, &code, &p,
                  "select whether the contact is about children or adults", info);
    if (rc)
        return rc;
    c->service = (enum contact_service)code;
    MARK(CF_SERVICE);
#undef MARK
    return E_OK;
}

void contact_apply_fields(struct contact *dst, const struct contact *src, unsigned present)
{
#define TAKE(bit, field)                                                                           \
    do {                                                                                           \
        if (present & (bit))                                                                       \
            dst->field = src->field;                                                               \
    } while (0)
    TAKE(CF_CHANNEL, channel);
    TAKE(CF_RECEIVED_AT, received_at);
    TAKE(CF_ANSWERED_AT, answered_at);
    TAKE(CF_CALLER_NAME, caller_name);
    TAKE(CF_SUMMARY, summary);
    TAKE(CF_SOURCE, source);
    if (present & CF_SOURCE_CODE)
        memcpy(dst->source_code, src->source_code, sizeof(dst->source_code));
    else if (present & CF_SOURCE)
        dst->source_code[0] = '\0';
    TAKE(CF_CALLER_ORGANISATION, caller_organisation);
    TAKE(CF_CALLER_ROLE, caller_role);
    TAKE(CF_CALLER_PHONE, caller_phone);
    TAKE(CF_CALLER_EMAIL, caller_email);
    TAKE(CF_CALLER_ADDRESS, caller_address);
    if (present & CF_SUBJECTS) {
        dst->n_subjects = src->n_subjects;
        memcpy(dst->subjects, src->subjects, sizeof(dst->subjects));
    }
    TAKE(CF_WORKER, requested_worker_id);
    TAKE(CF_TEAM, requested_team_id);
    TAKE(CF_REASON_CODE, reason_code);
    TAKE(CF_INTERPRETER, interpreter_language);
    TAKE(CF_BSL, bsl);
    TAKE(CF_PRIVATE_ROOM, private_room);
    TAKE(CF_COMM_OTHER, communication_other);
    TAKE(CF_CONSENT, consent);
    TAKE(CF_CONSENT_JUSTIFICATION, consent_justification);
    TAKE(CF_DANGER_NOW, danger_now);
    TAKE(CF_LINE_TEAM, line_team_id);
    TAKE(CF_SERVICE, service);
#undef TAKE
}

enum err decision_from_json(json_t *obj, struct decision *d, struct err_info *info)
{
    static const char *const fields[] = {"kind",      "value",   "rationale",
                                         "work_plan", "team_id", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool known = false;
        for (size_t i = 0; fields[i] && !known; i++)
            known = strcmp(fields[i], key) == 0;
        if (!known)
            return err_set(info, E_INVALID, key, "'%.60s' is not a field this request accepts",
                           key);
    }
    bool p;
    const char *kind;
    enum err rc = get_text(obj, "kind", &kind, &p, info);
    if (rc)
        return rc;
    d->kind = decision_kind_parse(kind);
    if (kind && d->kind == DECISION_NONE)
        return err_set(info, E_INVALID, "kind", "'%.40s' is not a kind of decision", kind);
    if (!rc)
        rc = get_text(obj, "value", &d->value, &p, info);
    if (!rc)
        rc = get_text(obj, "rationale", &d->rationale, &p, info);
    if (!rc)
        rc = get_text(obj, "work_plan", &d->work_plan, &p, info);
    if (!rc)
        rc = get_id(obj, "team_id", &d->team_id, &p, info);
    return rc;
}

enum err outcome_from_json(json_t *obj, struct outcome *o, struct err_info *info)
{
    static const char *const fields[] = {"code", "rationale", "signposted_to", "signposted_team_id",
                                         NULL};
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool known = false;
        for (size_t i = 0; fields[i] && !known; i++)
            known = strcmp(fields[i], key) == 0;
        if (!known)
            return err_set(info, E_INVALID, key, "'%.60s' is not a field this request accepts",
                           key);
    }
    bool p;
    enum err rc = get_text(obj, "code", &o->code, &p, info);
    if (!rc)
        rc = get_text(obj, "rationale", &o->rationale, &p, info);
    if (!rc)
        rc = get_text(obj, "signposted_to", &o->signposted_to, &p, info);
    if (!rc)
        rc = get_id(obj, "signposted_team_id", &o->signposted_team_id, &p, info);
    return rc;
}

/* --- writing ------------------------------------------------------------------------------ */

json_t *contact_to_json(const struct contact *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)c->id));
    json_object_set_new(o, "reference", json_string(c->reference));
    json_object_set_new(o, "version", json_integer(c->version));
    json_object_set_new(o, "channel", json_string(channel_name(c->channel)));
    json_object_set_new(o, "received_at", time_json(c->received_at));
    json_object_set_new(o, "answered_at", time_json(c->answered_at));
    json_object_set_new(o, "caller_name", json_string(str(c->caller_name)));
    json_object_set_new(o, "summary", json_string(str(c->summary)));
    json_object_set_new(o, "source", code_json(contact_source_name(c->source)));
    json_object_set_new(o, "source_code", json_string(c->source_code));
    json_object_set_new(o, "source_label", json_string(contact_source_code_label(c->source_code)));
    json_object_set_new(o, "caller_organisation", json_string(str(c->caller_organisation)));
    json_object_set_new(o, "caller_role", json_string(str(c->caller_role)));
    json_object_set_new(o, "caller_phone", json_string(str(c->caller_phone)));
    json_object_set_new(o, "caller_email", json_string(str(c->caller_email)));
    json_object_set_new(o, "caller_address", json_string(str(c->caller_address)));
    json_t *subjects = json_array();
    for (size_t i = 0; i < c->n_subjects; i++)
        json_array_append_new(subjects, json_integer((json_int_t)c->subjects[i]));
    json_object_set_new(o, "subject_person_ids", subjects);
    json_object_set_new(o, "worker_id", id_json(c->requested_worker_id));
    json_object_set_new(o, "team_id", id_json(c->requested_team_id));
    json_object_set_new(o, "reason_code", code_json(c->reason_code));
    json_object_set_new(o, "interpreter_language", json_string(str(c->interpreter_language)));
    json_object_set_new(o, "bsl", json_boolean(c->bsl));
    json_object_set_new(o, "private_room", json_boolean(c->private_room));
    json_object_set_new(o, "communication_other", json_string(str(c->communication_other)));
    json_object_set_new(o, "consent", code_json(share_consent_name(c->consent)));
    json_object_set_new(o, "consent_justification", json_string(str(c->consent_justification)));
    json_object_set_new(o, "danger_now", json_boolean(c->danger_now));
    json_object_set_new(o, "line_team_id", id_json(c->line_team_id));
    json_object_set_new(o, "service", code_json(contact_service_name(c->service)));
    json_object_set_new(o, "created_at", time_json(c->created_at));
    json_object_set_new(
        o, "created_by",
        json_pack("{s:I, s:s}", "id", (json_int_t)c->created_by, "name", str(c->created_by_name)));
    json_object_set_new(o, "updated_at", time_json(c->updated_at));
    json_object_set_new(
        o, "updated_by",
        json_pack("{s:I, s:s}", "id", (json_int_t)c->updated_by, "name", str(c->updated_by_name)));
    return o;
}

json_t *handover_to_json(const struct handover *h)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:o, s:o, s:s, s:o, s:s}", "id", (json_int_t)h->id, "contact_id",
        (json_int_t)h->contact_id, "from", person_ref_json(h->from_user_id, h->from_name), "to",
        person_ref_json(h->to_user_id, h->to_name), "note", str(h->note), "created_at",
        time_json(h->created_at), "answer", handover_answer_name(h->answer));
    json_object_set_new(o, "answered_at", time_json(h->answered_at));
    json_object_set_new(o, "reason", json_string(str(h->reason)));
    return o;
}

json_t *concern_to_json(const struct safeguarding_concern *s)
{
    return json_pack("{s:I, s:s, s:s, s:i, s:o, s:o}", "id", (json_int_t)s->id, "source",
                     str(s->source), "note", str(s->note), "alerts_sent", s->alerts_sent,
                     "raised_at", time_json(s->raised_at), "raised_by",
                     person_ref_json(s->raised_by, s->raised_by_name));
}

json_t *decision_to_json(const struct decision *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)d->id));
    json_object_set_new(o, "contact_id", json_integer((json_int_t)d->contact_id));
    json_object_set_new(o, "kind", json_string(decision_kind_name(d->kind)));
    json_object_set_new(o, "kind_label", json_string(decision_kind_label(d->kind)));
    json_object_set_new(o, "value", json_string(str(d->value)));
    json_object_set_new(o, "workflow", code_json(workflow_name(d->workflow)));
    json_object_set_new(o, "team_id", id_json(d->team_id));
    json_object_set_new(o, "work_plan", json_string(str(d->work_plan)));
    json_object_set_new(o, "rationale", json_string(str(d->rationale)));
    json_object_set_new(o, "decided_by", person_ref_json(d->decided_by, d->decided_by_name));
    json_object_set_new(o, "decided_at", time_json(d->decided_at));
    json_object_set_new(o, "authorised_by",
                        person_ref_json(d->authorised_by, d->authorised_by_name));
    json_object_set_new(o, "authorised_at", time_json(d->authorised_at));
    json_object_set_new(o, "authorisation_note", json_string(str(d->authorisation_note)));
    return o;
}

static json_t *answer_json(enum answer a)
{
    return a == ANSWER_YES ? json_string("yes") : a == ANSWER_NO ? json_string("no") : json_null();
}

json_t *decision_state_to_json(const struct decision_state *s)
{
    const char *rec = !s->has_recommendation   ? NULL
                      : s->recommends_transfer ? "transfer_to_assessment"
                                               : "no_transfer";
    return json_pack("{s:o, s:o, s:{s:o, s:b}, s:o, s:{s:o, s:o, s:o, s:o, s:o}}", "priority",
                     code_json(s->priority), "workflow", code_json(workflow_name(s->workflow)),
                     "recommendation", "value", code_json(rec), "has_work_plan",
                     s->recommendation_has_plan, "safeguarding", code_json(s->safeguarding),
                     "care_act", "prevention", answer_json(s->prevention), "finance_info",
                     answer_json(s->finance_info), "advocacy_needed",
                     answer_json(s->advocacy_needed), "advocacy_referral",
                     answer_json(s->advocacy_referral), "eligibility", answer_json(s->eligibility));
}

json_t *outcome_to_json(const struct outcome *o)
{
    return json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)o->id,
                     "code", str(o->code), "label", str(o->label), "resolved", o->resolved,
                     "rationale", str(o->rationale), "signposted_to", str(o->signposted_to),
                     "signposted_team_id", id_json(o->signposted_team_id), "decided_by",
                     person_ref_json(o->decided_by, o->decided_by_name), "decided_at",
                     time_json(o->decided_at));
}

json_t *outcome_code_to_json(const struct outcome_code *oc)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(str(oc->code)));
    json_object_set_new(o, "label", json_string(str(oc->label)));
    json_object_set_new(o, "group", json_string(outcome_group_name(oc->group)));
    json_object_set_new(o, "resolved_at_front_door", json_boolean(oc->resolved));
    json_object_set_new(o, "c7_label", code_json(oc->c7_label));
    json_object_set_new(o, "cld_label", code_json(oc->cld_label));
    json_object_set_new(o, "workflow", code_json(workflow_name(oc->workflow)));
    json_object_set_new(o, "needs_recommendation", json_boolean(oc->needs_recommendation));
    json_object_set_new(o, "needs_care_act_checks", json_boolean(oc->needs_care_act));
    json_object_set_new(o, "needs_signposting", json_boolean(oc->needs_signposting));
    json_object_set_new(o, "active", json_boolean(oc->active));
    return o;
}

json_t *queue_to_json(const struct contact_queue *q)
{
    return json_pack("{s:s, s:o}", "name", queue_kind_name(q->kind), "team_id",
                     id_json(q->kind == QUEUE_TEAM ? q->team_id : 0));
}

/* --- the view ------------------------------------------------------------------------------ */

static void keep_handover(const struct handover *h, void *arg)
{
    json_t **slot = arg;
    json_decref(*slot);
    *slot = handover_to_json(h);
}

static void add_concern(const struct safeguarding_concern *s, void *arg)
{
    json_array_append_new(arg, concern_to_json(s));
}

static void keep_outcome(const struct outcome *o, void *arg)
{
    json_t **slot = arg;
    json_decref(*slot);
    *slot = outcome_to_json(o);
}

enum err contact_view_json(struct store_tx *tx, const struct contact *c, json_t **out)
{
    json_t *o = contact_to_json(c);
    json_object_set_new(o, "owner", person_ref_json(c->owner_user_id, c->owner_name));
    json_t *handover = json_null(), *outcome = json_null(), *concerns = json_array();
    enum err rc = store_contact_handover_pending(tx, c->id, keep_handover, &handover);
    if (!rc)
        rc = store_contact_concerns(tx, c->id, add_concern, concerns);
    if (!rc)
        rc = store_outcome_get(tx, c->id, keep_outcome, &outcome);
    json_object_set_new(o, "pending_handover", handover);
    json_object_set_new(o, "safeguarding_concerns", concerns);
    json_object_set_new(o, "outcome", outcome);
    struct contact_queue q;
    if (!rc) {
        rc = store_contact_queue_of(tx, c->id, &q);
        if (rc == E_NOTFOUND) {
            json_object_set_new(o, "queue", json_null());
            rc = E_OK;
        } else if (!rc) {
            json_object_set_new(o, "queue", queue_to_json(&q));
        }
    }
    json_object_set_new(o, "danger_guidance",
                        c->danger_now ? json_string(contact_danger_guidance()) : json_null());
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return E_OK;
}
