/*
 * demo_persons: the demo people, written through the same store functions as the API (each
 * write audited as the system). Dates of birth are relative to the day the demo is loaded, so
 * ages (a care leaver over 21, a child of 9) stay true whenever it runs.
 */
#include "cli/demo_persons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/allocation.h"
#include "domain/household.h"
#include "domain/person.h"
#include "domain/relationship.h"
#include "domain/warning.h"
#include "store/store_allocation.h"
#include "store/store_household.h"
#include "store/store_person.h"
#include "store/store_relationship.h"
#include "store/store_team.h"
#include "store/store_warning.h"
#include "store/store_worker.h"

struct demo_person {
    const char *key; /* for relationships below */
    const char *given, *family;
    int age, month, day; /* date of birth: age years before today's year, on month/day; age
                            -1 = unknown, -2 = unborn (expected in `month` months) */
    char sex;
    const char *ethnicity;
    const char *other_kind, *other_given, *other_family;
    const char *line1, *locality, *postcode; /* current address */
    const char *phone, *email, *nhs, *upn;
    const char *first_language;
    bool interpreter, bsl;
    const char *needs;
    int care_leaver_since; /* years ago they left care; 0 = not a care leaver */
    bool restricted;
};

static const struct demo_person people[] = {
    /* care leavers (seed 001: the leaving care service and its PAs) */
    {"jordan",
     "Jordan",
     "Reilly",
     23,
     3,
     2,
     'M',
     "WBRI",
     "known_as",
     "Jord",
     "Reilly",
     "Flat 4, 19 Canal Street",
     "Barchester",
     "BA1 4QT",
     "07700 900311",
     NULL,
     "9990079196",
     NULL,
     "English",
     false,
     false,
     NULL,
     5,
     false},
    {"kayleigh",
     "Kayleigh",
     "Price",
     19,
     8,
     21,
     'F',
     "WBRI",
     NULL,
     NULL,
     NULL,
     "27 Mill Lane",
     "Barchester",
     "BA2 7HN",
     "07700 900312",
     NULL,
     "9990237573",
     NULL,
     "English",
     false,
     false,
     NULL,
     1,
     false},
    {"tyler",
     "Tyler",
     "Okonkwo-Barnes",
     20,
     11,
     5,
     'M',
     "MWBA",
     NULL,
     NULL,
     NULL,
     "Supported lodgings (address withheld)",
     "Barchester",
     NULL,
     "07700 900313",
     NULL,
     "9990316767",
     NULL,
     "English",
     false,
     false,
     NULL,
     2,
     true},
    {"chloe",
     "Chloe",
     "Dawson",
     24,
     1,
     30,
     'F',
     "WBRI",
     "alias",
     "Chloe",
     "Dawes",
     "8 Orchard Close",
     "Wendham",
     "BA3 2LX",
     "07700 900314",
     "chloe.dawson@example.org",
     "9990395950",
     NULL,
     "English",
     false,
     false,
     NULL,
     6,
     false},
    /* a family known to the children's reception team (seeds 002, 003) */
    {"donna",
     "Donna",
     "Hartley",
     34,
     6,
     12,
     'F',
     "WBRI",
     "previous",
     "Donna",
     "Fenwick",
     "41 Rowan Way",
     "Barchester",
     "BA1 6DP",
     "07700 900315",
     NULL,
     "9990475148",
     NULL,
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"liam",
     "Liam",
     "Hartley",
     9,
     2,
     17,
     'M',
     "WBRI",
     NULL,
     NULL,
     NULL,
     "41 Rowan Way",
     "Barchester",
     "BA1 6DP",
     NULL,
     NULL,
     "9990554331",
     "P999123401001",
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"ruby",
     "Ruby",
     "Hartley",
     6,
     10,
     3,
     'F',
     "WBRI",
     NULL,
     NULL,
     NULL,
     "41 Rowan Way",
     "Barchester",
     "BA1 6DP",
     NULL,
     NULL,
     "9990633525",
     "D999123401002",
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"unborn", "",    "Hartley",      -2,           3,         0,    'U',  NULL, NULL,
     NULL,     NULL,  "41 Rowan Way", "Barchester", "BA1 6DP", NULL, NULL, NULL, NULL,
     NULL,     false, false,          NULL,         0,         false},
    {"gary",
     "Gary",
     "Hartley",
     38,
     9,
     9,
     'M',
     "WBRI",
     NULL,
     NULL,
     NULL,
     "3 Station Road",
     "Wendham",
     "BA3 9EF",
     "07700 900316",
     NULL,
     "9990712719",
     NULL,
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"callum",
     "Callum",
     "McAllister",
     16,
     4,
     26,
     'M',
     "WOTH",
     NULL,
     NULL,
     NULL,
     "22 Linden Grove",
     "Barchester",
     "BA2 3RS",
     "07700 900317",
     NULL,
     "9990791902",
     "T999123401003",
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"precious",   "Precious", "Mensah", 17,   7,    14,
     'F',          "BAFR",     NULL,     NULL, NULL, "Foster placement (address withheld)",
     "Barchester", NULL,       NULL,     NULL, NULL, "G999123401004",
     "English",    false,      false,    NULL, 0,    false},
    /* adults (seed 004: the adult customer contact team) */
    {"edward",
     "Edward",
     "Turner",
     81,
     12,
     1,
     'M',
     "WBRI",
     NULL,
     NULL,
     NULL,
     "6 Church Street",
     "Aldbury",
     "BA4 1AB",
     "01632 960411",
     NULL,
     "9990871094",
     NULL,
     "English",
     false,
     false,
     "Hard of hearing: speak clearly, face him",
     0,
     false},
    {"elaine",
     "Elaine",
     "Turner",
     78,
     5,
     19,
     'F',
     "WBRI",
     NULL,
     NULL,
     NULL,
     "6 Church Street",
     "Aldbury",
     "BA4 1AB",
     "01632 960411",
     NULL,
     "9990950288",
     NULL,
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"bill",
     "William",
     "Forsyth",
     67,
     7,
     7,
     'M',
     "WBRI",
     "known_as",
     "Bill",
     "Forsyth",
     "14 Meadow View",
     "Aldbury",
     "BA4 2DH",
     "01632 960412",
     NULL,
     "9991029478",
     NULL,
     "English",
     false,
     false,
     NULL,
     0,
     false},
    {"agnieszka",  "Agnieszka", "Nowak",        38,   3,    23,
     'F',          "WOTH",      NULL,           NULL, NULL, "9 Victoria Terrace",
     "Barchester", "BA1 8GH",   "07700 900318", NULL, NULL, NULL,
     "Polish",     true,        false,          NULL, 0,    false},
    {"samuel",
     "Samuel",
     "Adeyemi-Clarke",
     45,
     11,
     11,
     'M',
     "MWBA",
     NULL,
     NULL,
     NULL,
     "31 Beech Road",
     "Wendham",
     "BA3 5JL",
     NULL,
     "s.adeyemi-clarke@example.org",
     NULL,
     NULL,
     "British Sign Language",
     false,
     true,
     "Deaf: contact by email or text, BSL interpreter for "
     "meetings",
     0,
     false},
    {"sarah",      "Sarah",   "Whitfield",    29,      2,         28,
     'F',          "WBRI",    "previous",     "Sarah", "Collins", "2 Heather Close",
     "Barchester", "BA2 9LN", "07700 900319", NULL,    NULL,      NULL,
     "English",    false,     false,          NULL,    0,         false},
    {"daniel", "Daniel", "Kowalski", 31,    10,           30,   'M',  "WOTH",
     NULL,     NULL,     NULL,       NULL,  "Barchester", NULL, NULL, "dan.kowalski@example.org",
     NULL,     NULL,     "English",  false, false,        NULL, 0,    false},
    {"peggy",
     "Margaret",
     "O'Brien",
     90,
     1,
     8,
     'F',
     "WIRI",
     "known_as",
     "Peggy",
     "O'Brien",
     "Rose Court Care Home, 1 Abbey Road",
     "Aldbury",
     "BA4 7NP",
     "01632 960413",
     NULL,
     NULL,
     NULL,
     "English",
     false,
     false,
     "Dementia: her daughter helps on the phone",
     0,
     false},
    {"unknown_dob", "Mo", "Ahmed",        -1,   0,    0,    'M',  NULL,  NULL,  NULL, NULL, NULL,
     "Barchester",  NULL, "07700 900320", NULL, NULL, NULL, NULL, false, false, NULL, 0,    false},
};

