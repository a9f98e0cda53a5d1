/*
 * demo_directory: loads the demo directory through the same store functions as the API. The
 * platform's demo already made eight teams by name; they are filled in here, and the rest are
 * added. Calendar entries are placed relative to the moment the demo is loaded, so "on leave
 * this week" stays true whenever the demo is made.
 *
 * Allocations are not loaded: they need persons, which arrive with the persons migration
 * (0003). When it exists, add demo allocations here (a PA for a care leaver, a reviewing team
 * for an adult) with store_allocation_insert.
 */
#include "cli/demo_directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ukclock.h"
#include "core/xalloc.h"
#include "domain/directory.h"
#include "store/store_team.h"
#include "store/store_worker.h"

#define WEEKDAYS(h) h, h, h, h, h
#define OFFICE WEEKDAYS("09:00-17:00"), "closed", "closed"
#define EDT_HOURS WEEKDAYS("00:00-09:00,17:00-24:00"), "00:00-24:00", "00:00-24:00"

static const struct demo_team {
    const char *name, *type, *locality, *duty_line, *email, *website, *description;
    const char *hours[7];
    int works_bank_holidays;
} teams[] = {
    {"Contact Centre",
     "contact_centre",
     "County",
     "0306 999 0100",
     "contact@demo-council.example",
     "",
     "First point of contact for the public on every channel: information, advice and "
     "transfers to the right team.",
     {WEEKDAYS("08:00-18:00"), "09:00-12:00", "closed"},
     0},
    {"Children's Reception Team",
     "childrens_reception",
     "County",
     "0306 999 0110",
     "crt@demo-council.example",
     "",
     "Social workers and family support workers in the contact centre. Professionals' line for "
     "concerns about a child; safeguarding decisions by qualified staff.",
     {"08:30-17:00", "08:30-17:00", "08:30-17:00", "08:30-17:00", "08:30-16:30", "closed",
      "closed"},
     0},
    {"Referral and Assessment North",
     "referral_assessment",
     "North",
     "0306 999 0120",
     "ra.north@demo-council.example",
     "",
     "Referral and assessment for children in the north.",
     {OFFICE},
     0},
    {"Referral and Assessment South",
     "referral_assessment",
     "South",
     "0306 999 0121",
     "ra.south@demo-council.example",
     "",
     "Referral and assessment for children in the south.",
     {OFFICE},
     0},
    {"Leaving Care Service",
     "leaving_care",
     "County",
     "0306 999 0004",
     "leavingcare@demo-council.example",
     "",
     "Personal advisers for care leavers. The helpline is for young people who cannot reach "
     "their PA in an emergency, for professionals, and for care leavers over 21 asking for a "
     "service. After 17:00 calls go to the Emergency Duty Team.",
     {WEEKDAYS("09:00-13:00,13:00-17:00"), "closed", "closed"},
     0},
    {"CLA Team North",
     "cla_team",
     "North",
     "0306 999 0201",
     "cla.north@demo-council.example",
     "",
     "Children looked after, north. Under-18s the leaving care helpline cannot help are "
     "signposted to this duty line.",
     {OFFICE},
     0},
    {"CLA Team South",
     "cla_team",
     "South",
     "0306 999 0202",
     "cla.south@demo-council.example",
     "",
     "Children looked after, south: duty line for young people and professionals.",
     {OFFICE},
     0},
    {"Adult Customer Contact Team",
     "adult_intake",
     "County",
     "0306 999 0130",
     "adultcontact@demo-council.example",
     "",
     "First contact for adult social care: advice, screening and referral to the right team.",
     {WEEKDAYS("08:30-17:00"), "closed", "closed"},
     0},
    {"Adult Intake Team",
     "adult_intake",
     "County",
     "0306 999 0131",
     "intake@demo-council.example",
     "",
     "Assessments and reviews for adults new to social care; a qualified manager advises the "
     "contact team.",
     {OFFICE},
     0},
    {"Learning Disability Team",
     "specialist_adult",
     "County",
     "0306 999 0301",
     "ld@demo-council.example",
     "",
     "Assessment and review for adults with a learning disability.",
     {OFFICE},
     0},
    {"Occupational Therapy Service",
     "specialist_adult",
     "County",
     "0306 999 0302",
     "ot@demo-council.example",
     "",
     "Equipment, adaptations and daily living assessments.",
     {OFFICE},
     0},
    {"Hospital Social Work Team",
     "specialist_adult",
     "County",
     "0306 999 0303",
     "hospital@demo-council.example",
     "",
     "Discharge planning with the district hospital wards.",
     {WEEKDAYS("08:00-18:00"), "09:00-17:00", "09:00-17:00"},
     1},
    {"First Response",
     "childrens_reception",
     "County",
     "0306 999 0140",
     "firstresponse@demo-council.example",
     "",
     "Triage of requests for service; only emergency child protection matters are phoned in.",
     {OFFICE},
     0},
    {"Locality Hub East",
     "locality_hub",
     "East",
     "0306 999 0150",
     "hub.east@demo-council.example",
     "",
     "Locality referral hub: services meet to agree a lead service for families with several "
     "needs.",
     {OFFICE},
     0},
    {"Family Support East",
     "early_help",
     "East",
     "0306 999 0401",
     "familysupport.east@demo-council.example",
     "",
     "Family support workers: assessment, team around the family, plan, review, close.",
     {OFFICE},
     0},
    {"Children's Centres East",
     "early_help",
     "East",
     "0306 999 0402",
     "childrenscentres.east@demo-council.example",
     "",
     "Groups and support for families with "
     "young children.",
     {WEEKDAYS("09:00-16:00"), "closed", "closed"},
     0},
    {"Emergency Duty Team",
     "emergency_duty",
     "County",
     "0306 999 0666",
     "edt@demo-council.example",
     "",
     "Out of hours social care for children and adults: evenings, nights, weekends and bank "
     "holidays.",
     {EDT_HOURS},
     1},
    {"Police Public Protection Unit",
     "external_agency",
     "County",
     "0306 999 0901",
     "",
     "",
     "Police partner in the multi-agency safeguarding hub. In an emergency dial 999.",
     {WEEKDAYS("08:00-20:00"), "closed", "closed"},
     1},
    {"Eastfield Community Navigators",
     "voluntary_sector",
     "East",
     "0808 157 0010",
     "hello@navigators.example",
     "https://navigators.example",
     "Community navigation: helps residents find local groups, befriending and practical "
     "help.",
     {WEEKDAYS("10:00-16:00"), "closed", "closed"},
     0},
    {"Riverside Carers' Centre",
     "voluntary_sector",
     "County",
     "0808 157 0020",
     "support@riversidecarers.example",
     "https://riversidecarers.example",
     "Advice, breaks and peer support for unpaid carers.",
     {WEEKDAYS("09:30-16:30"), "10:00-13:00", "closed"},
     0},
    {"Later Life Advice Line",
     "voluntary_sector",
     "County",
     "0808 157 0030",
     "",
     "https://laterlife.example",
     "Telephone advice for older people and their families.",
     {WEEKDAYS("08:00-19:00"), "08:00-19:00", "08:00-19:00"},
     1},
};

