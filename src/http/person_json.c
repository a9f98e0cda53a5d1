/*
 * person_json: one x_to_json and one x_from_json per type. jansson keeps keys in insertion
 * order, which is how "warnings" comes first in every person.
 */
#include "http/person_json.h"

#include <stdio.h>
#include <string.h>

#include "domain/match.h"
#include "http/directory_json.h"

json_t *pdate_to_json(const struct pdate *d)
{
    if (!d->year)
        return json_null();
    char text[PERSON_DATE_SIZE];
    person_valid_date_format(d, text);
    return json_string(text);
}

/* --- warnings -------------------------------------------------------------------------------- */

static json_t *review_to_json(const struct warning_review *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "reviewed_on", pdate_to_json(&r->reviewed_on));
    json_object_set_new(o, "outcome", json_string(warning_outcome_name(r->outcome)));
    json_object_set_new(o, "next_review_on", pdate_to_json(&r->next_review_on));
    json_object_set_new(o, "note", json_string(r->note));
    json_object_set_new(
        o, "agreed_by",
        json_pack("{s:I, s:s}", "id", (json_int_t)r->agreed_by, "name", r->agreed_by_name));
    json_object_set_new(o, "recorded_at", instant_to_json(r->created_at));
    return o;
}

json_t *warning_to_json(const struct warning *w, const struct pdate *today, bool brief)
{
    struct pdate next = warning_next_review(w);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(w->id));
    json_object_set_new(o, "type", json_string(warning_type_name(w->type)));
    json_object_set_new(o, "label", json_string(warning_type_label(w->type)));
    json_object_set_new(o, "active", json_boolean(warning_is_active(w)));
    json_object_set_new(o, "starts_on", pdate_to_json(&w->starts_on));
    json_object_set_new(o, "review_on", pdate_to_json(&next));
    json_object_set_new(o, "review_overdue", json_boolean(warning_review_overdue(w, today)));
    if (brief)
        return o;
    json_object_set_new(o, "person_id", json_integer(w->person_id));
    json_object_set_new(o, "detail", json_string(w->detail));
    json_object_set_new(o, "first_review_on", pdate_to_json(&w->review_on));
    json_object_set_new(o, "told", json_boolean(w->told));
    json_object_set_new(o, "told_how", json_string(w->told_how));
    json_object_set_new(o, "not_told_reason", json_string(w->not_told_reason));
    json_object_set_new(
        o, "agreed_by",
        json_pack("{s:I, s:s}", "id", (json_int_t)w->agreed_by, "name", w->agreed_by_name));
    json_object_set_new(o, "recorded_at", instant_to_json(w->created_at));
    json_t *reviews = json_array();
    for (size_t i = 0; i < w->n_reviews; i++)
        json_array_append_new(reviews, review_to_json(&w->reviews[i]));
    json_object_set_new(o, "reviews", reviews);
    return o;
}

json_t *warnings_to_json(const struct warning *w, size_t n, const struct pdate *today, bool brief)
{
    json_t *a = json_array();
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++)
            if (warning_is_active(&w[i]) == (pass == 0))
                json_array_append_new(a, warning_to_json(&w[i], today, brief));
    return a;
}

/* --- persons --------------------------------------------------------------------------------- */

static json_t *address_to_json(const struct person_address *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "line1", json_string(a->line1));
    json_object_set_new(o, "line2", json_string(a->line2));
    json_object_set_new(o, "locality", json_string(a->locality));
    json_object_set_new(o, "postcode", json_string(a->postcode));
    json_object_set_new(o, "country", json_string(a->country));
    json_object_set_new(o, "from", pdate_to_json(&a->from));
    json_object_set_new(o, "to", pdate_to_json(&a->to));
    json_object_set_new(o, "current", json_boolean(!a->to.year));
    return o;
}

