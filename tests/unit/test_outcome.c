/* Outcomes: a code must fit the contact's service, signposting records what was given, a
 * workflow code must match the child's priority (L2), and the C5 and Care Act gates hold; the
 * configurable code set — what a well-formed code is, which changes keep the reports true once
 * a code is used, and the store's versions, audit and triggers on a temporary database; and
 * greeting scripts and handovers, the other small rules of the contact workflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/greeting.h"
#include "domain/handover.h"
#include "domain/outcome.h"
#include "store/store.h"
#include "store/store_outcome.h"
#include "unit/support/testdb.h"

static struct outcome_code code(const char *c, enum outcome_group g)
{
    struct outcome_code oc = {.code = c, .label = c, .group = g, .active = true};
    return oc;
}

static void expect(enum err want, const char *field, enum err got, const struct err_info *info)
{
    assert_int_equal(got, want);
    if (field)
        assert_string_equal(info->field, field);
    assert_true(strlen(info->message) > 0);
}

static void test_shape(void **state)
{
    (void)state;
    struct err_info info;
    struct outcome o = {.code = "advice_information", .rationale = "Gave the number"};
    assert_int_equal(outcome_validate(&o, &info), E_OK);
    o.code = "";
    expect(E_INVALID, "code", outcome_validate(&o, &info), &info);
    o.code = "advice_information";
    o.rationale = NULL;
    expect(E_INVALID, "rationale", outcome_validate(&o, &info), &info);
}

static void test_group_and_signposting(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct outcome o = {.code = "x", .rationale = "why"};
    struct outcome_code adults = code("cld_no_change", OUTCOME_GROUP_ADULTS);
    expect(E_INVALID, "code", outcome_check(&o, &adults, SERVICE_CHILDREN, &s, &info), &info);
    expect(E_CONFLICT, "service", outcome_check(&o, &adults, SERVICE_NONE, &s, &info), &info);
    assert_int_equal(outcome_check(&o, &adults, SERVICE_ADULTS, &s, &info), E_OK);
    struct outcome_code both = code("signpost_other_agency", OUTCOME_GROUP_BOTH);
    both.needs_signposting = true;
    expect(E_INVALID, "signposted_to", outcome_check(&o, &both, SERVICE_NONE, &s, &info), &info);
    o.signposted_to = "Carers' centre leaflet";
    assert_int_equal(outcome_check(&o, &both, SERVICE_NONE, &s, &info), E_OK);
    o.signposted_to = NULL;
    o.signposted_team_id = 17;
    assert_int_equal(outcome_check(&o, &both, SERVICE_CHILDREN, &s, &info), E_OK);
    both.active = false;
    expect(E_INVALID, "code", outcome_check(&o, &both, SERVICE_CHILDREN, &s, &info), &info);
}

static void add(struct decision_state *s, enum decision_kind kind, const char *value,
                const char *plan)
{
    struct decision d = {.kind = kind, .value = value, .rationale = "r", .work_plan = plan};
    decision_state_add(s, &d);
}

static void test_workflow_matches_priority(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct outcome o = {.code = "l2_locality_hub", .rationale = "why"};
    struct outcome_code hub = code("l2_locality_hub", OUTCOME_GROUP_CHILDREN);
    hub.workflow = WORKFLOW_LOCALITY_HUB;
    expect(E_CONFLICT, "priority", outcome_check(&o, &hub, SERVICE_CHILDREN, &s, &info), &info);
    add(&s, DECISION_PRIORITY, "P4", NULL);
    expect(E_CONFLICT, "priority", outcome_check(&o, &hub, SERVICE_CHILDREN, &s, &info), &info);
    add(&s, DECISION_PRIORITY, "P3A", NULL); /* the latest priority counts */
    assert_int_equal(outcome_check(&o, &hub, SERVICE_CHILDREN, &s, &info), E_OK);
}