#define N_PEOPLE (sizeof(people) / sizeof(people[0]))

static int64_t id_of(const int64_t *ids, const char *key)
{
    for (size_t i = 0; i < N_PEOPLE; i++)
        if (!strcmp(people[i].key, key))
            return ids[i];
    return 0;
}

static void fill(const struct demo_person *d, const struct pdate *today, struct person *p)
{
    person_init(p);
    snprintf(p->given, sizeof(p->given), "%s", d->given);
    snprintf(p->family, sizeof(p->family), "%s", d->family);
    if (d->age >= 0) {
        p->dob = (struct pdate){today->year - d->age, d->month, d->day};
    } else if (d->age == -2) {
        int m = today->month + d->month, y = today->year;
        if (m > 12) {
            m -= 12;
            y++;
        }
        p->expected_dob = (struct pdate){y, m, 0};
    }
    p->sex = d->sex;
    if (d->ethnicity)
        snprintf(p->ethnicity, sizeof(p->ethnicity), "%s", d->ethnicity);
    if (d->other_kind) {
        p->n_names = 1;
        p->names[0].kind = person_name_kind_parse(d->other_kind);
        snprintf(p->names[0].given, sizeof(p->names[0].given), "%s", d->other_given);
        snprintf(p->names[0].family, sizeof(p->names[0].family), "%s", d->other_family);
    }
    if (d->line1 || d->locality || d->postcode) {
        struct person_address *a = &p->addresses[0];
        p->n_addresses = 1;
        snprintf(a->line1, sizeof(a->line1), "%s", d->line1 ? d->line1 : "");
        snprintf(a->locality, sizeof(a->locality), "%s", d->locality ? d->locality : "");
        snprintf(a->postcode, sizeof(a->postcode), "%s", d->postcode ? d->postcode : "");
        snprintf(a->country, sizeof(a->country), "GB");
    }
    if (d->phone) {
        p->n_phones = 1;
        snprintf(p->phones[0].number, sizeof(p->phones[0].number), "%.16s", d->phone);
        p->phones[0].kind = d->phone[1] == '7' ? PERSON_PHONE_MOBILE : PERSON_PHONE_HOME;
    }
    if (d->email)
        snprintf(p->email, sizeof(p->email), "%s", d->email);
    if (d->nhs)
        snprintf(p->nhs, sizeof(p->nhs), "%s", d->nhs);
    if (d->upn)
        snprintf(p->upn, sizeof(p->upn), "%s", d->upn);
    if (d->first_language)
        snprintf(p->first_language, sizeof(p->first_language), "%s", d->first_language);
    p->interpreter_needed = d->interpreter;
    p->bsl_needed = d->bsl;
    if (d->needs)
        snprintf(p->communication_needs, sizeof(p->communication_needs), "%s", d->needs);
    if (d->care_leaver_since) {
        p->care_leaver = true;
        p->left_care_on = (struct pdate){today->year - d->care_leaver_since, 9, 1};
    }
    p->restricted = d->restricted;
}