static json_t *age_json(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

json_t *person_to_json(const struct person *p, json_t *warnings, const struct pdate *today,
                       const struct person_access *access)
{
    char name[2 * PERSON_NAME_SIZE + 16];
    person_display_name(p, name, sizeof(name));
    struct person_derived d;
    person_derive(p, today, &d);
    json_t *o = json_object();
    json_object_set_new(o, "warnings", warnings ? warnings : json_array());
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "display_name", json_string(name));
    json_object_set_new(o, "restricted", json_boolean(p->restricted));
    json_object_set_new(o, "access", json_string("full"));
    if (access) {
        json_object_set_new(o, "access_basis",
                            json_string(person_access_basis_name(access->basis)));
        if (access->basis == PERSON_ACCESS_BY_GRANT)
            json_object_set_new(o, "access_expires_at", instant_to_json(access->grant_expires_at));
    }
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "given_name", json_string(p->given));
    json_object_set_new(o, "family_name", json_string(p->family));
    json_t *names = json_array();
    for (size_t i = 0; i < p->n_names; i++)
        json_array_append_new(
            names, json_pack("{s:s, s:s, s:s}", "kind", person_name_kind_name(p->names[i].kind),
                             "given_name", p->names[i].given, "family_name", p->names[i].family));
    json_object_set_new(o, "other_names", names);
    json_object_set_new(o, "date_of_birth", pdate_to_json(&p->dob));
    json_object_set_new(o, "expected_date_of_birth", pdate_to_json(&p->expected_dob));
    json_object_set_new(o, "age", d.age_min == d.age_max ? age_json(d.age_min) : json_null());
    json_object_set_new(
        o, "age_range",
        json_pack("{s:o, s:o}", "min", age_json(d.age_min), "max", age_json(d.age_max)));
    json_object_set_new(o, "age_group", json_string(person_age_group_name(d.group)));
    char sex[2] = {p->sex, '\0'};
    json_object_set_new(o, "sex", json_string(sex));
    json_object_set_new(o, "gender_identity", json_string(p->gender_identity));
    json_object_set_new(o, "ethnicity", p->ethnicity[0] ? json_string(p->ethnicity) : json_null());
    const char *elabel = person_ethnicity_label(p->ethnicity);
    json_object_set_new(o, "ethnicity_label", elabel ? json_string(elabel) : json_null());
    json_object_set_new(o, "communication",
                        json_pack("{s:s, s:b, s:b, s:s}", "first_language", p->first_language,
                                  "interpreter_needed", p->interpreter_needed, "bsl_needed",
                                  p->bsl_needed, "other_needs", p->communication_needs));
    json_object_set_new(o, "nhs_number", p->nhs[0] ? json_string(p->nhs) : json_null());
    json_object_set_new(o, "upn", p->upn[0] ? json_string(p->upn) : json_null());
    json_object_set_new(o, "local_id", p->local_id[0] ? json_string(p->local_id) : json_null());
    json_t *addresses = json_array();
    for (size_t i = 0; i < p->n_addresses; i++)
        json_array_append_new(addresses, address_to_json(&p->addresses[i]));
    json_object_set_new(o, "addresses", addresses);
    json_t *phones = json_array();
    for (size_t i = 0; i < p->n_phones; i++)
        json_array_append_new(phones, json_pack("{s:s, s:s}", "number", p->phones[i].number, "kind",
                                                person_phone_kind_name(p->phones[i].kind)));
    json_object_set_new(o, "phones", phones);
    json_object_set_new(o, "email", p->email[0] ? json_string(p->email) : json_null());
    json_t *cl = json_object();
    json_object_set_new(cl, "is_care_leaver", json_boolean(p->care_leaver));
    json_object_set_new(cl, "left_care_on", pdate_to_json(&p->left_care_on));
    json_object_set_new(cl, "over_21", d.over_21 < 0 ? json_null() : json_boolean(d.over_21));
    json_object_set_new(o, "care_leaver", cl);
    json_object_set_new(o, "merged_into",
                        p->merged_into ? json_integer(p->merged_into) : json_null());
    json_object_set_new(o, "created_at", instant_to_json(p->created_at));
    json_object_set_new(o, "updated_at", instant_to_json(p->updated_at));
    return o;
}

json_t *person_limited_json(const struct person *p, json_t *warnings)
{
    char name[2 * PERSON_NAME_SIZE + 16];
    person_display_name(p, name, sizeof(name));
    json_t *o = json_object();
    json_object_set_new(o, "warnings", warnings ? warnings : json_array());
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "display_name", json_string(name));
    json_object_set_new(o, "given_name", json_string(p->given));
    json_object_set_new(o, "family_name", json_string(p->family));
    json_object_set_new(o, "restricted", json_true());
    json_object_set_new(o, "access", json_string("limited"));
    json_object_set_new(o, "message",
                        json_string("this record is restricted: only the allocated worker, their "
                                    "team and managers can see it; to open it, give your reason "
                                    "(POST /api/persons/{id}/access), which is recorded"));
    return o;
}