static void test_gates(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct outcome o = {.code = "progress_to_referral", .rationale = "why"};
    struct outcome_code referral = code("progress_to_referral", OUTCOME_GROUP_CHILDREN);
    referral.needs_recommendation = true;
    expect(E_CONFLICT, "recommendation", outcome_check(&o, &referral, SERVICE_CHILDREN, &s, &info),
           &info);
    add(&s, DECISION_RECOMMENDATION, "transfer_to_assessment", "the plan");
    assert_int_equal(outcome_check(&o, &referral, SERVICE_CHILDREN, &s, &info), E_OK);
    struct outcome_code assess = code("cld_assessment", OUTCOME_GROUP_ADULTS);
    assess.needs_care_act = true;
    struct decision_state a;
    decision_state_init(&a);
    expect(E_CONFLICT, "care_act_prevention", outcome_check(&o, &assess, SERVICE_ADULTS, &a, &info),
           &info);
    add(&a, DECISION_CARE_ACT_PREVENTION, "yes", NULL);
    add(&a, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    add(&a, DECISION_CARE_ACT_ADVOCACY_NEEDED, "no", NULL);
    add(&a, DECISION_CARE_ACT_ELIGIBILITY, "yes", NULL);
    assert_int_equal(outcome_check(&o, &assess, SERVICE_ADULTS, &a, &info), E_OK);
}

/* An outcome leading to assessment is told every Care Act check still missing at once; the
 * other refusals stay one at a time and leave the list empty. */
static void test_care_act_all_at_once(void **state)
{
    (void)state;
    struct err_info info;
    struct err_list gates = {0};
    struct decision_state a;
    decision_state_init(&a);
    struct outcome o = {.code = "cld_assessment", .rationale = "why"};
    struct outcome_code assess = code("cld_assessment", OUTCOME_GROUP_ADULTS);
    assess.needs_care_act = true;
    add(&a, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    expect(E_CONFLICT, "care_act_prevention",
           outcome_check_all(&o, &assess, SERVICE_ADULTS, &a, &info, &gates), &info);
    assert_int_equal(gates.n, 3);
    assert_string_equal(gates.items[0].field, "care_act_prevention");
    assert_string_equal(gates.items[1].field, "care_act_advocacy_needed");
    assert_string_equal(gates.items[2].field, "care_act_eligibility");
    /* a refusal before the gate (the wrong service) lists nothing */
    gates.n = 0;
    expect(E_INVALID, "code", outcome_check_all(&o, &assess, SERVICE_CHILDREN, &a, &info, &gates),
           &info);
    assert_int_equal(gates.n, 0);
    /* no list: the first check only, as outcome_check */
    expect(E_CONFLICT, "care_act_prevention",
           outcome_check_all(&o, &assess, SERVICE_ADULTS, &a, &info, NULL), &info);
}

/* --- configuring the code set ------------------------------------------------------------ */

/* A well-formed new code for children that counts under a C7 row. */
static struct outcome_code new_code(void)
{
    struct outcome_code oc = {.code = "leaflet_posted",
                              .label = "Leaflet posted",
                              .group = OUTCOME_GROUP_CHILDREN,
                              .resolved = true,
                              .c7_label = "Advice / information",
                              .cld_label = "",
                              .active = true,
                              .sort_order = 400};
    return oc;
}

static void test_code_lists(void **state)
{
    (void)state;
    size_t n_c7, n_cld;
    const char *const *c7 = outcome_c7_labels(&n_c7);
    const char *const *cld = outcome_cld_labels(&n_cld);
    assert_int_equal(n_c7, 9);   /* the rows of requirement C7 */
    assert_int_equal(n_cld, 19); /* the CLD event outcome value set */
    for (size_t i = 0; i < n_c7; i++)
        assert_true(outcome_c7_label_known(c7[i]));
    for (size_t i = 0; i < n_cld; i++)
        assert_true(outcome_cld_label_known(cld[i]));
    assert_true(outcome_c7_label_known("Kinship Carer"));
    assert_false(outcome_c7_label_known("kinship carer")); /* exactly as the return spells it */
    assert_false(outcome_c7_label_known("NFA - Deceased"));
    assert_false(outcome_cld_label_known("Kinship Carer"));
    assert_false(outcome_c7_label_known(NULL));
}

static void test_code_validate(void **state)
{
    (void)state;
    struct err_info info;
    struct outcome_code oc = new_code();
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);

    const char *const bad_codes[] = {"",         "Leaflet",       "leaflet-posted",
                                     "_leaflet", "leaflet_",      "leaflet__posted",
                                     "2leaflet", "leaflet posted"};
    for (size_t i = 0; i < sizeof(bad_codes) / sizeof(bad_codes[0]); i++) {
        oc = new_code();
        oc.code = bad_codes[i];
        expect(E_INVALID, "code", outcome_code_validate(&oc, &info), &info);
    }
    char long_code[OUTCOME_CODE_MAX + 2];
    memset(long_code, 'a', sizeof(long_code) - 1);
    long_code[sizeof(long_code) - 1] = '\0';
    oc = new_code();
    oc.code = long_code;
    expect(E_INVALID, "code", outcome_code_validate(&oc, &info), &info);
    long_code[OUTCOME_CODE_MAX] = '\0'; /* exactly the maximum */
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc.code = "l2_p4_signposted"; /* digits inside words */
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);

    oc = new_code();
    oc.label = "  ";
    expect(E_INVALID, "label", outcome_code_validate(&oc, &info), &info);
    oc.label = "Leaflet\nposted";
    expect(E_INVALID, "label", outcome_code_validate(&oc, &info), &info);
    oc.label = "Leaflet \xff";
    expect(E_INVALID, "label", outcome_code_validate(&oc, &info), &info);

    oc = new_code();
    oc.group = OUTCOME_GROUP_NONE;
    expect(E_INVALID, "group", outcome_code_validate(&oc, &info), &info);

    /* the C7 table counts children; the client level data return counts adults */
    oc = new_code();
    oc.c7_label = "Advice / Information"; /* not the table's spelling */
    expect(E_INVALID, "c7_label", outcome_code_validate(&oc, &info), &info);
    oc.c7_label = "Advice / information";
    oc.group = OUTCOME_GROUP_ADULTS;
    expect(E_INVALID, "c7_label", outcome_code_validate(&oc, &info), &info);
    oc.group = OUTCOME_GROUP_BOTH;
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc.cld_label = "NFA - Information & Advice / Signposting only";
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc.group = OUTCOME_GROUP_CHILDREN;
    expect(E_INVALID, "cld_label", outcome_code_validate(&oc, &info), &info);
    oc.group = OUTCOME_GROUP_ADULTS;
    oc.c7_label = "";
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc.cld_label = "NFA - Moved";
    expect(E_INVALID, "cld_label", outcome_code_validate(&oc, &info), &info);

    /* a workflow and the C5 gate are children's; the Care Act checks adults' */
    oc = new_code();
    oc.workflow = WORKFLOW_SIGNPOSTING;
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc.group = OUTCOME_GROUP_BOTH;
    expect(E_INVALID, "workflow", outcome_code_validate(&oc, &info), &info);
    oc = new_code();
    oc.needs_recommendation = true;
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc.group = OUTCOME_GROUP_BOTH;
    expect(E_INVALID, "needs_recommendation", outcome_code_validate(&oc, &info), &info);
    oc = new_code();
    oc.needs_care_act = true;
    expect(E_INVALID, "needs_care_act_checks", outcome_code_validate(&oc, &info), &info);
    oc.group = OUTCOME_GROUP_ADULTS;
    oc.c7_label = "";
    oc.cld_label = "Progress to Assessment";
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);

    /* every contact closed with a code is counted somewhere */
    oc = new_code();
    oc.c7_label = "";
    expect(E_INVALID, "c7_label", outcome_code_validate(&oc, &info), &info);
    oc.workflow = WORKFLOW_LOCALITY_HUB; /* a workflow alone is enough (P3A) */
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);
    oc = new_code();
    oc.group = OUTCOME_GROUP_ADULTS;
    oc.c7_label = NULL;
    oc.cld_label = NULL;
    expect(E_INVALID, "cld_label", outcome_code_validate(&oc, &info), &info);

    oc = new_code();
    oc.sort_order = 0;
    expect(E_INVALID, "sort_order", outcome_code_validate(&oc, &info), &info);
    oc.sort_order = OUTCOME_SORT_MAX + 1;
    expect(E_INVALID, "sort_order", outcome_code_validate(&oc, &info), &info);
    oc.sort_order = OUTCOME_SORT_MAX;
    assert_int_equal(outcome_code_validate(&oc, &info), E_OK);

    assert_int_equal(outcome_code_reason_check("The leaflet replaces the phone call", &info), E_OK);
    expect(E_INVALID, "reason", outcome_code_reason_check(NULL, &info), &info);
    expect(E_INVALID, "reason", outcome_code_reason_check(" ", &info), &info);
    char long_reason[OUTCOME_REASON_MAX + 2];
    memset(long_reason, 'r', sizeof(long_reason) - 1);
    long_reason[sizeof(long_reason) - 1] = '\0';
    expect(E_INVALID, "reason", outcome_code_reason_check(long_reason, &info), &info);
}

