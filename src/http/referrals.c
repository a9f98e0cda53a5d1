/*
 * referrals: a referral is answered with itself and its clocks (store/store_clock), so the
 * screen shows the deadlines it started. The sending team, when not given, is the referring
 * user's team (their worker's in the directory, else their sign-in's), never the contact's
 * queue. A referral to assessment meets the gate of domain/referral (C5 for a child, the Care
 * Act checks for an adult, all the missing ones at once), and a contact is not referred twice
 * to a team that still has it.
 */
#include "http/referrals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/decision.h"
#include "domain/directory.h"
#include "http/clocks.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "http/routing_json.h"
#include "store/store_audit.h"
#include "store/store_clock.h"
#include "store/store_contact.h"
#include "store/store_decision.h"
#include "store/store_referral.h"
#include "store/store_team.h"
#include "store/store_worker.h"

#define TEAM_LIST_DEFAULT 100
#define TEAM_LIST_MAX 500

static void add_clock(const struct deadline_clock *c, const struct store_clock_left *left,
                      void *arg)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)c->id, "policy",
                          c->policy_code, "name", c->policy_name, "state",
                          deadline_state_name(c->state), "due_at", time_json(c->due_at),
                          "stopped_at", time_json(c->stopped_at));
    /* the same shape as /api/clocks, so every record shows time left the same way */
    json_object_set_new(o, "time_left", clocks_time_left_json(left));
    json_array_append_new(arg, o);
}

/* Referral r as JSON with its clocks (new reference in *out). */
struct view {
    struct store_tx *tx;
    json_t *json;
    struct referral facts; /* ids and state only: the strings are not kept */
    enum err rc;
};

static void keep_view(const struct referral *r, void *arg)
{
    struct view *v = arg;
    json_decref(v->json);
    v->json = referral_to_json(r);
    v->facts = *r;
    v->facts.recommendation = v->facts.work_plan = v->facts.phoned_to = NULL;
    v->facts.from_team_name = v->facts.to_team_name = v->facts.created_by_name = NULL;
    v->facts.answered_by_name = v->facts.answer_note = NULL;
    json_t *clocks = json_array();
    struct store_clock_filter f = {.now = store_tx_now(v->tx),
                                   .state = -1,
                                   .entity = "referral",
                                   .entity_id = r->id,
                                   .limit = 20};
    enum err rc = store_clock_list(v->tx, &f, add_clock, clocks);
    if (rc && !v->rc)
        v->rc = rc;
    json_object_set_new(v->json, "clocks", clocks);
}

static enum err view_get(struct store_tx *tx, int64_t id, struct view *v, bool audited)
{
    v->tx = tx;
    v->rc = E_OK;
    enum err rc = audited ? store_referral_read(tx, id, keep_view, v)
                          : store_referral_get(tx, id, keep_view, v);
    return rc ? rc : v->rc;
}

/* --- create ------------------------------------------------------------------------------- */

struct create {
    struct referral r;
    bool kind_given, from_given;
    int64_t actor;
    int64_t actor_team; /* the signed-in user's team, 0 when none */
    struct arena *arena;
    struct store_referral_recommendation rec;
    struct err_info info;
    struct err_list gates; /* every Care Act check still missing, when that is the refusal */
    struct view v;
};

/* The team the referral is sent from: the referring user's team in the directory (their
 * worker's first team other than the receiving one), else the team on their sign-in, else
 * none. Never the contact's queue: the queue says who holds the contact, not who referred it. */