enum demo_user { U_NONE, U_AGENT, U_PRACTITIONER, U_MANAGER, U_DUTY, U_COORDINATOR };

static const struct demo_worker {
    const char *staff, *name, *job_title, *role, *teams, *manages, *line_manager, *phone;
    int safeguarding;
    enum demo_user user;
    const char *hours[7]; /* NULL: Monday to Friday 09:00-17:00 */
} workers[] = {
    {"W1001",
     "Helen Ward",
     "Head of Service, Children in Care and Care Leavers",
     "head_of_service",
     "Leaving Care Service",
     "",
     "",
     "01632 960101",
     1,
     U_NONE,
     {NULL}},
    {"W1002",
     "Graham Osei",
     "Team Manager, Leaving Care",
     "team_manager",
     "Leaving Care Service",
     "Leaving Care Service",
     "W1001",
     "01632 960102",
     1,
     U_NONE,
     {NULL}},
    {"W1003",
     "Priya Shah",
     "Personal Adviser",
     "personal_adviser",
     "Leaving Care Service",
     "",
     "W1002",
     "07700 900103",
     0,
     U_PRACTITIONER,
     {NULL}},
    {"W1004",
     "Natalie Brooks",
     "Personal Adviser",
     "personal_adviser",
     "Leaving Care Service",
     "",
     "W1002",
     "07700 900104",
     0,
     U_NONE,
     {NULL}},
    {"W1005",
     "Shane Doyle",
     "Personal Adviser",
     "personal_adviser",
     "Leaving Care Service",
     "",
     "W1002",
     "07700 900105",
     0,
     U_NONE,
     {NULL}},
    {"W1006",
     "Rebecca Lane",
     "Personal Adviser (part time)",
     "personal_adviser",
     "Leaving Care Service",
     "",
     "W1002",
     "07700 900106",
     0,
     U_NONE,
     {"09:00-17:00", "09:00-17:00", "09:00-13:00", "closed", "closed", "closed", "closed"}},
    {"W1007",
     "Nina Farouk",
     "Senior Personal Adviser",
     "personal_adviser",
     "Leaving Care Service",
     "",
     "W1002",
     "07700 900107",
     1,
     U_NONE,
     {NULL}},
    {"W2001",
     "Mark Evans",
     "Team Manager, Children's Reception",
     "team_manager",
     "Children's Reception Team",
     "Children's Reception Team",
     "W1001",
     "01632 960201",
     1,
     U_MANAGER,
     {NULL}},
    {"W2002",
     "Sarah Mitchell",
     "Senior Practitioner",
     "senior_practitioner",
     "Children's Reception Team",
     "",
     "W2001",
     "01632 960202",
     1,
     U_NONE,
     {NULL}},
    {"W2003",
     "Tom Hughes",
     "Social Worker",
     "social_worker",
     "Children's Reception Team",
     "",
     "W2001",
     "01632 960203",
     1,
     U_NONE,
     {NULL}},
    {"W2004",
     "Grace Adeyemi",
     "Children and Family Support Worker",
     "family_support_worker",
     "Children's Reception Team",
     "",
     "W2001",
     "01632 960204",
     0,
     U_NONE,
     {NULL}},
    {"W3001",
     "Amira Khan",
     "Social Care Adviser",
     "contact_agent",
     "Contact Centre",
     "",
     "",
     "01632 960301",
     0,
     U_AGENT,
     {NULL}},
    {"W4001",
     "Dee Okafor",
     "Assistant Manager, Safeguarding and Intake",
     "team_manager",
     "Adult Customer Contact Team;Adult Intake Team",
     "Adult Customer Contact Team",
     "",
     "01632 960401",
     1,
     U_DUTY,
     {NULL}},
    {"W4002",
     "Joe Patel",
     "Adult Services Customer Contact Worker",
     "contact_agent",
     "Adult Customer Contact Team",
     "",
     "W4001",
     "01632 960402",
     0,
     U_NONE,
     {NULL}},
    {"W4003",
     "Ruth Kaye",
     "Occupational Therapist",
     "occupational_therapist",
     "Occupational Therapy Service",
     "",
     "W4001",
     "07700 900403",
     0,
     U_NONE,
     {NULL}},
    {"W5001",
     "Colin Price",
     "Locality Services Co-ordinator",
     "locality_coordinator",
     "Locality Hub East",
     "",
     "",
     "01632 960501",
     0,
     U_COORDINATOR,
     {NULL}},
    {"W5002",
     "Leah Morgan",
     "Senior Family Support Worker",
     "family_support_worker",
     "Family Support East;Locality Hub East",
     "Family Support East",
     "",
     "07700 900502",
     0,
     U_NONE,
     {NULL}},
    {"W6001",
     "Owen Reid",
     "Social Worker, Emergency Duty",
     "social_worker",
     "Emergency Duty Team",
     "",
     "",
     "07700 900601",
     1,
     U_NONE,
     {EDT_HOURS}},
    {"W7001",
     "Kofi Mensah",
     "Social Worker",
     "social_worker",
     "Referral and Assessment North",
     "",
     "",
     "01632 960701",
     1,
     U_NONE,
     {NULL}},
};