/* A change gives only what it changes: those fields are laid over the code, the rest stay, and
 * laying over every field that differs gives the other code. */
static void test_code_apply(void **state)
{
    (void)state;
    struct outcome_code stored = new_code();
    stored.version = 3;
    struct outcome_code given = {0};
    given.label = "Advice and information given";
    given.sort_order = 7;
    given.resolved = !stored.resolved; /* present in the struct but not named: must not apply */
    struct outcome_code after = stored;
    outcome_code_apply(&after, &given, OUTCOME_FIELD_LABEL | OUTCOME_FIELD_SORT_ORDER);
    assert_string_equal(after.label, "Advice and information given");
    assert_int_equal(after.sort_order, 7);
    assert_int_equal(after.resolved, stored.resolved);
    assert_string_equal(after.code, stored.code);
    assert_int_equal(after.version, 3);
    assert_int_equal(outcome_code_diff(&stored, &after),
                     OUTCOME_FIELD_LABEL | OUTCOME_FIELD_SORT_ORDER);

    struct outcome_code other = stored;
    other.group = OUTCOME_GROUP_BOTH;
    other.c7_label = "Progress to Referral";
    other.needs_signposting = !stored.needs_signposting;
    other.active = false;
    after = stored;
    outcome_code_apply(&after, &other, outcome_code_diff(&stored, &other));
    assert_int_equal(outcome_code_diff(&after, &other), 0);
    outcome_code_apply(&after, &stored, 0);
    assert_int_equal(outcome_code_diff(&after, &other), 0);
}