/* Phone numbers are stored in normal form: the demo types them as people do. */
static enum err normalise(struct person *p, const struct pdate *today)
{
    for (size_t i = 0; i < p->n_phones; i++) {
        char raw[PERSON_PHONE_SIZE + 8];
        snprintf(raw, sizeof(raw), "%s", p->phones[i].number);
        struct err_info info = {{0}, {0}};
        if (person_valid_phone(raw, NULL, p->phones[i].number, &info) != E_OK)
            return E_INVALID;
    }
    struct err_info info = {{0}, {0}};
    if (person_validate(p, today, &info) != E_OK) {
        fprintf(stderr, "demo person '%s %s': %s: %s\n", p->given, p->family, info.field,
                info.message);
        return E_INVALID;
    }
    return E_OK;
}

static enum err allocate(struct store_tx *tx, int64_t person, const char *staff,
                         const char *team_name, enum allocation_kind kind, int64_t since_ms)
{
    struct allocation *a = xcalloc(1, sizeof(*a));
    struct worker *w = xmalloc(sizeof(*w));
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = E_OK;
    a->person_id = person;
    a->kind = kind;
    a->starts_at = since_ms;
    if (staff) {
        rc = store_worker_by_staff_number(tx, staff, w);
        a->worker_id = w->id;
    }
    if (!rc && team_name) {
        rc = store_team_by_name(tx, team_name, t);
        a->team_id = t->id;
    }
    struct err_info info = {{0}, {0}};
    if (!rc)
        rc = store_allocation_insert(tx, a, &info);
    if (rc)
        fprintf(stderr, "demo allocation of person %lld: %s %s\n", (long long)person, err_name(rc),
                info.message);
    free(t);
    free(w);
    free(a);
    return rc;
}

