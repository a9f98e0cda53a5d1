/*
 * persons: handlers. Reads of a record run on the writer (request_write) because they append
 * their audit event in the same transaction; JSON is built there, from rows that are only
 * valid inside it, and kept in the request's argument for the finish function (a retried batch
 * runs apply again, so apply starts by dropping what a previous run built).
 *
 * A merged-away record answers 308 Permanent Redirect with Location: /api/persons/{survivor}
 * and a small JSON body {"merged_into": id, "location": ...}: browsers and fetch() follow it
 * to the survivor, and a client that does not follow redirects still learns where to go.
 */
#include "http/persons.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/allocation.h"
#include "domain/match.h"
#include "domain/person.h"
#include "http/directory_json.h"
#include "http/jsonin.h"
#include "http/person_json.h"
#include "http/respond.h"
#include "store/store_allocation.h"
#include "store/store_audit.h"
#include "store/store_household.h"
#include "store/store_person.h"
#include "store/store_person_search.h"
#include "store/store_relationship.h"
#include "store/store_warning.h"

#define SEARCH_LIMIT_DEFAULT 10
#define SEARCH_LIMIT_MAX 50
#define DUPLICATE_SCORE 0.5 /* a candidate this likely is a probable duplicate */
#define DUPLICATES_SHOWN 10
#define HISTORY_MAX 200

void persons_viewer(const struct request *req, struct person_viewer *out)
{
    memset(out, 0, sizeof(*out));
    out->user = req->user;
    snprintf(out->session_hash, sizeof(out->session_hash), "%s", req->session_hash);
}

static json_t *warnings_of(struct store_tx *tx, int64_t id, const struct pdate *today, bool brief,
                           enum err *rc)
{
    struct warning *w = NULL;
    size_t n = 0;
    *rc = store_warning_for_person(tx, id, &w, &n);
    json_t *a = *rc ? json_array() : warnings_to_json(w, n, today, brief);
    free(w);
    return a;
}

enum err persons_require_access(struct store_tx *tx, const struct person_viewer *v, int64_t id,
                                struct person_access *out, struct err_info *info)
{
    int64_t survivor = 0;
    enum err rc = store_person_survivor(tx, id, &survivor);
    if (rc)
        return rc;
    if (survivor)
        return err_set(info, E_CONFLICT, "",
                       "this record was merged into person %lld: use that "
                       "record",
                       (long long)survivor);
    struct person_access_facts f;
    rc = store_person_access_facts(tx, id, &v->user, v->session_hash, store_tx_now(tx), &f);
    if (rc)
        return rc;
    person_access_decide(&f, out);
    if (out->level != PERSON_ACCESS_FULL)
        return err_set(info, E_DENIED, "",
                       "this record is restricted: give your reason to open it first");
    return E_OK;
}

/* --- search ---------------------------------------------------------------------------------- */

struct search {
    struct person_viewer viewer;
    /* the query, normalised */
    char given[PERSON_NAME_SIZE], family[PERSON_NAME_SIZE];
    struct pdate dob;
    char sex;
    char postcode[16], nhs[PERSON_NHS_SIZE], upn[PERSON_UPN_SIZE], phone[PERSON_PHONE_SIZE];
    char email[PERSON_EMAIL_SIZE], local_id[PERSON_LOCAL_ID_MAX + 1];
    char address[256], locality[PERSON_TEXT_SIZE];
    int limit;
    struct buf fields; /* which were given, for the audit */
    json_t *items;
    struct person_search_stats stats;
    struct err_info info;
};

static void fill_query(const struct search *s, struct match_person *q, const char **phones)
{
    memset(q, 0, sizeof(*q));
    q->given = s->given;
    q->family = s->family;
    q->dob = s->dob;
    q->sex = s->sex;
    q->postcode = s->postcode;
    q->nhs = s->nhs;
    q->upn = s->upn;
    if (s->phone[0]) {
        phones[0] = s->phone;
        q->phones = phones;
        q->n_phones = 1;
    }
    q->email = s->email;
    q->other_id = s->local_id;
    q->address = s->address;
    q->locality = s->locality;
}

static json_t *reasons_json(uint64_t reasons)
{
    json_t *a = json_array();
    for (int b = 0; b < 64; b++)
        if (reasons & MATCH_BIT(b)) {
            const char *t = match_reason_text((enum match_reason)b);
            if (t && *t)
                json_array_append_new(a, json_string(t));
        }
    return a;
}