/* --- reading --------------------------------------------------------------------------------- */

static enum err read_text(json_t *obj, const char *key, const char *field, char *dst, size_t size,
                          struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return E_OK;
    if (json_is_null(v)) {
        dst[0] = '\0';
        return E_OK;
    }
    if (!json_is_string(v))
        return err_set(info, E_INVALID, field, "'%s' must be text", field);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set(info, E_INVALID, field, "'%s' must not contain a NUL character", field);
    if (json_string_length(v) >= size)
        return err_set(info, E_INVALID, field, "'%s' is too long", field);
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return E_OK;
}

static enum err read_bool(json_t *obj, const char *key, const char *field, bool *dst,
                          struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return E_OK;
    if (json_is_null(v)) {
        *dst = false;
        return E_OK;
    }
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, field, "'%s' must be true or false", field);
    *dst = json_is_true(v);
    return E_OK;
}

static enum err read_date(json_t *obj, const char *key, const char *field, struct pdate *dst,
                          struct err_info *info)
{
    char text[32];
    json_t *v = json_object_get(obj, key);
    if (!v)
        return E_OK;
    if (json_is_null(v)) {
        memset(dst, 0, sizeof(*dst));
        return E_OK;
    }
    enum err rc = read_text(obj, key, field, text, sizeof(text), info);
    if (rc)
        return rc;
    struct pdate d;
    rc = person_valid_date_parse(text, field, &d, info);
    if (rc)
        return err_set(info, E_INVALID, field,
                       "enter the date as YYYY-MM-DD, or YYYY-MM or YYYY when only that is known");
    *dst = d;
    return E_OK;
}

/* Refuses keys of o not in allowed, naming them prefix.key. */
static enum err only_keys(json_t *o, const char *const allowed[], const char *prefix,
                          struct err_info *info)
{
    const char *key;
    json_t *value;
    json_object_foreach(o, key, value)
    {
        (void)value;
        bool known = false;
        for (int i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], key) == 0;
        if (!known) {
            char f[96];
            snprintf(f, sizeof(f), "%s%s%.60s", prefix, *prefix ? "." : "", key);
            return err_set(info, E_INVALID, f, "'%.60s' is not a field this request accepts", key);
        }
    }
    return E_OK;
}

static enum err read_array(json_t *obj, const char *key, size_t max, json_t **out,
                           struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = v;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_array(v))
        return err_set(info, E_INVALID, key, "'%s' must be a list", key);
    if (json_array_size(v) > max)
        return err_set(info, E_INVALID, key, "'%s' can hold at most %zu entries", key, max);
    return E_OK;
}

static const char *const person_fields[] = {"given_name",
                                            "family_name",
                                            "other_names",
                                            "date_of_birth",
                                            "expected_date_of_birth",
                                            "sex",
                                            "gender_identity",
                                            "ethnicity",
                                            "first_language",
                                            "interpreter_needed",
                                            "bsl_needed",
                                            "communication_needs",
                                            "nhs_number",
                                            "upn",
                                            "local_id",
                                            "addresses",
                                            "phones",
                                            "email",
                                            "care_leaver",
                                            "left_care_on",
                                            NULL};