static int64_t user_of(const struct demo_ctx *ctx, enum demo_user u)
{
    switch (u) {
    case U_AGENT:
        return ctx->agent_id;
    case U_PRACTITIONER:
        return ctx->practitioner_id;
    case U_MANAGER:
        return ctx->manager_id;
    case U_DUTY:
        return ctx->duty_manager_id;
    case U_COORDINATOR:
        return ctx->coordinator_id;
    case U_NONE:
        break;
    }
    return 0;
}

static enum err load_team(struct store_tx *tx, const struct demo_team *d)
{
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = store_team_by_name(tx, d->name, t);
    bool existing = rc == E_OK;
    if (rc == E_NOTFOUND) {
        team_init(t);
        snprintf(t->name, sizeof(t->name), "%s", d->name);
        rc = E_OK;
    }
    if (!rc) {
        t->type = team_type_parse(d->type);
        snprintf(t->locality, sizeof(t->locality), "%s", d->locality);
        snprintf(t->duty_line, sizeof(t->duty_line), "%s", d->duty_line);
        snprintf(t->email, sizeof(t->email), "%s", d->email);
        snprintf(t->website, sizeof(t->website), "%s", d->website);
        snprintf(t->description, sizeof(t->description), "%s", d->description);
        for (int i = 0; i < 7; i++)
            snprintf(t->hours.day[i], sizeof(t->hours.day[i]), "%s", d->hours[i]);
        t->closed_bank_holidays = !d->works_bank_holidays;
        struct err_info info = {{0}, {0}};
        rc = team_validate(t, &info);
        if (rc)
            fprintf(stderr, "demo team '%s': %s\n", d->name, info.message);
    }
    if (!rc)
        rc = existing ? store_team_update(tx, t, "demo directory") : store_team_insert(tx, t);
    free(t);
    return rc;
}