/* One search result or duplicate candidate, as the viewer may see it. */
static enum err hit_json(struct store_tx *tx, const struct person_viewer *v,
                         const struct person_search_hit *h, const struct pdate *today, json_t **out)
{
    *out = NULL;
    struct person *p = xmalloc(sizeof(*p));
    struct person_access_facts f;
    struct person_access acc;
    enum err rc = store_person_get(tx, h->person_id, p);
    if (!rc)
        rc = store_person_access_facts(tx, h->person_id, &v->user, v->session_hash,
                                       store_tx_now(tx), &f);
    if (rc) {
        free(p);
        return rc;
    }
    person_access_decide(&f, &acc);
    bool full = acc.level == PERSON_ACCESS_FULL;
    json_t *warnings = warnings_of(tx, h->person_id, today, !full, &rc);
    if (rc) {
        json_decref(warnings);
        free(p);
        return rc;
    }
    char name[2 * PERSON_NAME_SIZE + 16];
    person_display_name(p, name, sizeof(name));
    json_t *o = json_object();
    json_object_set_new(o, "warnings", warnings);
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "display_name", json_string(name));
    json_object_set_new(o, "restricted", json_boolean(p->restricted));
    json_object_set_new(o, "access", json_string(full ? "full" : "limited"));
    if (full) {
        struct person_derived d;
        person_derive(p, today, &d);
        json_object_set_new(o, "given_name", json_string(p->given));
        json_object_set_new(o, "family_name", json_string(p->family));
        json_t *names = json_array();
        for (size_t i = 0; i < p->n_names; i++) {
            char other[2 * PERSON_NAME_SIZE + 32];
            snprintf(other, sizeof(other), "%s %s (%s)", p->names[i].given, p->names[i].family,
                     person_name_kind_label(p->names[i].kind));
            json_array_append_new(names, json_string(other));
        }
        json_object_set_new(o, "other_names", names);
        json_object_set_new(o, "date_of_birth",
                            pdate_to_json(p->dob.year ? &p->dob : &p->expected_dob));
        json_object_set_new(o, "age",
                            d.age_min >= 0 && d.age_min == d.age_max ? json_integer(d.age_min)
                                                                     : json_null());
        json_object_set_new(o, "age_group", json_string(person_age_group_name(d.group)));
        char sex[2] = {p->sex, '\0'};
        json_object_set_new(o, "sex", json_string(sex));
        const struct person_address *a = NULL;
        for (size_t i = 0; i < p->n_addresses && !a; i++)
            if (!p->addresses[i].to.year)
                a = &p->addresses[i];
        char line[3 * PERSON_TEXT_SIZE + 32] = "";
        if (a)
            snprintf(line, sizeof(line), "%s%s%s%s%s%s%s", a->line1,
                     a->line1[0] && a->line2[0] ? ", " : "", a->line2,
                     (a->line1[0] || a->line2[0]) && a->locality[0] ? ", " : "", a->locality,
                     a->postcode[0] ? " " : "", a->postcode);
        json_object_set_new(o, "address", json_string(line));
        json_object_set_new(o, "nhs_number", p->nhs[0] ? json_string(p->nhs) : json_null());
        json_object_set_new(o, "care_leaver", json_boolean(p->care_leaver));
        json_object_set_new(o, "score", json_real(round(h->result.score * 10000) / 10000));
        json_object_set_new(o, "weight", json_real(round(h->result.weight * 10) / 10));
        json_object_set_new(o, "outright", json_boolean(h->result.outright));
        json_object_set_new(o, "reasons", reasons_json(h->result.reasons));
        json_t *fields = json_object();
        for (int i = 0; i < MATCH_F_COUNT; i++)
            if (h->result.field_weight[i] != 0)
                json_object_set_new(fields, match_field_name((enum match_field)i),
                                    json_real(round(h->result.field_weight[i] * 10) / 10));
        json_object_set_new(o, "field_weights", fields);
    }
    free(p);
    *out = o;
    return E_OK;
}

/* A search for one name and nothing else ("Kayleigh"): the word may be a first name as well
 * as a surname, as a caller on the phone often gives only one. */
static bool one_name_only(const struct search *s)
{
    return s->family[0] && !s->given[0] && !s->dob.year && !s->postcode[0] && !s->nhs[0] &&
           !s->upn[0] && !s->phone[0] && !s->email[0] && !s->local_id[0] && !s->address[0] &&
           !s->locality[0];
}

static int by_weight(const void *a, const void *b)
{
    double wa = ((const struct person_search_hit *)a)->result.weight;
    double wb = ((const struct person_search_hit *)b)->result.weight;
    return (wa < wb) - (wa > wb);
}

/* Adds the hits of the same search with the one name read as a first name to hits[0..*n)
 * (room for 2 * limit), keeping each person once, best first, at most limit. */
static enum err also_as_first_name(struct store_tx *tx, const struct match_person *q,
                                   size_t limit, struct person_search_hit *hits, size_t *n)
{
    struct match_person as_given = *q;
    as_given.given = q->family;
    as_given.family = "";
    size_t n2 = 0;
    enum err rc = store_person_search(tx, &as_given, 0, limit, 0.0, hits + *n, &n2, NULL);
    if (rc)
        return rc;
    size_t kept = *n;
    for (size_t i = *n; i < *n + n2; i++) {
        bool seen = false;
        for (size_t j = 0; j < kept && !seen; j++)
            seen = hits[j].person_id == hits[i].person_id;
        if (!seen)
            hits[kept++] = hits[i];
    }
    qsort(hits, kept, sizeof(*hits), by_weight);
    *n = kept < limit ? kept : limit;
    return E_OK;
}