enum err person_from_json(json_t *obj, struct person *p, const char *const extra[],
                          struct err_info *info)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        (void)value;
        bool known = false;
        for (int i = 0; person_fields[i] && !known; i++)
            known = strcmp(person_fields[i], key) == 0;
        for (int i = 0; extra && extra[i] && !known; i++)
            known = strcmp(extra[i], key) == 0;
        if (!known)
            return err_set(info, E_INVALID, key, "'%.60s' is not a field of a person", key);
    }
    enum err rc = read_text(obj, "given_name", "given_name", p->given, sizeof(p->given), info);
    if (!rc)
        rc = read_text(obj, "family_name", "family_name", p->family, sizeof(p->family), info);
    json_t *arr = NULL;
    if (!rc)
        rc = read_array(obj, "other_names", PERSON_OTHER_NAMES_MAX, &arr, info);
    if (!rc && arr) {
        static const char *const keys[] = {"kind", "given_name", "family_name", NULL};
        p->n_names = 0;
        for (size_t i = 0; !rc && json_is_array(arr) && i < json_array_size(arr); i++) {
            json_t *e = json_array_get(arr, i);
            char f[64], kind[32] = "";
            snprintf(f, sizeof(f), "other_names[%zu]", i);
            if (!json_is_object(e)) {
                rc = err_set(info, E_INVALID, f, "each other name must be an object");
                break;
            }
            struct person_name *n = &p->names[p->n_names++];
            memset(n, 0, sizeof(*n));
            rc = only_keys(e, keys, f, info);
            char sub[96];
            snprintf(sub, sizeof(sub), "%s.kind", f);
            if (!rc)
                rc = read_text(e, "kind", sub, kind, sizeof(kind), info);
            n->kind = person_name_kind_parse(kind);
            snprintf(sub, sizeof(sub), "%s.given_name", f);
            if (!rc)
                rc = read_text(e, "given_name", sub, n->given, sizeof(n->given), info);
            snprintf(sub, sizeof(sub), "%s.family_name", f);
            if (!rc)
                rc = read_text(e, "family_name", sub, n->family, sizeof(n->family), info);
        }
    }
    if (!rc)
        rc = read_date(obj, "date_of_birth", "date_of_birth", &p->dob, info);
    if (!rc)
        rc = read_date(obj, "expected_date_of_birth", "expected_date_of_birth", &p->expected_dob,
                       info);
    if (!rc && json_object_get(obj, "sex")) {
        char sex[4] = "";
        rc = read_text(obj, "sex", "sex", sex, sizeof(sex), info);
        if (!rc && strlen(sex) > 1)
            rc = err_set(info, E_INVALID, "sex", "choose M, F or U (not known or not stated)");
        if (!rc)
            p->sex = sex[0] ? sex[0] : 'U';
    }
    if (!rc)
        rc = read_text(obj, "gender_identity", "gender_identity", p->gender_identity,
                       sizeof(p->gender_identity), info);
    if (!rc)
        rc = read_text(obj, "ethnicity", "ethnicity", p->ethnicity, sizeof(p->ethnicity), info);
    if (!rc)
        rc = read_text(obj, "first_language", "first_language", p->first_language,
                       sizeof(p->first_language), info);
    if (!rc)
        rc = read_bool(obj, "interpreter_needed", "interpreter_needed", &p->interpreter_needed,
                       info);
    if (!rc)
        rc = read_bool(obj, "bsl_needed", "bsl_needed", &p->bsl_needed, info);
    if (!rc)
        rc = read_text(obj, "communication_needs", "communication_needs", p->communication_needs,
                       sizeof(p->communication_needs), info);
    if (!rc && json_object_get(obj, "nhs_number")) {
        char nhs[40] = "";
        rc = read_text(obj, "nhs_number", "nhs_number", nhs, sizeof(nhs), info);
        p->nhs[0] = '\0';
        if (!rc && nhs[0])
            rc = person_valid_nhs_number(nhs, "nhs_number", p->nhs, info);
    }
    if (!rc) {
        char upn[32] = "";
        json_t *v = json_object_get(obj, "upn");
        rc = read_text(obj, "upn", "upn", upn, sizeof(upn), info);
        if (!rc && v && strlen(upn) >= sizeof(p->upn))
            rc = err_set(info, E_INVALID, "upn", "a UPN is 13 characters");
        if (!rc && v)
            snprintf(p->upn, sizeof(p->upn), "%.13s", upn);
    }
    if (!rc)
        rc = read_text(obj, "local_id", "local_id", p->local_id, sizeof(p->local_id), info);
    if (!rc)
        rc = read_array(obj, "addresses", PERSON_ADDRESSES_MAX, &arr, info);
    if (!rc && arr) {
        static const char *const keys[] = {"line1", "line2", "locality", "postcode", "country",
                                           "from",  "to",    "current",  NULL};
        p->n_addresses = 0;
        for (size_t i = 0; !rc && json_is_array(arr) && i < json_array_size(arr); i++) {
            json_t *e = json_array_get(arr, i);
            char f[64], sub[96];
            snprintf(f, sizeof(f), "addresses[%zu]", i);
            if (!json_is_object(e)) {
                rc = err_set(info, E_INVALID, f, "each address must be an object");
                break;
            }
            struct person_address *a = &p->addresses[p->n_addresses++];
            memset(a, 0, sizeof(*a));
            rc = only_keys(e, keys, f, info);
#define ADDR_TEXT(k, dst)                                                                          \
    if (!rc) {                                                                                     \
        snprintf(sub, sizeof(sub), "%s.%s", f, k);                                                 \
        rc = read_text(e, k, sub, dst, sizeof(dst), info);                                         \
    }
            ADDR_TEXT("line1", a->line1)
            ADDR_TEXT("line2", a->line2)
            ADDR_TEXT("locality", a->locality)
            ADDR_TEXT("postcode", a->postcode)
            ADDR_TEXT("country", a->country)
#undef ADDR_TEXT
            if (!rc) {
                snprintf(sub, sizeof(sub), "%s.from", f);
                rc = read_date(e, "from", sub, &a->from, info);
            }
            if (!rc) {
                snprintf(sub, sizeof(sub), "%s.to", f);
                rc = read_date(e, "to", sub, &a->to, info);
            }
        }
    }
    if (!rc)
        rc = read_array(obj, "phones", PERSON_PHONES_MAX, &arr, info);
    if (!rc && arr) {
        static const char *const keys[] = {"number", "kind", NULL};
        p->n_phones = 0;
        for (size_t i = 0; !rc && json_is_array(arr) && i < json_array_size(arr); i++) {
            json_t *e = json_array_get(arr, i);
            char f[64], sub[96], kind[16] = "";
            snprintf(f, sizeof(f), "phones[%zu]", i);
            struct person_phone *ph = &p->phones[p->n_phones++];
            memset(ph, 0, sizeof(*ph));
            if (json_is_string(e)) { /* a bare number */
                ph->kind = PERSON_PHONE_OTHER;
                rc = person_valid_phone(json_string_value(e), f, ph->number, info);
                continue;
            }
            if (!json_is_object(e)) {
                rc = err_set(info, E_INVALID, f, "each phone must be a number or an object");
                break;
            }
            rc = only_keys(e, keys, f, info);
            snprintf(sub, sizeof(sub), "%s.number", f);
            char number[48] = "";
            if (!rc)
                rc = read_text(e, "number", sub, number, sizeof(number), info);
            if (!rc)
                rc = person_valid_phone(number, sub, ph->number, info);
            snprintf(sub, sizeof(sub), "%s.kind", f);
            if (!rc)
                rc = read_text(e, "kind", sub, kind, sizeof(kind), info);
            if (!rc) {
                ph->kind = kind[0] ? person_phone_kind_parse(kind) : PERSON_PHONE_OTHER;
                if (ph->kind == PERSON_PHONE_NONE)
                    rc = err_set(info, E_INVALID, sub, "choose mobile, home, work or other");
            }
        }
    }
    if (!rc)
        rc = read_text(obj, "email", "email", p->email, sizeof(p->email), info);
    if (!rc)
        rc = read_bool(obj, "care_leaver", "care_leaver", &p->care_leaver, info);
    if (!rc)
        rc = read_date(obj, "left_care_on", "left_care_on", &p->left_care_on, info);
    return rc;
}