static void test_code_change(void **state)
{
    (void)state;
    struct err_info info;
    struct outcome_code before = new_code();
    struct outcome_code after = before;
    assert_int_equal(outcome_code_diff(&before, &after), 0);
    expect(E_INVALID, NULL, outcome_code_change_check(&before, &after, &info), &info);
    assert_string_equal(info.field, "");

    /* while unused, everything may change */
    after.resolved = false;
    after.c7_label = "Progress to Referral";
    after.needs_recommendation = true;
    assert_int_equal(outcome_code_diff(&before, &after), OUTCOME_FIELD_RESOLVED |
                                                             OUTCOME_FIELD_C7_LABEL |
                                                             OUTCOME_FIELD_NEEDS_RECOMMENDATION);
    assert_int_equal(outcome_code_change_check(&before, &after, &info), E_OK);

    /* once used, each counting field is frozen and named; wording, order and retiring are not */
    before.used = true;
    const struct {
        unsigned field;
        const char *name;
    } frozen[] = {
        {OUTCOME_FIELD_GROUP, "group"},
        {OUTCOME_FIELD_RESOLVED, "resolved_at_front_door"},
        {OUTCOME_FIELD_C7_LABEL, "c7_label"},
        {OUTCOME_FIELD_CLD_LABEL, "cld_label"},
        {OUTCOME_FIELD_WORKFLOW, "workflow"},
        {OUTCOME_FIELD_NEEDS_RECOMMENDATION, "needs_recommendation"},
        {OUTCOME_FIELD_NEEDS_CARE_ACT, "needs_care_act_checks"},
        {OUTCOME_FIELD_NEEDS_SIGNPOSTING, "needs_signposting"},
    };
    unsigned all = 0;
    for (size_t i = 0; i < sizeof(frozen) / sizeof(frozen[0]); i++) {
        after = before;
        switch (frozen[i].field) {
        case OUTCOME_FIELD_GROUP:
            after.group = OUTCOME_GROUP_BOTH;
            break;
        case OUTCOME_FIELD_RESOLVED:
            after.resolved = false;
            break;
        case OUTCOME_FIELD_C7_LABEL:
            after.c7_label = "No further action";
            break;
        case OUTCOME_FIELD_CLD_LABEL:
            after.cld_label = "NFA - Other";
            break;
        case OUTCOME_FIELD_WORKFLOW:
            after.workflow = WORKFLOW_SIGNPOSTING;
            break;
        case OUTCOME_FIELD_NEEDS_RECOMMENDATION:
            after.needs_recommendation = true;
            break;
        case OUTCOME_FIELD_NEEDS_CARE_ACT:
            after.needs_care_act = true;
            break;
        default:
            after.needs_signposting = true;
            break;
        }
        assert_int_equal(outcome_code_diff(&before, &after), frozen[i].field);
        assert_string_equal(outcome_code_field_name(frozen[i].field), frozen[i].name);
        expect(E_CONFLICT, frozen[i].name, outcome_code_change_check(&before, &after, &info),
               &info);
        assert_non_null(strstr(info.message, "retire it and add a new code"));
        all |= frozen[i].field;
    }
    assert_int_equal(all, OUTCOME_FIELDS_COUNTING);
    after = before;
    after.label = "Leaflet sent by post";
    after.sort_order = 15;
    after.active = false;
    assert_int_equal(outcome_code_diff(&before, &after),
                     OUTCOME_FIELD_LABEL | OUTCOME_FIELD_SORT_ORDER | OUTCOME_FIELD_ACTIVE);
    assert_int_equal(outcome_code_change_check(&before, &after, &info), E_OK);
    assert_string_equal(outcome_code_field_name(OUTCOME_FIELD_ACTIVE), "active");
    assert_string_equal(outcome_code_field_name(0), "");

    struct outcome_code_copy copy;
    outcome_code_copy(&copy, &after);
    after.label = "changed after copying";
    assert_string_equal(copy.oc.label, "Leaflet sent by post");
    assert_ptr_equal(copy.oc.code, copy.code);
    assert_string_equal(copy.oc.code, "leaflet_posted");
    assert_int_equal(copy.oc.sort_order, 15);
}