static enum err search_apply(struct store_tx *tx, void *arg)
{
    struct search *s = arg;
    json_decref(s->items);
    s->items = json_array();
    const char *phones[1];
    struct match_person q;
    fill_query(s, &q, phones);
    struct person_search_hit *hits = xmalloc(sizeof(*hits) * 2 * (size_t)s->limit);
    size_t n = 0;
    struct pdate today = person_today(store_tx_now(tx));
    enum err rc = store_person_search(tx, &q, 0, (size_t)s->limit, 0.0, hits, &n, &s->stats);
    if (!rc && one_name_only(s))
        rc = also_as_first_name(tx, &q, (size_t)s->limit, hits, &n);
    struct buf why = BUF_INIT;
    buf_addf(&why, "search by %s: %zu found", s->fields.data, n);
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *item;
        rc = hit_json(tx, &s->viewer, &hits[i], &today, &item);
        if (!rc)
            json_array_append_new(s->items, item);
        buf_addf(&why, "%s%lld", i ? ", " : " (", (long long)hits[i].person_id);
    }
    if (n)
        buf_addc(&why, ')');
    if (!rc)
        rc = store_audit_append(tx, "person.search", "person", 0, why.data);
    buf_release(&why);
    free(hits);
    return rc;
}

static void searched(struct request *req, enum err rc)
{
    struct search *s = req->apply_arg;
    buf_release(&s->fields);
    if (rc) {
        json_decref(s->items);
        respond_err(req, rc, &s->info);
        return;
    }
    char sex[2] = {s->sex, '\0'};
    json_t *query =
        json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "given_name", s->given,
                  "family_name", s->family, "date_of_birth", pdate_to_json(&s->dob), "sex", sex,
                  "postcode", s->postcode, "nhs_number", s->nhs, "upn", s->upn, "phone", s->phone,
                  "email", s->email, "local_id", s->local_id);
    respond_json(req, 200,
                 json_pack("{s:o, s:I, s:o, s:{s:I, s:I, s:b}}", "items", s->items, "count",
                           (json_int_t)json_array_size(s->items), "query", query, "blocking",
                           "keys", (json_int_t)s->stats.n_keys, "candidates",
                           (json_int_t)s->stats.n_candidates, "broad", s->stats.broad));
}

/* Copies query parameter name into dst (size bytes) when present; E_INVALID when too long. */
static enum err query_text(struct request *req, const char *name, char *dst, size_t size,
                           struct search *s, struct err_info *info)
{
    const char *v = request_query(req, name);
    if (!v || !*v)
        return E_OK;
    if (strlen(v) >= size)
        return err_set(info, E_INVALID, name, "'%s' is too long", name);
    snprintf(dst, size, "%s", v);
    buf_addf(&s->fields, "%s%s", s->fields.len ? "," : "", name);
    return E_OK;
}