/* --- warnings in ------------------------------------------------------------------------------ */

static enum err read_id(json_t *obj, const char *key, int64_t *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return err_set(info, E_INVALID, key, "'%s' must be an id (a whole number)", key);
    *out = json_integer_value(v);
    return E_OK;
}

enum err warning_from_json(json_t *obj, struct warning *w, struct err_info *info)
{
    static const char *const keys[] = {"type", "detail",   "starts_on",       "review_on",
                                       "told", "told_how", "not_told_reason", "agreed_by",
                                       NULL};
    enum err rc = only_keys(obj, keys, "", info);
    char type[40] = "";
    if (!rc)
        rc = read_text(obj, "type", "type", type, sizeof(type), info);
    w->type = warning_type_parse(type);
    if (!rc)
        rc = read_text(obj, "detail", "detail", w->detail, sizeof(w->detail), info);
    if (!rc)
        rc = read_date(obj, "starts_on", "starts_on", &w->starts_on, info);
    if (!rc)
        rc = read_date(obj, "review_on", "review_on", &w->review_on, info);
    if (!rc) {
        json_t *t = json_object_get(obj, "told");
        if (!t || !json_is_boolean(t))
            rc = err_set(info, E_INVALID, "told",
                         "say whether the person was told about the warning (true or false)");
        else
            w->told = json_is_true(t);
    }
    if (!rc)
        rc = read_text(obj, "told_how", "told_how", w->told_how, sizeof(w->told_how), info);
    if (!rc)
        rc = read_text(obj, "not_told_reason", "not_told_reason", w->not_told_reason,
                       sizeof(w->not_told_reason), info);
    if (!rc)
        rc = read_id(obj, "agreed_by", &w->agreed_by, info);
    return rc;
}