/* --- the code set in the store ------------------------------------------------------------- */

struct fixture {
    char path[64];
    struct store *s;
    int64_t admin;
    struct outcome_code oc;
    const char *reason;
    int expected_version;
    struct err_info info;
    int n_codes, n_invalid, n_versions;
    unsigned c7_seen; /* bit i: c7 label i is used by a seeded code */
    char first_changed[64];
    char first_reason[128];
};

static enum err add_admin(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    return testdb_add_user(tx, "admin", "Test admin", ROLE_ADMIN, &f->admin);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (testdb_open("outcome", f->path, sizeof(f->path), &f->s))
        return -1;
    if (store_write(f->s, add_admin, f))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    testdb_close(f->s, f->path);
    free(f);
    return 0;
}

static void check_seeded(const struct outcome_code *oc, void *arg)
{
    struct fixture *f = arg;
    struct err_info info;
    f->n_codes++;
    if (outcome_code_validate(oc, &info)) {
        print_error("seeded code %s: %s (%s)\n", oc->code, info.message, info.field);
        f->n_invalid++;
    }
    size_t n;
    const char *const *c7 = outcome_c7_labels(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c7[i], oc->c7_label) == 0)
            f->c7_seen |= 1u << i;
    if (oc->version != 1 || oc->used)
        f->n_invalid++;
}

static enum err read_seeded(struct store_tx *tx, void *arg)
{
    return store_outcome_codes(tx, check_seeded, arg);
}

/* The lists the rules check against are the ones the seed uses: every seeded code passes. */
static void test_seeded_codes_are_valid(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_read(f->s, read_seeded, f), E_OK);
    assert_int_equal(f->n_codes, 32);
    assert_int_equal(f->n_invalid, 0);
    assert_int_equal(f->c7_seen, (1u << 9) - 1); /* every C7 row has a code */
}

static enum err add_apply(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    store_tx_set_actor(tx, f->admin, "req-test");
    memset(&f->info, 0, sizeof(f->info));
    return store_outcome_code_add(tx, &f->oc, f->reason, &f->info);
}