static enum err from_team(struct store_tx *tx, struct create *c, int64_t *out)
{
    *out = 0;
    struct worker *w = xmalloc(sizeof(*w));
    enum err rc = store_worker_by_user(tx, c->actor, w);
    for (size_t i = 0; !rc && i < w->n_teams && !*out; i++)
        if (w->teams[i].team_id != c->r.to_team_id)
            *out = w->teams[i].team_id;
    free(w);
    if (rc == E_NOTFOUND)
        rc = E_OK;
    if (!rc && !*out && c->actor_team != c->r.to_team_id)
        *out = c->actor_team;
    return rc;
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct create *c = arg;
    memset(&c->info, 0, sizeof(c->info));
    c->gates.n = 0;
    struct contact ct;
    enum err rc = store_contact_fetch(tx, c->r.contact_id, &ct, c->arena);
    if (rc == E_NOTFOUND)
        return err_set(&c->info, E_INVALID, "contact_id", "there is no contact %lld",
                       (long long)c->r.contact_id);
    if (rc)
        return rc;
    struct team *t = xmalloc(sizeof(*t));
    rc = store_team_get(tx, c->r.to_team_id, t);
    enum team_type type = t->type;
    char *team_name = arena_strdup(c->arena, rc ? "" : t->name);
    free(t);
    if (rc == E_NOTFOUND)
        return err_set(&c->info, E_INVALID, "to_team_id", "there is no team %lld",
                       (long long)c->r.to_team_id);
    if (rc)
        return rc;
    if (!c->kind_given)
        c->r.kind = referral_kind_for_team(type);
    if (!c->from_given) {
        rc = from_team(tx, c, &c->r.from_team_id);
        if (rc)
            return rc;
    }
    rc = referral_kind_check(type, c->r.kind, &c->info);
    if (!rc)
        rc = referral_validate(&c->r, ct.received_at, store_tx_now(tx), &c->info);
    if (rc)
        return rc;
    char open_ref[REFERRAL_REF_LEN];
    enum referral_state open_state;
    rc = store_referral_open_to(tx, c->r.contact_id, c->r.to_team_id, open_ref, &open_state);
    if (!rc)
        rc = referral_duplicate_check(open_ref, open_state, team_name, &c->info);
    if (rc)
        return rc;
    if (c->r.kind == REFERRAL_ASSESSMENT) {
        /* C5 for a child, the Care Act checks for an adult: the gate of a transfer decision */
        struct decision_state s;
        rc = store_decision_state(tx, c->r.contact_id, &s);
        if (!rc)
            rc = store_referral_recommendation(tx, c->r.contact_id, &c->rec);
        if (rc)
            return rc;
        struct referral_recommendation rec = {.decision_id = c->rec.decision_id,
                                              .value = c->rec.value,
                                              .rationale = c->rec.rationale,
                                              .work_plan = c->rec.work_plan};
        rc = referral_assessment_gate(&c->r, ct.service, &s, &rec, &c->info, &c->gates);
        if (rc)
            return rc;
    }
    c->r.id = 0;
    rc = store_referral_insert(tx, &c->r, &c->info);
    if (!rc)
        rc = view_get(tx, c->r.id, &c->v, false);
    return rc;
}

static void created(struct request *req, enum err rc)
{
    struct create *c = req->apply_arg;
    if (rc) {
        json_decref(c->v.json);
        if (rc == E_CONFLICT && c->gates.n > 0)
            respond_err_all(req, E_CONFLICT, &c->gates);
        else
            respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 201, c->v.json);
    char loc[64];
    snprintf(loc, sizeof(loc), "/api/referrals/%lld", (long long)c->r.id);
    respond_header(req, "Location", loc);
}