void persons_search(struct request *req)
{
    struct search *s = arena_alloc(&req->arena, sizeof(*s));
    persons_viewer(req, &s->viewer);
    buf_init(&s->fields);
    struct err_info *info = &s->info;
    enum err rc =
        request_query_int(req, "limit", SEARCH_LIMIT_DEFAULT, 1, SEARCH_LIMIT_MAX, &s->limit, info);
    /* free text first: named parameters then override what it found */
    const char *q = request_query(req, "q");
    if (!rc && q && *q) {
        if (strlen(q) > 500) {
            rc = err_set(info, E_INVALID, "q", "the search text is too long");
        } else {
            struct person_query pq;
            person_query_parse(q, &pq);
            memcpy(s->given, pq.given, sizeof(s->given));
            memcpy(s->family, pq.family, sizeof(s->family));
            s->dob = pq.dob;
            memcpy(s->postcode, pq.postcode, sizeof(pq.postcode));
            memcpy(s->nhs, pq.nhs, sizeof(s->nhs));
            memcpy(s->upn, pq.upn, sizeof(s->upn));
            memcpy(s->phone, pq.phone, sizeof(s->phone));
            memcpy(s->email, pq.email, sizeof(s->email));
            buf_adds(&s->fields, "q");
        }
    }
    if (!rc)
        rc = query_text(req, "given", s->given, sizeof(s->given), s, info);
    if (!rc)
        rc = query_text(req, "family", s->family, sizeof(s->family), s, info);
    if (!rc)
        rc = query_text(req, "address", s->address, sizeof(s->address), s, info);
    if (!rc)
        rc = query_text(req, "locality", s->locality, sizeof(s->locality), s, info);
    if (!rc)
        rc = query_text(req, "local_id", s->local_id, sizeof(s->local_id), s, info);
    const char *dob = request_query(req, "dob");
    if (!rc && dob && *dob) {
        struct person_query pq;
        person_query_parse(dob, &pq);
        if (!pq.dob.year || pq.given[0] || pq.family[0])
            rc = err_set(info, E_INVALID, "dob",
                         "enter the date of birth as 2010-05-14, 14/05/2010, 05/2010 or 2010");
        s->dob = pq.dob;
        buf_addf(&s->fields, "%sdob", s->fields.len ? "," : "");
    }
    const char *sex = request_query(req, "sex");
    s->sex = 0;
    if (!rc && sex && *sex) {
        if (strcmp(sex, "M") && strcmp(sex, "F") && strcmp(sex, "U"))
            rc = err_set(info, E_INVALID, "sex", "sex is M, F or U");
        s->sex = sex[0];
    }
    const char *pc = request_query(req, "postcode");
    if (!rc && pc && *pc) {
        char normal[PERSON_POSTCODE_SIZE];
        struct err_info ignored;
        if (person_valid_postcode(pc, NULL, normal, &ignored) == E_OK) {
            snprintf(s->postcode, sizeof(s->postcode), "%s", normal);
        } else if (strlen(pc) < sizeof(s->postcode)) {
            /* part of a postcode, or one from abroad: compared, not used for blocking */
            size_t j = 0;
            for (const char *c = pc; *c && j + 1 < sizeof(s->postcode); c++)
                s->postcode[j++] = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
            s->postcode[j] = '\0';
        } else {
            rc = err_set(info, E_INVALID, "postcode", "the postcode is too long");
        }
        buf_addf(&s->fields, "%spostcode", s->fields.len ? "," : "");
    }
    const char *nhs = request_query(req, "nhs");
    if (!rc && nhs && *nhs) {
        rc = person_valid_nhs_number(nhs, "nhs", s->nhs, info);
        buf_addf(&s->fields, "%snhs", s->fields.len ? "," : "");
    }
    const char *upn = request_query(req, "upn");
    if (!rc && upn && *upn) {
        rc = person_valid_upn(upn, "upn", s->upn, info);
        buf_addf(&s->fields, "%supn", s->fields.len ? "," : "");
    }
    const char *phone = request_query(req, "phone");
    if (!rc && phone && *phone) {
        rc = person_valid_phone(phone, "phone", s->phone, info);
        buf_addf(&s->fields, "%sphone", s->fields.len ? "," : "");
    }
    const char *email = request_query(req, "email");
    if (!rc && email && *email) {
        rc = person_valid_email(email, "email", s->email, info);
        buf_addf(&s->fields, "%semail", s->fields.len ? "," : "");
    }
    if (!rc && !s->given[0] && !s->family[0] && !s->dob.year && !s->postcode[0] && !s->nhs[0] &&
        !s->upn[0] && !s->phone[0] && !s->email[0] && !s->local_id[0] && !s->address[0])
        rc = err_set(info, E_INVALID, "q",
                     "enter something to search for: a name, date of birth, postcode, NHS "
                     "number, UPN or phone number");
    if (rc) {
        buf_release(&s->fields);
        respond_err(req, rc, info);
        return;
    }
    request_write(req, search_apply, s, searched);
}

/* --- create ---------------------------------------------------------------------------------- */

struct create {
    struct person_viewer viewer;
    struct person p;
    bool confirm_new;
    const char *reason;
    bool duplicate; /* refused: likely duplicates in candidates */
    bool identifier_taken;
    json_t *candidates;
    json_t *out;
    struct err_info info;
};

/* Looks for likely duplicates of p; their JSON goes to *candidates; *likely and *outright say
 * whether any is likely or holds the same NHS number or UPN. */
static enum err duplicates_of(struct store_tx *tx, const struct person_viewer *v,
                              const struct person *p, int64_t self, json_t *candidates,
                              bool *likely, bool *outright, struct buf *ids)
{
    struct person_match_scratch scratch;
    struct match_person q;
    person_to_match(p, &scratch, &q);
    struct person_search_hit hits[DUPLICATES_SHOWN];
    size_t n = 0;
    struct pdate today = person_today(store_tx_now(tx));
    enum err rc = store_person_search(tx, &q, 0, DUPLICATES_SHOWN, 0.0, hits, &n, NULL);
    *likely = *outright = false;
    for (size_t i = 0; !rc && i < n; i++) {
        if (hits[i].person_id == self)
            continue;
        if (!hits[i].result.outright && hits[i].result.score < DUPLICATE_SCORE)
            continue;
        *likely = true;
        *outright = *outright || hits[i].result.outright;
        json_t *item;
        rc = hit_json(tx, v, &hits[i], &today, &item);
        if (!rc)
            json_array_append_new(candidates, item);
        buf_addf(ids, "%s%lld", ids->len ? ", " : "", (long long)hits[i].person_id);
    }
    return rc;
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct create *c = arg;
    json_decref(c->candidates);
    json_decref(c->out);
    c->out = NULL;
    c->candidates = json_array();
    c->duplicate = c->identifier_taken = false;
    memset(&c->info, 0, sizeof(c->info));
    bool likely, outright;
    struct buf ids = BUF_INIT;
    enum err rc = duplicates_of(tx, &c->viewer, &c->p, 0, c->candidates, &likely, &outright, &ids);
    if (!rc && likely && (outright || !c->confirm_new)) {
        /* refused, but the candidates were disclosed: that is audited */
        c->duplicate = true;
        c->identifier_taken = outright;
        char why[600];
        snprintf(why, sizeof(why), "new person refused as a likely duplicate of %.500s", ids.data);
        rc = store_audit_append(tx, "person.duplicate_check", "person", 0, why);
        buf_release(&ids);
        return rc;
    }
    buf_release(&ids);
    if (!rc)
        rc = store_person_insert(tx, &c->p, c->reason);
    if (!rc) {
        struct pdate today = person_today(store_tx_now(tx));
        struct person_access acc = {.level = PERSON_ACCESS_FULL, .basis = PERSON_ACCESS_BY_OPEN};
        c->out = person_to_json(&c->p, json_array(), &today, &acc);
    }
    return rc;
}