static enum err change_apply(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    store_tx_set_actor(tx, f->admin, "req-test");
    memset(&f->info, 0, sizeof(f->info));
    return store_outcome_code_change(tx, &f->oc, f->expected_version, f->reason, &f->info);
}

static void count_version(const struct outcome_code_version *v, void *arg)
{
    struct fixture *f = arg;
    if (f->n_versions++ == 0) { /* newest first */
        snprintf(f->first_changed, sizeof(f->first_changed), "%s", v->changed);
        snprintf(f->first_reason, sizeof(f->first_reason), "%s", v->reason);
        assert_int_equal(v->changed_by, f->admin);
        assert_string_equal(v->changed_by_name, "Test admin");
    }
}

static enum err history_read(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    f->n_versions = 0;
    return store_outcome_code_history(tx, f->oc.code, count_version, f);
}

static int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc;
}

static int raw_count(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void test_store_add_change_history(void **state)
{
    struct fixture *f = *state;
    f->oc = new_code();
    f->oc.sort_order = 0; /* after every code */
    f->reason = "";
    assert_int_equal(store_write(f->s, add_apply, f), E_INVALID);
    assert_string_equal(f->info.field, "reason");
    f->reason = "Leaflets replace the phone call";
    f->oc.label = "advice / INFORMATION"; /* an active code's label, in other letters */
    assert_int_equal(store_write(f->s, add_apply, f), E_CONFLICT);
    assert_string_equal(f->info.field, "label");
    f->oc.label = "Leaflet posted";
    assert_int_equal(store_write(f->s, add_apply, f), E_OK);
    assert_int_equal(f->oc.version, 1);
    assert_int_equal(f->oc.sort_order, 400); /* the seed's last is 390 */
    assert_int_equal(store_write(f->s, add_apply, f), E_CONFLICT);
    assert_string_equal(f->info.field, "code");
    f->oc.code = "advice_information";
    assert_int_equal(store_write(f->s, add_apply, f), E_CONFLICT);
    assert_string_equal(f->info.field, "code");

    /* unused: how it counts may change; a stale version may not */
    f->oc = new_code();
    f->oc.sort_order = 400;
    f->oc.resolved = false;
    f->oc.c7_label = "Progress to Referral";
    f->expected_version = 1;
    assert_int_equal(store_write(f->s, change_apply, f), E_OK);
    assert_int_equal(f->oc.version, 2);
    assert_int_equal(store_write(f->s, change_apply, f), E_CONFLICT);
    assert_string_equal(f->info.field, "version");

    /* used (an outcome row written past the store, foreign keys off): frozen */
    assert_int_equal(raw_exec(f->path, "INSERT INTO contact_outcomes (contact_id, code, rationale,"
                                       " decided_by, decided_at) VALUES (999, 'leaflet_posted',"
                                       " 'r', 1, 0)"),
                     SQLITE_OK);
    f->expected_version = 2;
    f->oc.resolved = true;
    assert_int_equal(store_write(f->s, change_apply, f), E_CONFLICT);
    assert_string_equal(f->info.field, "resolved_at_front_door");
    f->oc.resolved = false;
    f->oc.label = "Leaflet sent by post";
    f->oc.active = false;
    f->reason = "Wording; and retired";
    assert_int_equal(store_write(f->s, change_apply, f), E_OK);
    assert_int_equal(f->oc.version, 3);

    assert_int_equal(store_read(f->s, history_read, f), E_OK);
    assert_int_equal(f->n_versions, 3);
    assert_string_equal(f->first_changed, "label,active");
    assert_string_equal(f->first_reason, "Wording; and retired");
    f->oc.code = "no_such_code";
    assert_int_equal(store_read(f->s, history_read, f), E_NOTFOUND);

    assert_int_equal(raw_count(f->path, "SELECT count(*) FROM audit_events WHERE entity ="
                                        " 'outcome_code' AND reason LIKE 'leaflet_posted: %'"),
                     3);
    assert_int_equal(raw_count(f->path, "SELECT count(*) FROM audit_events WHERE action ="
                                        " 'outcome_code.retire'"),
                     1);

    /* the database refuses the same, past the store */
    const char *const refused[] = {
        "UPDATE outcome_codes SET resolved = 1 WHERE code = 'leaflet_posted'",
        "UPDATE outcome_codes SET grp = 'both' WHERE code = 'leaflet_posted'",
        "UPDATE outcome_codes SET c7_label = '' WHERE code = 'leaflet_posted'",
        "UPDATE outcome_codes SET code = 'leaflet' WHERE code = 'leaflet_posted'",
        "UPDATE outcome_code_versions SET reason = 'changed'",
        "DELETE FROM outcome_code_versions",
        "DELETE FROM outcome_codes WHERE code = 'leaflet_posted'",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        if (raw_exec(f->path, refused[i]) == SQLITE_OK)
            fail_msg("'%s' was allowed", refused[i]);
    assert_int_equal(raw_exec(f->path, "UPDATE outcome_codes SET label = 'Seen' WHERE code ="
                                       " 'leaflet_posted'"),
                     SQLITE_OK); /* wording is not counting */
}

static void test_greeting(void **state)
{
    (void)state;
    char out[GREETING_OUT_MAX];
    greeting_fill("Leaving Care Service helpline, {name} speaking. How can I help?", "Priya Shah",
                  out, sizeof(out));
    assert_string_equal(out, "Leaving Care Service helpline, Priya Shah speaking. How can I help?");
    greeting_fill("{name}, {name}", "Jo", out, sizeof(out));
    assert_string_equal(out, "Jo, Jo");
    greeting_fill("Hello, {name}", "Ōwen", out, 9); /* cut on a character boundary */
    assert_string_equal(out, "Hello, ");
    greeting_default("Contact Centre", out, sizeof(out));
    assert_string_equal(out, "Contact Centre, {name} speaking. How can I help?");
    struct err_info info;
    expect(E_INVALID, "script", greeting_script_check("Hello, how can I help?", &info), &info);
    assert_int_equal(greeting_script_check(out, &info), E_OK);
}

static void test_handover(void **state)
{
    (void)state;
    struct err_info info;
    struct handover_request r = {.owner_user_id = 1,
                                 .actor_user_id = 1,
                                 .to_user_id = 2,
                                 .to_user_active = true,
                                 .note = "Call back at 2"};
    assert_int_equal(handover_request_check(&r, &info), E_OK);
    r.actor_user_id = 3; /* not the owner */
    expect(E_DENIED, NULL, handover_request_check(&r, &info), &info);
    r.actor_may_reassign = true; /* a manager */
    assert_int_equal(handover_request_check(&r, &info), E_OK);
    r.pending = true;
    expect(E_CONFLICT, NULL, handover_request_check(&r, &info), &info);
    r.pending = false;
    r.to_user_id = 1;
    expect(E_INVALID, "to_user_id", handover_request_check(&r, &info), &info);
    r.to_user_id = 2;
    r.to_user_active = false;
    expect(E_INVALID, "to_user_id", handover_request_check(&r, &info), &info);
    r.to_user_active = true;
    r.note = "";
    expect(E_INVALID, "note", handover_request_check(&r, &info), &info);

    struct handover h = {.id = 1, .from_user_id = 1, .to_user_id = 2};
    expect(E_DENIED, NULL, handover_answer_check(&h, 1, true, NULL, &info), &info);
    assert_int_equal(handover_answer_check(&h, 2, true, NULL, &info), E_OK);
    expect(E_INVALID, "reason", handover_answer_check(&h, 2, false, " ", &info), &info);
    assert_int_equal(handover_answer_check(&h, 2, false, "On leave", &info), E_OK);
    h.answer = HANDOVER_ACCEPTED;
    expect(E_CONFLICT, NULL, handover_answer_check(&h, 2, true, NULL, &info), &info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_group_and_signposting),
        cmocka_unit_test(test_workflow_matches_priority),
        cmocka_unit_test(test_gates),
        cmocka_unit_test(test_care_act_all_at_once),
        cmocka_unit_test(test_code_lists),
        cmocka_unit_test(test_code_validate),
        cmocka_unit_test(test_code_apply),
        cmocka_unit_test(test_code_change),
        cmocka_unit_test_setup_teardown(test_seeded_codes_are_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_add_change_history, setup, teardown),
        cmocka_unit_test(test_greeting),
        cmocka_unit_test(test_handover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
