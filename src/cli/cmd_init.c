/*
 * cmd_init: `frontdoor init` creates or migrates a database; with --demo it also loads the
 * demo council, a fictional authority built from the five front doors in the seeds, so a new
 * user can try every feature at once. The demo grows as the product grows.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "cli/demo_deadlines.h"
#include "cli/demo_contacts.h"
#include "cli/demo_directory.h"
#include "cli/demo_persons.h"
#include "cli/demo_routing.h"
#include "core/secret.h"
#include "core/timefmt.h"
#include "domain/contact.h"
#include "domain/user.h"
#include "store/store_contact.h"
#include "store/store_person.h"
#include "store/store_user.h"

#define DEMO_PASSWORD "demo-password-2026"

static const char usage[] =
    "usage: frontdoor init [--db PATH] [--demo]\n\n"
    "Creates the database at PATH (default $FRONTDOOR_DB, then frontdoor.db) or applies any\n"
    "pending migrations to it. Safe to run again.\n\n"
    "  --db PATH   the database file\n"
    "  --demo      also load the demo council (teams, users for every role, contacts) and\n"
    "              print how to sign in; does nothing if the demo is already loaded\n";

static const struct {
    const char *name, *kind;
} demo_teams[] = {
    {"Contact Centre", "contact_centre"},
    {"Children's Reception Team", "childrens_reception"},
    {"Referral and Assessment North", "referral_assessment"},
    {"Leaving Care Service", "leaving_care"},
    {"Adult Customer Contact Team", "adult_intake"},
    {"First Response", "childrens_reception"},
    {"Locality Hub East", "locality_hub"},
    {"Emergency Duty Team", "emergency_duty"},
};

static const struct {
    const char *username, *name, *role, *team;
} demo_users[] = {
    {"agent", "Amira Khan", "agent", "Contact Centre"},
    {"practitioner", "Priya Shah", "practitioner", "Leaving Care Service"},
    {"manager", "Mark Evans", "manager", "Children's Reception Team"},
    {"duty", "Dee Okafor", "duty_manager", "Adult Customer Contact Team"},
    {"coordinator", "Colin Price", "coordinator", "Locality Hub East"},
    {"analyst", "Ana Lopes", "analyst", NULL},
    {"admin", "Adam Reid", "admin", NULL},
};

static const struct {
    enum channel channel;
    int minutes_ago;
    const char *caller, *summary;
} demo_contacts[] = {
    {CHANNEL_PHONE, 35, "Jo Bloggs (school nurse)",
     "Concern about a Year 4 pupil arriving hungry and in unwashed clothes over the last two "
     "weeks; pupil said there is no food at home."},
    {CHANNEL_EMAIL, 180, "Ward 7 discharge co-ordinator",
     "Request to restart the home care package for a resident due to be discharged on Friday."},
    {CHANNEL_LETTER, 1440, "Mrs E. Turner",
     "Letter asking for an assessment of her husband's needs; she is his main carer and "
     "struggling with night-time care."},
    {CHANNEL_WEB, 2880, "Local GP practice",
     "Request for service: family under stress after a bereavement, children's centre support "
     "suggested."},
    {CHANNEL_FACE_TO_FACE, 4320, "Care leaver (aged 22)",
     "Visited reception asking for help with a deposit for a flat under extended duties; could "
     "not reach their PA."},
};

struct demo {
    char hashes[sizeof(demo_users) / sizeof(demo_users[0])][SECRET_PWHASH_LEN];
    int already;
    struct demo_ctx ctx;
};

/* Later features' demo data, in order; each runs after the platform's users exist. */
static const demo_loader_fn feature_loaders[] = {
    demo_directory, /* teams, workers, calendars (cli/demo_directory.c) */
    demo_persons,   /* people, allocations, a household, a warning (cli/demo_persons.c) */
    demo_deadlines, /* duty manager rota, a safeguarding clock, a letter */
    demo_contact_workflow, /* sources, decisions, outcomes, greetings (cli/demo_contacts.c) */
    demo_routing, /* call-back, message, referrals, tasks (cli/demo_routing.c) */
    NULL, /* keeps the table non-empty; features add their loaders above this line */
};