static void created(struct request *req, enum err rc)
{
    struct create *c = req->apply_arg;
    if (!rc && c->duplicate) {
        json_decref(c->out);
        const char *msg =
            c->identifier_taken
                ? "a person with this NHS number or UPN is already recorded: use that record"
                : "this person may already be recorded: check the candidates, and send "
                  "\"confirm_new\": true to create a new record anyway";
        respond_json(req, 409,
                     json_pack("{s:{s:s, s:s, s:s}, s:o}", "error", "code", "conflict", "message",
                               msg, "field", c->identifier_taken ? "nhs_number" : "confirm_new",
                               "candidates", c->candidates));
        return;
    }
    json_decref(c->candidates);
    if (rc) {
        json_decref(c->out);
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 201, c->out);
    char location[64];
    snprintf(location, sizeof(location), "/api/persons/%lld", (long long)c->p.id);
    respond_header(req, "Location", location);
}

void persons_create(struct request *req)
{
    static const char *const extra[] = {"confirm_new", "reason", NULL};
    struct create *c = arena_alloc(&req->arena, sizeof(*c));
    persons_viewer(req, &c->viewer);
    person_init(&c->p);
    enum err rc = person_from_json(req->json, &c->p, extra, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &c->reason, &c->info);
    json_t *confirm = json_object_get(req->json, "confirm_new");
    if (!rc && confirm && !json_is_boolean(confirm))
        rc = err_set(&c->info, E_INVALID, "confirm_new", "'confirm_new' must be true or false");
    c->confirm_new = confirm && json_is_true(confirm);
    struct pdate today = person_today(timefmt_now_ms());
    if (!rc)
        rc = person_validate(&c->p, &today, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, create_apply, c, created);
}

/* --- read ------------------------------------------------------------------------------------ */

struct read {
    struct person_viewer viewer;
    int64_t id;
    int64_t redirect_to;
    json_t *out;
    struct err_info info;
};

static json_t *allocations_json(const struct allocation *a, size_t n, int64_t now_ms)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, allocation_to_json(&a[i], now_ms));
    return arr;
}

/* The name of person id for a list (relationships): the display name or "". */
static void name_of(struct store_tx *tx, int64_t id, struct person *scratch, char *out, size_t len)
{
    out[0] = '\0';
    if (store_person_get(tx, id, scratch) == E_OK)
        person_display_name(scratch, out, len);
}

/* Everything about person p that a reader with full access sees: the record, allocations,
 * relationships, households, merged records. The read is audited as person.read. */