static enum err relate(struct store_tx *tx, int64_t person, int64_t related,
                       enum relationship_type type, const char *note)
{
    struct relationship *r = xcalloc(1, sizeof(*r));
    r->person_id = person;
    r->related_id = related;
    r->type = type;
    snprintf(r->note, sizeof(r->note), "%s", note ? note : "");
    struct err_info info = {{0}, {0}};
    enum err rc = store_relationship_insert(tx, r, &info);
    free(r);
    return rc;
}

static enum err household(struct store_tx *tx, const char *name, enum household_kind kind,
                          const char *locality, const int64_t *members,
                          const enum household_role *roles, size_t n)
{
    struct household *h = xcalloc(1, sizeof(*h));
    h->kind = kind;
    snprintf(h->name, sizeof(h->name), "%s", name);
    snprintf(h->locality, sizeof(h->locality), "%s", locality);
    enum err rc = store_household_insert(tx, h);
    for (size_t i = 0; !rc && i < n; i++) {
        struct household_member m = {
            .household_id = h->id, .person_id = members[i], .role = roles[i]};
        struct err_info info = {{0}, {0}};
        rc = store_household_join(tx, &m, &info);
    }
    free(h);
    return rc;
}

enum err demo_persons(struct store_tx *tx, const struct demo_ctx *ctx)
{
    int64_t now = store_tx_now(tx);
    struct pdate today = person_today(now);
    int64_t ids[N_PEOPLE] = {0};
    struct person *p = xmalloc(sizeof(*p));
    enum err rc = E_OK;
    for (size_t i = 0; !rc && i < N_PEOPLE; i++) {
        fill(&people[i], &today, p);
        rc = normalise(p, &today);
        if (!rc)
            rc = store_person_insert(tx, p, "demo council");
        ids[i] = p->id;
    }
    free(p);
    if (rc)
        return rc;
    const int64_t day = 24LL * 3600 * 1000;
    /* personal advisers (W1): the practitioner user, Priya Shah, has Jordan; Tyler's PA is
     * Shane Doyle, so Priya sees Tyler's restricted record as a member of the same team */
    rc = allocate(tx, id_of(ids, "jordan"), "W1003", "Leaving Care Service",
                  ALLOCATION_PERSONAL_ADVISER, now - 400 * day);
    if (!rc)
        rc = allocate(tx, id_of(ids, "kayleigh"), "W1004", "Leaving Care Service",
                      ALLOCATION_PERSONAL_ADVISER, now - 200 * day);
    if (!rc)
        rc = allocate(tx, id_of(ids, "tyler"), "W1005", "Leaving Care Service",
                      ALLOCATION_PERSONAL_ADVISER, now - 300 * day);
    if (!rc)
        rc = allocate(tx, id_of(ids, "chloe"), "W1006", "Leaving Care Service",
                      ALLOCATION_PERSONAL_ADVISER, now - 900 * day);
    /* the Hartley children: a social worker in the children's reception team */
    if (!rc)
        rc = allocate(tx, id_of(ids, "liam"), "W2003", "Children's Reception Team",
                      ALLOCATION_SOCIAL_WORKER, now - 30 * day);
    if (!rc)
        rc = allocate(tx, id_of(ids, "ruby"), "W2003", "Children's Reception Team",
                      ALLOCATION_SOCIAL_WORKER, now - 30 * day);
    if (!rc)
        rc = allocate(tx, id_of(ids, "callum"), NULL, "Children's Reception Team",
                      ALLOCATION_ASSESSMENT_TEAM, now - 3 * day);