static enum err load_demo(struct store_tx *tx, void *arg)
{
    struct demo *d = arg;
    struct user existing;
    enum err rc = store_user_by_username(tx, "admin", &existing);
    if (rc == E_OK) {
        d->already = 1;
        return E_OK;
    }
    if (rc != E_NOTFOUND)
        return rc;
    for (size_t i = 0; i < sizeof(demo_teams) / sizeof(demo_teams[0]); i++) {
        int64_t id;
        rc = store_team_ensure(tx, demo_teams[i].name, demo_teams[i].kind, &id);
        if (rc)
            return rc;
    }
    int64_t agent_id = 0;
    for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
        struct user u;
        memset(&u, 0, sizeof(u));
        snprintf(u.username, sizeof(u.username), "%s", demo_users[i].username);
        snprintf(u.name, sizeof(u.name), "%s", demo_users[i].name);
        u.role = role_parse(demo_users[i].role);
        snprintf(u.password_hash, sizeof(u.password_hash), "%s", d->hashes[i]);
        if (demo_users[i].team) {
            rc = store_team_ensure(tx, demo_users[i].team, NULL, &u.team_id);
            if (rc)
                return rc;
        }
        rc = store_user_insert(tx, &u);
        if (rc)
            return rc;
        int64_t *slot[] = {&d->ctx.agent_id,         &d->ctx.practitioner_id, &d->ctx.manager_id,
                           &d->ctx.duty_manager_id,  &d->ctx.coordinator_id,  &d->ctx.analyst_id,
                           &d->ctx.admin_id};
        *slot[i] = u.id;
    }
    agent_id = d->ctx.agent_id;
    store_tx_set_actor(tx, agent_id, "");
    for (size_t i = 0; i < sizeof(demo_contacts) / sizeof(demo_contacts[0]); i++) {
        struct contact c = {
            .channel = demo_contacts[i].channel,
            /* whole minutes, as a person would type them */
            .received_at = (store_tx_now(tx) / 60000 - demo_contacts[i].minutes_ago) * 60000,
            .caller_name = demo_contacts[i].caller,
            .summary = demo_contacts[i].summary,
        };
        rc = store_contact_insert(tx, &c);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < sizeof(feature_loaders) / sizeof(feature_loaders[0]); i++) {
        if (!feature_loaders[i])
            continue;
        store_tx_set_actor(tx, 0, "");
        rc = feature_loaders[i](tx, &d->ctx);
        if (rc)
            return rc;
    }
    return E_OK;
}

static void print_sign_in(void)
{
    printf("Demo council loaded. Sign in at the web app with one of these users,\n"
           "all with the password '%s':\n\n",
           DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
        printf("  %-13s %-12s %s\n", demo_users[i].username, demo_users[i].role,
               demo_users[i].name);
}

static enum err reindex_if_stale(struct store_tx *tx, void *arg)
{
    size_t *n = arg;
    bool stale = false;
    *n = 0;
    enum err rc = store_person_index_stale(tx, &stale);
    if (!rc && stale)
        rc = store_person_reindex(tx, n);
    return rc;
}

int cmd_init(int argc, char **argv)
{
    const char *db = NULL;
    int demo = 0;
    const struct cli_opt opts[] = {{"db", &db, NULL}, {"demo", NULL, &demo}, {NULL, NULL, NULL}};
    int rc = cli_parse("init", usage, argc, argv, 1, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    const char *path = cli_db_path(db);
    struct store *s = cli_open_store("init", path);
    if (!s)
        return EXIT_FAIL;
    printf("Database %s is at schema version %d.\n", path, store_schema_version(s));
    /* persons' search keys built by an older matching version are rebuilt (docs/persons.md) */
    size_t n_reindexed = 0;
    enum err ri = store_write(s, reindex_if_stale, &n_reindexed);
    if (ri) {
        fprintf(stderr, "frontdoor init: could not rebuild the person search index (%s)\n",
                err_name(ri));
        store_close(s);
        return EXIT_FAIL;
    }
    if (n_reindexed)
        printf("Rebuilt the person search index (%zu persons).\n", n_reindexed);
    if (demo) {
        static struct demo d;
        for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
            if (secret_password_hash(DEMO_PASSWORD, d.hashes[i])) {
                fprintf(stderr, "frontdoor init: could not hash a password\n");
                store_close(s);
                return EXIT_FAIL;
            }
        }
        enum err e = store_write(s, load_demo, &d);
        if (e) {
            fprintf(stderr, "frontdoor init: could not load the demo council (%s)\n",
                    err_name(e));
            store_close(s);
            return EXIT_FAIL;
        }
        if (d.already)
            printf("The demo council was already loaded.\n");
        print_sign_in();
    }
    store_close(s);
    return EXIT_OK;
}