static enum err full_read(struct store_tx *tx, const struct person *p,
                          const struct person_access *acc, const char *why, json_t **out)
{
    *out = NULL;
    int64_t now = store_tx_now(tx);
    struct pdate today = person_today(now);
    enum err rc;
    json_t *warnings = warnings_of(tx, p->id, &today, false, &rc);
    if (rc) {
        json_decref(warnings);
        return rc;
    }
    json_t *o = person_to_json(p, warnings, &today, acc);
    struct allocation *alloc = NULL;
    size_t n_alloc = 0;
    /* this read's audit event: the allocations' read appends it, as person.read */
    rc = store_allocation_for_person(tx, p->id, "person.read", why, &alloc, &n_alloc);
    if (!rc) {
        size_t current = 0;
        for (size_t i = 0; i < n_alloc; i++)
            current += allocation_is_current(&alloc[i], now);
        json_object_set_new(o, "allocations", allocations_json(alloc, n_alloc, now));
        json_object_set_new(o, "allocated", json_boolean(current > 0));
    }
    free(alloc);
    struct relationship *rel = NULL;
    size_t n_rel = 0;
    if (!rc)
        rc = store_relationship_for_person(tx, p->id, &rel, &n_rel);
    struct person *other = xmalloc(sizeof(*other));
    if (!rc) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n_rel; i++) {
            int64_t oid = 0;
            relationship_seen_from(&rel[i], p->id, &oid);
            char name[2 * PERSON_NAME_SIZE + 16];
            name_of(tx, oid, other, name, sizeof(name));
            json_array_append_new(arr, relationship_to_json(&rel[i], p->id, name));
        }
        json_object_set_new(o, "relationships", arr);
    }
    free(other);
    free(rel);
    struct household_member *mine = NULL;
    size_t n_mine = 0;
    if (!rc)
        rc = store_household_for_person(tx, p->id, &mine, &n_mine);
    if (!rc) {
        json_t *arr = json_array();
        struct household *h = xmalloc(sizeof(*h));
        for (size_t i = 0; !rc && i < n_mine; i++) {
            struct household_member *members = NULL;
            size_t n_members = 0;
            rc = store_household_get(tx, mine[i].household_id, h);
            if (!rc)
                rc = store_household_members(tx, h->id, &members, &n_members);
            if (!rc) {
                json_t *hj = household_to_json(h, members, n_members);
                json_object_set_new(hj, "membership", household_member_to_json(&mine[i]));
                json_array_append_new(arr, hj);
            }
            free(members);
        }
        free(h);
        json_object_set_new(o, "households", arr);
    }
    free(mine);
    int64_t merged[32];
    size_t n_merged = 0;
    if (!rc)
        rc = store_person_merged_from(tx, p->id, merged, 32, &n_merged);
    if (!rc) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n_merged; i++)
            json_array_append_new(arr, json_integer(merged[i]));
        json_object_set_new(o, "merged_from", arr);
    }
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return E_OK;
}

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct read *r = arg;
    json_decref(r->out);
    r->out = NULL;
    r->redirect_to = 0;
    enum err rc = store_person_survivor(tx, r->id, &r->redirect_to);
    if (rc || r->redirect_to)
        return rc;
    struct person *p = xmalloc(sizeof(*p));
    struct person_access_facts f;
    struct person_access acc;
    rc = store_person_get(tx, r->id, p);
    if (!rc)
        rc = store_person_access_facts(tx, r->id, &r->viewer.user, r->viewer.session_hash,
                                       store_tx_now(tx), &f);
    if (!rc) {
        person_access_decide(&f, &acc);
        if (acc.level == PERSON_ACCESS_FULL) {
            rc = full_read(tx, p, &acc, person_access_basis_name(acc.basis), &r->out);
        } else {
            struct pdate today = person_today(store_tx_now(tx));
            json_t *warnings = warnings_of(tx, r->id, &today, true, &rc);
            r->out = person_limited_json(p, warnings);
            if (!rc)
                rc = store_person_audit_read(tx, r->id, "person.read_limited",
                                             "restricted: existence and name only");
        }
    }
    free(p);
    return rc;
}

static void respond_redirect(struct request *req, int64_t to)
{
    char location[64];
    snprintf(location, sizeof(location), "/api/persons/%lld", (long long)to);
    respond_json(req, 308,
                 json_pack("{s:I, s:s, s:s}", "merged_into", (json_int_t)to, "location", location,
                           "message", "this record was merged: the survivor is at location"));
    respond_header(req, "Location", location);
}

static void got(struct request *req, enum err rc)
{
    struct read *r = req->apply_arg;
    if (!rc && r->redirect_to) {
        json_decref(r->out);
        respond_redirect(req, r->redirect_to);
        return;
    }
    if (rc) {
        json_decref(r->out);
        respond_err(req, rc, &r->info);
        return;
    }
    respond_json(req, 200, r->out);
}

void persons_get(struct request *req)
{
    struct read *r = arena_alloc(&req->arena, sizeof(*r));
    persons_viewer(req, &r->viewer);
    r->id = req->path_id;
    request_write(req, get_apply, r, got);
}

/* --- correct --------------------------------------------------------------------------------- */

struct update {
    struct person_viewer viewer;
    int64_t id;
    json_t *body; /* borrowed from the request */
    const char *reason;
    int expected_version;
    bool restriction_only; /* persons_restrict: only the restricted flag */
    bool restricted;
    json_t *out;
    struct buf changed;
    struct err_info info;
};

static enum err update_apply(struct store_tx *tx, void *arg)
{
    struct update *u = arg;
    json_decref(u->out);
    u->out = NULL;
    memset(&u->info, 0, sizeof(u->info));
    struct person_access acc;
    enum err rc = persons_require_access(tx, &u->viewer, u->id, &acc, &u->info);
    if (rc)
        return rc;
    struct person *p = xmalloc(sizeof(*p));
    rc = store_person_get(tx, u->id, p);
    struct pdate today = person_today(store_tx_now(tx));
    if (!rc && u->restriction_only) {
        p->restricted = u->restricted;
    } else if (!rc) {
        static const char *const extra[] = {"reason", "version", NULL};
        rc = person_from_json(u->body, p, extra, &u->info);
        if (!rc)
            rc = person_validate(p, &today, &u->info);
    }
    if (!rc)
        rc = store_person_correct(tx, p, u->expected_version, u->reason, &u->changed, &u->info);
    if (!rc) {
        json_t *warnings = warnings_of(tx, p->id, &today, false, &rc);
        u->out = person_to_json(p, warnings, &today, &acc);
    }
    free(p);
    return rc;
}