    /* relationships: "related is person's type" */
    int64_t donna = id_of(ids, "donna"), gary = id_of(ids, "gary");
    const char *kids[] = {"liam", "ruby", "unborn"};
    for (size_t i = 0; !rc && i < 3; i++) {
        rc = relate(tx, id_of(ids, kids[i]), donna, REL_PARENT, NULL);
        if (!rc)
            rc = relate(tx, id_of(ids, kids[i]), gary, REL_PARENT,
                        "does not live with the children");
    }
    if (!rc)
        rc = relate(tx, id_of(ids, "liam"), id_of(ids, "ruby"), REL_SIBLING, NULL);
    if (!rc)
        rc = relate(tx, donna, gary, REL_EX_PARTNER, "separated; see the warning on Gary's record");
    if (!rc)
        rc = relate(tx, id_of(ids, "edward"), id_of(ids, "elaine"), REL_CARER,
                    "main carer, struggling with night-time care");
    if (!rc)
        rc = relate(tx, id_of(ids, "edward"), id_of(ids, "elaine"), REL_PARTNER, "married");

    /* households */
    if (!rc) {
        int64_t members[] = {donna, id_of(ids, "liam"), id_of(ids, "ruby"), id_of(ids, "unborn")};
        enum household_role roles[] = {HOUSEHOLD_ROLE_PARENT_CARER, HOUSEHOLD_ROLE_CHILD,
                                       HOUSEHOLD_ROLE_CHILD, HOUSEHOLD_ROLE_CHILD};
        rc = household(tx, "Hartley family", HOUSEHOLD_FAMILY, "Locality Hub East", members, roles,
                       4);
    }
    if (!rc) {
        int64_t members[] = {id_of(ids, "edward"), id_of(ids, "elaine")};
        enum household_role roles[] = {HOUSEHOLD_ROLE_ADULT, HOUSEHOLD_ROLE_PARENT_CARER};
        rc = household(tx, "6 Church Street, Aldbury", HOUSEHOLD_HOUSEHOLD, "Aldbury", members,
                       roles, 2);
    }

    /* a staff-safety warning on Gary Hartley (A13), agreed by the team manager */
    if (!rc) {
        struct warning *w = xcalloc(1, sizeof(*w));
        w->person_id = gary;
        w->type = WARNING_VIOLENCE;
        snprintf(w->detail, sizeof(w->detail),
                 "Threatened a social worker at a home visit. Visit in pairs; meet at the office "
                 "if possible.");
        w->starts_on = today;
        w->starts_on.month = today.month > 2 ? today.month - 2 : today.month + 10;
        w->starts_on.year = today.month > 2 ? today.year : today.year - 1;
        if (w->starts_on.day > 28)
            w->starts_on.day = 28;
        w->review_on = w->starts_on;
        w->review_on.month =
            w->starts_on.month > 6 ? w->starts_on.month - 6 : w->starts_on.month + 6;
        w->review_on.year = w->starts_on.month > 6 ? w->starts_on.year + 1 : w->starts_on.year;
        w->told = true;
        snprintf(w->told_how, sizeof(w->told_how), "Letter from the team manager");
        w->agreed_by = ctx->manager_id;
        struct err_info info = {{0}, {0}};
        rc = warning_validate(w, &today, &info);
        if (!rc)
            rc = store_warning_insert(tx, w, &info);
        if (rc)
            fprintf(stderr, "demo warning: %s %s\n", info.field, info.message);
        free(w);
    }
    return rc;
}