void referrals_create(struct request *req)
{
    static const char *const fields[] = {
        "contact_id",     "to_team_id", "from_team_id", "kind",      "safeguarding",
        "recommendation", "work_plan",  "phoned_to",    "phoned_at", NULL};
    struct create *c = arena_alloc(&req->arena, sizeof(*c));
    c->actor = req->user.id;
    c->actor_team = req->user.team_id;
    c->arena = &req->arena;
    const char *kind = NULL;
    enum err rc = jsonin_only(req->json, fields, &c->info);
    if (!rc)
        rc = contact_json_id(req->json, "contact_id", &c->r.contact_id, &c->info);
    if (!rc)
        rc = contact_json_id(req->json, "to_team_id", &c->r.to_team_id, &c->info);
    if (!rc)
        rc = contact_json_id(req->json, "from_team_id", &c->r.from_team_id, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "kind", &kind, &c->info);
    if (!rc)
        rc = routing_json_bool(req->json, "safeguarding", false, &c->r.safeguarding, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "recommendation", &c->r.recommendation, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "work_plan", &c->r.work_plan, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "phoned_to", &c->r.phoned_to, &c->info);
    if (!rc)
        rc = routing_json_time(req->json, "phoned_at", &c->r.phoned_at, &c->info);
    if (!rc && !json_object_get(req->json, "safeguarding"))
        rc = err_set(&c->info, E_INVALID, "safeguarding",
                     "say whether this is a safeguarding referral (true or false)");
    if (!rc && kind) {
        c->r.kind = referral_kind_parse(kind);
        c->kind_given = true;
        if (c->r.kind == REFERRAL_KIND_NONE)
            rc = err_set(&c->info, E_INVALID, "kind",
                         "choose the kind of referral: assessment, locality_hub, single_agency "
                         "or other_team");
    }
    c->from_given = c->r.from_team_id > 0;
    if (!rc && c->r.contact_id <= 0)
        rc = err_set(&c->info, E_INVALID, "contact_id", "choose the contact being referred");
    if (!rc && c->r.to_team_id <= 0)
        rc = err_set(&c->info, E_INVALID, "to_team_id", "choose the team the referral goes to");
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, create_apply, c, created);
}

/* --- read, answer ---------------------------------------------------------------------------- */

struct one {
    int64_t id;
    int64_t actor;
    int64_t actor_team;
    bool may_allocate;
    enum referral_state to;
    const char *note;
    struct err_info info;
    struct view v;
};

static void one_done(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        json_decref(o->v.json);
        respond_err(req, rc, &o->info);
        return;
    }
    respond_json(req, 200, o->v.json);
}

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    return view_get(tx, o->id, &o->v, true);
}

static struct one *one_new(struct request *req)
{
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    o->id = req->path_id;
    o->actor = req->user.id;
    o->actor_team = req->user.team_id;
    o->may_allocate = role_can(req->user.role, PERM_ALLOCATE);
    return o;
}

void referrals_get(struct request *req)
{
    struct one *o = one_new(req);
    request_write(req, get_apply, o, one_done);
}

static enum err answer_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    memset(&o->info, 0, sizeof(o->info));
    enum err rc = view_get(tx, o->id, &o->v, false);
    if (rc)
        return rc;
    struct referral_answerer who = {.in_team = o->actor_team == o->v.facts.to_team_id,
                                    .may_allocate = o->may_allocate};
    if (!who.in_team) {
        struct worker *w = xmalloc(sizeof(*w));
        who.in_team = store_worker_by_user(tx, o->actor, w) == E_OK &&
                      worker_in_team(w, o->v.facts.to_team_id);
        free(w);
    }
    rc = referral_answer_check(&o->v.facts, &who, o->to, o->note, &o->info);
    if (!rc)
        rc = store_referral_answer(tx, o->id, o->to, o->note);
    if (!rc)
        rc = view_get(tx, o->id, &o->v, false);
    return rc;
}

static void answer(struct request *req, enum referral_state to, const char *field)
{
    struct one *o = one_new(req);
    o->to = to;
    enum err rc = routing_json_optional_text(req, field, &o->note, &o->info);
    if (rc) {
        respond_err(req, rc, &o->info);
        return;
    }
    request_write(req, answer_apply, o, one_done);
}

void referrals_accept(struct request *req)
{
    answer(req, REFERRAL_ACCEPTED, "note");
}

void referrals_return(struct request *req)
{
    answer(req, REFERRAL_RETURNED, "reason");
}

/* --- lists --------------------------------------------------------------------------------- */

struct listing {
    int64_t id; /* the team or the contact */
    bool team;
    enum store_referral_which which;
    int limit;
    char team_name[TEAM_NAME_MAX * 4 + 1];
    json_t *items;
};

static void add_referral(const struct referral *r, void *arg)
{
    json_array_append_new(arg, referral_to_json(r));
}