static void updated(struct request *req, enum err rc)
{
    struct update *u = req->apply_arg;
    if (rc) {
        json_decref(u->out);
        buf_release(&u->changed);
        respond_err(req, rc, &u->info);
        return;
    }
    json_t *changed = json_array();
    for (char *f = u->changed.data; *f;) {
        size_t n = strcspn(f, ",");
        json_array_append_new(changed, json_stringn(f, n));
        f += n + (f[n] == ',');
    }
    json_object_set_new(u->out, "changed", changed);
    buf_release(&u->changed);
    respond_json(req, 200, u->out);
}

static enum err read_reason(json_t *body, const char **out, const char *what, struct err_info *info)
{
    enum err rc = jsonin_string(body, "reason", out, info);
    if (!rc && (!*out || !**out))
        rc = err_set(info, E_INVALID, "reason", "say why %s", what);
    if (!rc && strlen(*out) > PERSON_REASON_MAX * 4)
        rc = err_set(info, E_INVALID, "reason", "the reason is too long");
    return rc;
}

void persons_update(struct request *req)
{
    struct update *u = arena_alloc(&req->arena, sizeof(*u));
    persons_viewer(req, &u->viewer);
    buf_init(&u->changed);
    u->id = req->path_id;
    u->body = req->json;
    enum err rc = read_reason(req->json, &u->reason, "the record is being corrected", &u->info);
    json_t *v = json_object_get(req->json, "version");
    if (!rc && v &&
        (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000))
        rc = err_set(&u->info, E_INVALID, "version", "'version' must be the version you read");
    if (!rc && v)
        u->expected_version = (int)json_integer_value(v);
    if (rc) {
        respond_err(req, rc, &u->info);
        return;
    }
    request_write(req, update_apply, u, updated);
}

void persons_restrict(struct request *req)
{
    static const char *const fields[] = {"restricted", "reason", NULL};
    struct update *u = arena_alloc(&req->arena, sizeof(*u));
    persons_viewer(req, &u->viewer);
    buf_init(&u->changed);
    u->id = req->path_id;
    u->restriction_only = true;
    enum err rc = jsonin_only(req->json, fields, &u->info);
    json_t *flag = json_object_get(req->json, "restricted");
    if (!rc && (!flag || !json_is_boolean(flag)))
        rc = err_set(&u->info, E_INVALID, "restricted", "'restricted' must be true or false");
    if (!rc)
        rc = read_reason(req->json, &u->reason, "the restriction is being changed", &u->info);
    if (rc) {
        respond_err(req, rc, &u->info);
        return;
    }
    u->restricted = json_is_true(flag);
    request_write(req, update_apply, u, updated);
}

/* --- history --------------------------------------------------------------------------------- */

struct history {
    struct person_viewer viewer;
    int64_t id;
    json_t *items;
    struct pdate today;
    size_t n;
    struct err_info info;
};

static void add_version(const struct person *p, const struct person_version_meta *m, void *arg)
{
    struct history *h = arg;
    if (h->n++ >= HISTORY_MAX)
        return;
    json_t *changed = json_array();
    for (const char *f = m->changed_fields; *f;) {
        size_t n = strcspn(f, ",");
        json_array_append_new(changed, json_stringn(f, n));
        f += n + (f[n] == ',');
    }
    json_t *record = person_to_json(p, json_array(), &h->today, NULL);
    json_object_del(record, "warnings"); /* markers are not part of a version */
    json_object_del(record, "access");
    json_array_append_new(
        h->items, json_pack("{s:i, s:o, s:s, s:o, s:{s:I, s:s}, s:o}", "version", m->version,
                            "recorded_at", instant_to_json(m->created_at), "reason", m->reason,
                            "changed", changed, "recorded_by", "id", (json_int_t)m->created_by,
                            "name", m->created_by_name, "record", record));
}

static enum err history_apply(struct store_tx *tx, void *arg)
{
    struct history *h = arg;
    json_decref(h->items);
    h->items = json_array();
    h->n = 0;
    h->today = person_today(store_tx_now(tx));
    memset(&h->info, 0, sizeof(h->info));
    /* a merged-away record's own history stays readable: check access on it directly */
    struct person_access_facts f;
    struct person_access acc;
    enum err rc = store_person_access_facts(tx, h->id, &h->viewer.user, h->viewer.session_hash,
                                            store_tx_now(tx), &f);
    if (rc)
        return rc;
    person_access_decide(&f, &acc);
    if (acc.level != PERSON_ACCESS_FULL)
        return err_set(&h->info, E_DENIED, "",
                       "this record is restricted: give your reason to open it first");
    rc = store_person_history(tx, h->id, add_version, h);
    if (!rc)
        rc = store_person_audit_read(tx, h->id, "person.read", "history");
    return rc;
}

static void history_done(struct request *req, enum err rc)
{
    struct history *h = req->apply_arg;
    if (rc) {
        json_decref(h->items);
        respond_err(req, rc, &h->info);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:I, s:o}", "person_id", (json_int_t)h->id, "versions", h->items));
}

