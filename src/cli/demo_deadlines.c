/*
 * demo_deadlines: rota and contacts for the deadline features, found by the names the
 * directory's demo gives its workers and the callers the platform's demo contacts carry. A
 * name that is missing (another demo changed) is skipped rather than failing the whole demo.
 */
#include "cli/demo_deadlines.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "domain/worker.h"
#include "store/store_clock.h"
#include "store/store_contact.h"
#include "store/store_escalation.h"
#include "store/store_worker.h"

struct find_worker {
    const char *name;
    int64_t id;
};

static void match_worker(const struct worker *w, void *arg)
{
    struct find_worker *f = arg;
    if (!f->id && strcmp(w->name, f->name) == 0)
        f->id = w->id;
}

static enum err worker_named(struct store_tx *tx, const char *name, int64_t *id)
{
    struct find_worker f = {name, 0};
    struct store_worker_filter filter = {.q = name};
    enum err rc = store_worker_list(tx, &filter, match_worker, &f);
    *id = f.id;
    if (!rc && !f.id)
        log_warn("demo: no worker called %s; left out of the deadlines demo", name);
    return rc;
}

struct find_contact {
    const char *caller;
    int64_t id;
    int64_t received_at;
};

static void match_contact(const struct contact *c, void *arg)
{
    struct find_contact *f = arg;
    if (!f->id && strcmp(c->caller_name, f->caller) == 0) {
        f->id = c->id;
        f->received_at = c->received_at;
    }
}

/* The weekday rota of duty managers (H9): the demo's managers take a day each; at weekends the
 * Emergency Duty Team covers, so the rota is empty and the step is recorded as skipped. */
static const char *const rota[5] = {"Dee Okafor", "Mark Evans", "Graham Osei", "Dee Okafor",
                                    "Mark Evans"};

enum err demo_deadlines(struct store_tx *tx, const struct demo_ctx *ctx)
{
    int64_t now = store_tx_now(tx);
    enum err rc = E_OK;
    for (int wd = 0; !rc && wd < 5; wd++) {
        int64_t id;
        rc = worker_named(tx, rota[wd], &id);
        if (!rc && id)
            rc = store_escalation_rota_set(tx, (enum ukclock_weekday)wd, id, now);
    }
    /* the district council's Senior District Officer, for hub disputes (L10) */
    struct worker sdo;
    worker_init(&sdo);
    snprintf(sdo.name, sizeof(sdo.name), "Patrick Quinn");
    snprintf(sdo.job_title, sizeof(sdo.job_title), "Senior District Officer");
    snprintf(sdo.email, sizeof(sdo.email), "patrick.quinn@eastfield-district.example");
    sdo.role = WORKER_OTHER;
    struct err_info info;
    if (!rc)
        rc = store_worker_insert(tx, &sdo, &info);
    if (!rc)
        rc = store_escalation_contact_set(tx, ESCALATION_SENIOR_DISTRICT_OFFICER, sdo.id, now);
    if (rc)
        return rc;

    /* The school nurse's call is a safeguarding concern: on the Children's Reception Team's
     * workflow within 30 minutes, owned by its senior practitioner. It came in 35 minutes ago,
     * so the scheduler escalates it as soon as the demo is served. */
    struct find_contact call = {"Jo Bloggs (school nurse)", 0, 0};
    struct find_contact letter = {"Mrs E. Turner", 0, 0};
    int64_t total;
    store_tx_set_actor(tx, ctx->agent_id, "");
    rc = store_contact_list(tx, 50, 0, &total, match_contact, &call);
    if (!rc)
        rc = store_contact_list(tx, 50, 0, &total, match_contact, &letter);
    int64_t owner = 0;
    if (!rc)
        rc = worker_named(tx, "Sarah Mitchell", &owner);
    if (rc)
        return rc;
    struct store_clock_event_result r;
    if (call.id && owner) {
        struct store_clock_subject s = {.entity = "contact",
                                        .entity_id = call.id,
                                        .owner_worker_id = owner,
                                        .at = call.received_at};
        rc = store_clock_event(tx, "referral.safeguarding_created", &s, &r);
    }
    /* Mrs Turner's letter: answered within 5 working days by the adult contact team (A2) */
    if (!rc && letter.id) {
        struct store_clock_subject s = {.entity = "contact",
                                        .entity_id = letter.id,
                                        .owner_user_id = ctx->duty_manager_id,
                                        .at = letter.received_at};
        rc = store_clock_event(tx, "letter.received", &s, &r);
    }
    return rc;
}