/* Each listed referral with its clocks, so lists show time left like a single referral does. */
static enum err add_clocks(struct store_tx *tx, json_t *items)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        json_t *clocks = json_array();
        struct store_clock_filter f = {
            .now = store_tx_now(tx),
            .state = -1,
            .entity = "referral",
            .entity_id = json_integer_value(json_object_get(item, "id")),
            .limit = 20};
        enum err rc = store_clock_list(tx, &f, add_clock, clocks);
        json_object_set_new(item, "clocks", clocks);
        if (rc)
            return rc;
    }
    return E_OK;
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items);
    if (!l->team) {
        struct contact_queue q;
        enum err rc = store_contact_queue_of(tx, l->id, &q);
        if (rc == E_NOTFOUND) {
            /* closed contacts have no queue: check the contact exists at all */
            int64_t owner;
            rc = store_contact_owner(tx, l->id, &owner);
        }
        if (!rc)
            rc = store_referral_for_contact(tx, l->id, add_referral, l->items);
        return rc ? rc : add_clocks(tx, l->items);
    }
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = store_team_get(tx, l->id, t);
    if (!rc)
        snprintf(l->team_name, sizeof(l->team_name), "%s", t->name);
    free(t);
    if (!rc)
        rc = store_referral_for_team(tx, l->id, l->which, l->limit, add_referral, l->items);
    return rc ? rc : add_clocks(tx, l->items);
}

static void listed(struct request *req, enum err rc)
{
    struct listing *l = req->apply_arg;
    if (rc) {
        json_decref(l->items);
        respond_err(req, rc, NULL);
        return;
    }
    if (l->team)
        respond_json(req, 200,
                     json_pack("{s:{s:I, s:s}, s:s, s:o}", "team", "id", (json_int_t)l->id, "name",
                               l->team_name, "state",
                               l->which == STORE_REFERRAL_PENDING    ? "pending"
                               : l->which == STORE_REFERRAL_ACCEPTED ? "accepted"
                               : l->which == STORE_REFERRAL_RETURNED ? "returned"
                                                                     : "all",
                               "items", l->items));
    else
        respond_json(req, 200,
                     json_pack("{s:I, s:o}", "contact_id", (json_int_t)l->id, "items", l->items));
}