static enum err add_teams(struct store_tx *tx, struct worker *w, const char *list, bool manager)
{
    char copy[256];
    snprintf(copy, sizeof(copy), "%s", list);
    for (char *name = copy; name && *name;) {
        char *semi = strchr(name, ';');
        if (semi)
            *semi = '\0';
        struct team *t = xmalloc(sizeof(*t));
        enum err rc = store_team_by_name(tx, name, t);
        if (!rc && !t->closed_bank_holidays)
            w->works_bank_holidays = true; /* the emergency duty team's people: as migration 11 */
        if (!rc && worker_in_team(w, t->id)) {
            for (size_t i = 0; i < w->n_teams; i++)
                if (w->teams[i].team_id == t->id)
                    w->teams[i].is_manager = manager || w->teams[i].is_manager;
        } else if (!rc) {
            rc = worker_add_team(w, t->id, manager, NULL);
        }
        free(t);
        if (rc)
            return rc;
        name = semi ? semi + 1 : NULL;
    }
    return E_OK;
}

static enum err load_worker(struct store_tx *tx, const struct demo_ctx *ctx,
                            const struct demo_worker *d, int64_t *id_out)
{
    struct worker *w = xmalloc(sizeof(*w));
    worker_init(w);
    snprintf(w->staff_number, sizeof(w->staff_number), "%s", d->staff);
    snprintf(w->name, sizeof(w->name), "%s", d->name);
    snprintf(w->job_title, sizeof(w->job_title), "%s", d->job_title);
    w->role = worker_role_parse(d->role);
    snprintf(w->phone, sizeof(w->phone), "%s", d->phone);
    const char *first_space = strchr(d->name, ' ');
    snprintf(w->email, sizeof(w->email), "%.*s.%s@demo-council.example",
             (int)(first_space - d->name), d->name, first_space + 1);
    for (char *c = w->email; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    w->safeguarding_qualified = d->safeguarding;
    w->user_id = user_of(ctx, d->user);
    if (d->hours[0])
        for (int i = 0; i < 7; i++)
            snprintf(w->hours.day[i], sizeof(w->hours.day[i]), "%s", d->hours[i]);
    enum err rc = add_teams(tx, w, d->teams, false);
    if (!rc)
        rc = add_teams(tx, w, d->manages, true);
    if (!rc && d->line_manager[0]) {
        struct worker *m = xmalloc(sizeof(*m));
        rc = store_worker_by_staff_number(tx, d->line_manager, m);
        if (!rc)
            w->line_manager_id = m->id;
        free(m);
    }
    struct err_info info = {{0}, {0}};
    if (!rc)
        rc = worker_validate(w, &info);
    if (!rc)
        rc = store_worker_insert(tx, w, &info);
    if (rc)
        fprintf(stderr, "demo worker '%s': %s\n", d->name, info.message);
    *id_out = w->id;
    free(w);
    return rc;
}

/* The instant (ms) of local date `days` (ukclock day number) at hh:mm. */
static int64_t local_at(int64_t days, int hh, int mm)
{
    return ukclock_utc_from_local_day(days, hh * 3600 + mm * 60) * 1000;
}

static enum err add_entry(struct store_tx *tx, int64_t worker_id, enum availability_kind kind,
                          int64_t start_ms, int64_t end_ms, const char *title)
{
    struct availability_entry e;
    memset(&e, 0, sizeof(e));
    e.worker_id = worker_id;
    e.kind = kind;
    e.starts_at = start_ms;
    e.ends_at = end_ms;
    snprintf(e.title, sizeof(e.title), "%s", title);
    snprintf(e.source, sizeof(e.source), "manual");
    return store_worker_entry_add(tx, &e);
}

enum err demo_directory(struct store_tx *tx, const struct demo_ctx *ctx)
{
    enum err rc = E_OK;
    for (size_t i = 0; !rc && i < sizeof(teams) / sizeof(teams[0]); i++)
        rc = load_team(tx, &teams[i]);

    int64_t now_ms = store_tx_now(tx);
    int64_t today;
    int32_t sec;
    ukclock_local_day(now_ms / 1000, &today, &sec);
    int64_t monday = today - (int64_t)ukclock_weekday(today);

    /* a training day for the Children's Reception Team, three weeks on (a weekday) */
    int64_t closed = today + 21;
    while (ukclock_weekday(closed) >= UKCLOCK_SATURDAY)
        closed++;
    struct team crt;
    if (!rc)
        rc = store_team_by_name(tx, "Children's Reception Team", &crt);
    if (!rc) {
        struct team_closed_day c;
        memset(&c, 0, sizeof(c));
        c.team_id = crt.id;
        c.day = ukclock_date_from_days(closed);
        snprintf(c.reason, sizeof(c.reason), "Whole-team safeguarding training");
        rc = store_team_closed_add(tx, &c);
    }

    int64_t ids[sizeof(workers) / sizeof(workers[0])] = {0};
    for (size_t i = 0; !rc && i < sizeof(workers) / sizeof(workers[0]); i++)
        rc = load_worker(tx, ctx, &workers[i], &ids[i]);
    if (rc)
        return rc;

    /* Natalie Brooks (PA) is on annual leave all this week */
    rc = add_entry(tx, ids[3], AVAILABILITY_LEAVE, local_at(monday, 0, 0),
                   local_at(monday + 7, 0, 0), "Annual leave");
    /* Shane Doyle (PA) is in an appointment now, back in an hour and a half */
    if (!rc)
        rc = add_entry(tx, ids[4], AVAILABILITY_APPOINTMENT, now_ms - 30 * 60000,
                       now_ms + 90 * 60000, "Pathway plan review (home visit)");
    /* Priya Shah (the practitioner user) has supervision tomorrow morning and training next
     * week */
    if (!rc)
        rc = add_entry(tx, ids[2], AVAILABILITY_SUPERVISION, local_at(today + 1, 10, 0),
                       local_at(today + 1, 11, 0), "Supervision with Graham");
    if (!rc)
        rc = add_entry(tx, ids[2], AVAILABILITY_TRAINING, local_at(monday + 8, 9, 30),
                       local_at(monday + 8, 16, 30), "Care Act refresher");
    /* Tom Hughes (CRT) travels to a strategy meeting this afternoon */
    if (!rc)
        rc = add_entry(tx, ids[9], AVAILABILITY_TRAVEL, local_at(today, 13, 0),
                       local_at(today, 14, 0), "Travel to strategy meeting");
    return rc;
}