void persons_history(struct request *req)
{
    struct history *h = arena_alloc(&req->arena, sizeof(*h));
    persons_viewer(req, &h->viewer);
    h->id = req->path_id;
    request_write(req, history_apply, h, history_done);
}

/* --- merge ----------------------------------------------------------------------------------- */

struct merge {
    struct person_viewer viewer;
    int64_t id, into_id;
    const char *reason;
    struct person_merge_result result;
    struct err_info info;
};

static enum err merge_apply(struct store_tx *tx, void *arg)
{
    struct merge *m = arg;
    memset(&m->info, 0, sizeof(m->info));
    struct person_access acc;
    enum err rc = persons_require_access(tx, &m->viewer, m->id, &acc, &m->info);
    if (!rc)
        rc = persons_require_access(tx, &m->viewer, m->into_id, &acc, &m->info);
    if (rc == E_NOTFOUND)
        return err_set(&m->info, E_NOTFOUND, "", "there is no such person");
    if (rc)
        return rc;
    return store_person_merge(tx, m->id, m->into_id, m->reason, &m->result, &m->info);
}

static void merged(struct request *req, enum err rc)
{
    struct merge *m = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &m->info);
        return;
    }
    char location[64];
    snprintf(location, sizeof(location), "/api/persons/%lld", (long long)m->into_id);
    respond_json(req, 200,
                 json_pack("{s:I, s:I, s:s, s:{s:I, s:I, s:I, s:I}}", "merged", (json_int_t)m->id,
                           "into", (json_int_t)m->into_id, "location", location, "moved",
                           "allocations", (json_int_t)m->result.n_allocations, "relationships",
                           (json_int_t)m->result.n_relationships, "households",
                           (json_int_t)m->result.n_households, "contacts",
                           (json_int_t)m->result.n_contacts));
}

void persons_merge(struct request *req)
{
    static const char *const fields[] = {"into_id", "reason", NULL};
    struct merge *m = arena_alloc(&req->arena, sizeof(*m));
    persons_viewer(req, &m->viewer);
    m->id = req->path_id;
    enum err rc = jsonin_only(req->json, fields, &m->info);
    if (!rc)
        rc = dirjson_int64(req->json, "into_id", 1, INT64_MAX, &m->into_id, NULL, &m->info);
    if (!rc && !m->into_id)
        rc = err_set(&m->info, E_INVALID, "into_id", "name the record to keep (into_id)");
    if (!rc)
        rc = read_reason(req->json, &m->reason, "the records are being merged", &m->info);
    if (rc) {
        respond_err(req, rc, &m->info);
        return;
    }
    request_write(req, merge_apply, m, merged);
}

/* --- break-glass ----------------------------------------------------------------------------- */

struct opening {
    struct person_viewer viewer;
    int64_t id;
    const char *reason;
    struct person_access access;
    int64_t expires_at;
    struct err_info info;
};

static enum err access_apply(struct store_tx *tx, void *arg)
{
    struct opening *o = arg;
    o->expires_at = 0;
    int64_t survivor = 0;
    enum err rc = store_person_survivor(tx, o->id, &survivor);
    if (!rc && survivor)
        return err_set(&o->info, E_CONFLICT, "", "this record was merged into person %lld",
                       (long long)survivor);
    struct person_access_facts f;
    if (!rc)
        rc = store_person_access_facts(tx, o->id, &o->viewer.user, o->viewer.session_hash,
                                       store_tx_now(tx), &f);
    if (rc)
        return rc;
    person_access_decide(&f, &o->access);
    if (o->access.level == PERSON_ACCESS_FULL && o->access.basis != PERSON_ACCESS_BY_GRANT)
        return E_OK; /* open to them already: nothing to record */
    rc = store_person_access_grant(tx, o->id, o->viewer.session_hash, o->reason, &o->expires_at);
    if (!rc) {
        o->access.level = PERSON_ACCESS_FULL;
        o->access.basis = PERSON_ACCESS_BY_GRANT;
        o->access.grant_expires_at = o->expires_at;
    }
    return rc;
}

static void opened(struct request *req, enum err rc)
{
    struct opening *o = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &o->info);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:I, s:s, s:s, s:o, s:b}", "person_id", (json_int_t)o->id, "access",
                           "full", "basis", person_access_basis_name(o->access.basis), "expires_at",
                           instant_to_json(o->expires_at), "recorded", o->expires_at != 0));
}

void persons_access(struct request *req)
{
    static const char *const fields[] = {"reason", NULL};
    struct opening *o = arena_alloc(&req->arena, sizeof(*o));
    persons_viewer(req, &o->viewer);
    o->id = req->path_id;
    enum err rc = jsonin_only(req->json, fields, &o->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &o->reason, &o->info);
    if (!rc)
        rc = person_access_reason_check(o->reason, &o->info);
    if (!rc && req->auth != AUTH_SESSION)
        rc = err_set(&o->info, E_DENIED, "", "a restricted record is opened by a signed-in user");
    if (rc) {
        respond_err(req, rc, &o->info);
        return;
    }
    request_write(req, access_apply, o, opened);
}