void referrals_for_team(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct listing *l = arena_alloc(&req->arena, sizeof(*l));
    l->id = req->path_id;
    l->team = true;
    const char *state = request_query(req, "state");
    if (!state || strcmp(state, "pending") == 0)
        l->which = STORE_REFERRAL_PENDING;
    else if (strcmp(state, "accepted") == 0)
        l->which = STORE_REFERRAL_ACCEPTED;
    else if (strcmp(state, "returned") == 0)
        l->which = STORE_REFERRAL_RETURNED;
    else if (strcmp(state, "all") == 0)
        l->which = STORE_REFERRAL_ALL;
    else {
        respond_err(req,
                    err_set(&info, E_INVALID, "state", "choose pending, accepted, returned or all"),
                    &info);
        return;
    }
    enum err rc =
        request_query_int(req, "limit", TEAM_LIST_DEFAULT, 1, TEAM_LIST_MAX, &l->limit, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    l->items = json_array();
    request_write(req, list_apply, l, listed);
}

void referrals_for_contact(struct request *req)
{
    struct listing *l = arena_alloc(&req->arena, sizeof(*l));
    l->id = req->path_id;
    l->items = json_array();
    request_write(req, list_apply, l, listed);
}

/* --- the written confirmation (C3, C4) ----------------------------------------------------- */

#define LETTER_MAX 8192

struct confirm {
    int64_t id;
    const char *to; /* from the body; NULL: the contact's caller email */
    bool send;
    struct arena *arena;
    struct err_info info;
    struct view v;
    json_t *json;
};

static void keep_sent(const struct referral_confirmation *c, void *arg)
{
    struct confirm *x = arg;
    json_decref(x->json);
    x->json = json_pack("{s:I, s:s, s:s, s:s, s:b, s:o, s:o, s:I}", "referral_id",
                        (json_int_t)c->referral_id, "to", c->to_address, "subject", c->subject,
                        "text", c->body, "sent", 1, "sent_at", time_json(c->sent_at), "sent_by",
                        person_ref_json(c->sent_by > 0 ? c->sent_by : 0, c->sent_by_name),
                        "outbox_id", (json_int_t)c->outbox_id);
}

static enum err confirm_apply(struct store_tx *tx, void *arg)
{
    struct confirm *x = arg;
    memset(&x->info, 0, sizeof(x->info));
    json_decref(x->json);
    x->json = NULL;
    enum err rc = store_referral_confirmation(tx, x->id, keep_sent, x);
    if (rc)
        return rc;
    if (x->json && !x->send)
        return store_audit_append(tx, "referral.read_confirmation", "referral", x->id, NULL);
    if (x->json)
        return err_set(&x->info, E_CONFLICT, "",
                       "the written confirmation for this referral was already sent");
    rc = view_get(tx, x->id, &x->v, false);
    if (rc)
        return rc;
    const struct referral *r = &x->v.facts;
    struct contact ct;
    rc = store_contact_fetch(tx, r->contact_id, &ct, x->arena);
    if (rc)
        return rc;
    struct team *to = xcalloc(1, sizeof(*to)), *from = xcalloc(1, sizeof(*from));
    rc = store_team_get(tx, r->to_team_id, to);
    if (!rc && r->from_team_id > 0 && store_team_get(tx, r->from_team_id, from) != E_OK)
        from->name[0] = '\0';
    struct referral_letter l = {.referrer_name = ct.caller_name,
                                .reference = r->reference,
                                .contact_reference = ct.reference,
                                .to_team_name = to->name,
                                .to_team_line = to->duty_line,
                                .from_team_name = from->name,
                                .received_at = ct.received_at,
                                .referred_at = r->created_at,
                                .state = r->state,
                                .answered_at = r->answered_at,
                                .safeguarding = r->safeguarding};
    char subject[200];
    char *text = xmalloc(LETTER_MAX);
    referral_confirmation_subject(&l, subject, sizeof(subject));
    referral_confirmation_text(&l, text, LETTER_MAX);
    free(to);
    free(from);
    const char *address = x->to && *x->to ? x->to : ct.caller_email;
    if (!rc && x->send) {
        char checked[DIRECTORY_EMAIL_SIZE];
        if (!address || !*address)
            rc = err_set(&x->info, E_INVALID, "to",
                         "the contact has no email address for the referrer: enter one");
        else
            rc = directory_email(checked, address, "to", &x->info);
        if (!rc)
            rc = store_referral_confirm(tx, x->id, checked, subject, text, &x->info);
        if (!rc)
            rc = store_referral_confirmation(tx, x->id, keep_sent, x);
    } else if (!rc) {
        x->json = json_pack("{s:I, s:o, s:s, s:s, s:b}", "referral_id", (json_int_t)x->id, "to",
                            address && *address ? json_string(address) : json_null(), "subject",
                            subject, "text", text, "sent", 0);
        rc = store_audit_append(tx, "referral.read_confirmation", "referral", x->id, NULL);
    }
    free(text);
    json_decref(x->v.json);
    x->v.json = NULL;
    return rc;
}

static void confirm_done(struct request *req, enum err rc)
{
    struct confirm *x = req->apply_arg;
    if (rc) {
        json_decref(x->json);
        respond_err(req, rc, &x->info);
        return;
    }
    respond_json(req, x->send ? 201 : 200, x->json);
}

void referrals_confirmation_get(struct request *req)
{
    struct confirm *x = arena_alloc(&req->arena, sizeof(*x));
    x->id = req->path_id;
    x->arena = &req->arena;
    request_write(req, confirm_apply, x, confirm_done);
}

void referrals_confirmation_send(struct request *req)
{
    struct confirm *x = arena_alloc(&req->arena, sizeof(*x));
    x->id = req->path_id;
    x->arena = &req->arena;
    x->send = true;
    enum err rc = routing_json_optional_text(req, "to", &x->to, &x->info);
    if (rc) {
        respond_err(req, rc, &x->info);
        return;
    }
    request_write(req, confirm_apply, x, confirm_done);
}