enum err warning_review_from_json(json_t *obj, struct warning_review *r, struct err_info *info)
{
    static const char *const keys[] = {"reviewed_on", "outcome",   "next_review_on",
                                       "note",        "agreed_by", NULL};
    enum err rc = only_keys(obj, keys, "", info);
    char outcome[16] = "";
    if (!rc)
        rc = read_date(obj, "reviewed_on", "reviewed_on", &r->reviewed_on, info);
    if (!rc)
        rc = read_text(obj, "outcome", "outcome", outcome, sizeof(outcome), info);
    r->outcome = warning_outcome_parse(outcome);
    if (!rc)
        rc = read_date(obj, "next_review_on", "next_review_on", &r->next_review_on, info);
    if (!rc)
        rc = read_text(obj, "note", "note", r->note, sizeof(r->note), info);
    if (!rc)
        rc = read_id(obj, "agreed_by", &r->agreed_by, info);
    return rc;
}

/* --- relationships and households ------------------------------------------------------------ */

json_t *relationship_to_json(const struct relationship *r, int64_t self, const char *other_name)
{
    int64_t other = 0;
    enum relationship_type t = relationship_seen_from(r, self, &other);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "type", json_string(relationship_type_name(t)));
    json_object_set_new(o, "label", json_string(relationship_type_label(t)));
    json_object_set_new(
        o, "person",
        json_pack("{s:I, s:s}", "id", (json_int_t)other, "name", other_name ? other_name : ""));
    json_object_set_new(o, "note", json_string(r->note));
    json_object_set_new(o, "current", json_boolean(r->ended_at == 0));
    json_object_set_new(o, "recorded_at", instant_to_json(r->created_at));
    json_object_set_new(o, "ended_at", instant_to_json(r->ended_at));
    if (r->ended_at)
        json_object_set_new(o, "end_reason", json_string(r->end_reason));
    return o;
}

json_t *household_member_to_json(const struct household_member *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "household_id", json_integer(m->household_id));
    json_object_set_new(
        o, "person",
        json_pack("{s:I, s:s}", "id", (json_int_t)m->person_id, "name", m->person_name));
    json_object_set_new(o, "role", json_string(household_role_name(m->role)));
    json_object_set_new(o, "current", json_boolean(m->ended_at == 0));
    json_object_set_new(o, "joined_at", instant_to_json(m->created_at));
    json_object_set_new(o, "left_at", instant_to_json(m->ended_at));
    if (m->ended_at)
        json_object_set_new(o, "leave_reason", json_string(m->end_reason));
    return o;
}

json_t *household_to_json(const struct household *h, const struct household_member *m, size_t n)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(h->id));
    json_object_set_new(o, "kind", json_string(household_kind_name(h->kind)));
    json_object_set_new(o, "name", json_string(h->name));
    json_object_set_new(o, "locality", json_string(h->locality));
    json_object_set_new(o, "note", json_string(h->note));
    json_object_set_new(o, "created_at", instant_to_json(h->created_at));
    json_t *members = json_array();
    for (size_t i = 0; m && i < n; i++)
        json_array_append_new(members, household_member_to_json(&m[i]));
    json_object_set_new(o, "members", members);
    return o;
}
