/*
 * import_directory: the CSV importers of the service directory — teams, workers and
 * allocations (issue 3) — run by cli/cmd_import.c under the contract in cli/import.h. Each
 * reads every row into domain structs and checks it (pass 1), then, only when no row had a
 * problem, writes through the same store functions as the API (pass 2). Teams are matched to
 * existing ones by name and workers by staff number, so a file can be imported again to update
 * them; allocations are always new records. The columns are listed in `frontdoor import --help`
 * and docs/directory.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/import.h"
#include "core/xalloc.h"
#include "domain/allocation.h"
#include "domain/directory.h"
#include "domain/team.h"
#include "domain/user.h"
#include "domain/worker.h"
#include "store/store_allocation.h"
#include "store/store_team.h"
#include "store/store_user.h"
#include "store/store_worker.h"

#define VALUE_MAX 4096 /* bytes of one cell we read (the longest text field is 1000 chars) */

#define DAY_COLUMNS "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"

/* Reads the next data row; 1 while there is one. A malformed file is reported once. */
static int next_row(struct import_run *run)
{
    struct err_info info = {{0}, {0}};
    enum err rc = csv_next(&run->reader, &info);
    if (rc == E_OK)
        return 1;
    if (rc != E_NOTFOUND)
        import_error(run, 0, NULL, "%s", info.message);
    return 0;
}

/* A growing array of row structs of one size. */
struct rows {
    char *data;
    size_t size, n, cap;
};

static void *rows_add(struct rows *r)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->data = xrealloc(r->data, r->cap * r->size);
    }
    void *p = r->data + r->n * r->size;
    memset(p, 0, r->size);
    r->n++;
    return p;
}

static void *rows_at(struct rows *r, size_t i)
{
    return r->data + i * r->size;
}

/* Applies the day columns present in the file to p. */
static void read_hours(struct import_run *run, size_t row, struct work_pattern *p)
{
    char v[VALUE_MAX];
    for (int d = 0; d < 7; d++) {
        const char *key = directory_weekday_key((enum ukclock_weekday)d);
        if (!import_has(run, key))
            continue;
        struct err_info info = {{0}, {0}};
        if (directory_pattern_set(p, (enum ukclock_weekday)d, import_get(run, key, v, sizeof(v)),
                                  key, &info) != E_OK)
            import_error_info(run, row, &info);
    }
}

/* --- teams ---------------------------------------------------------------------------------- */

static const char *const team_columns[] = {"name",        "type",      "locality",
                                           "duty_line",   "email",     "website",
                                           "description", DAY_COLUMNS, "closed_bank_holidays",
                                           NULL};
static const char *const team_required[] = {"name", "type", NULL};

struct team_row {
    size_t row;
    struct team t; /* t.id != 0: an existing team to update */
};

static void read_team(struct store_tx *tx, struct import_run *run, struct team_row *r)
{
    char v[VALUE_MAX];
    struct err_info info = {{0}, {0}};
    size_t before = run->n_errors;
    char name[TEAM_NAME_MAX * 4 + 1];
    if (directory_text(name, sizeof(name), import_get(run, "name", v, sizeof(v)), TEAM_NAME_MAX,
                       true, false, "name", "the team's name", &info) != E_OK) {
        import_error_info(run, r->row, &info);
        return;
    }
    enum err rc = store_team_by_name(tx, name, &r->t);
    if (rc == E_NOTFOUND) {
        team_init(&r->t);
        snprintf(r->t.name, sizeof(r->t.name), "%s", name);
    } else if (rc) {
        import_error(run, r->row, "name", "could not look the team up (%s)", err_name(rc));
        return;
    }
    const char *type = import_get(run, "type", v, sizeof(v));
    r->t.type = team_type_parse(type);
    if (r->t.type == TEAM_TYPE_NONE)
        import_error(run, r->row, "type",
                     "'%.40s' is not a team type: use contact_centre, childrens_reception, "
                     "referral_assessment, cla_team, leaving_care, adult_intake, "
                     "specialist_adult, locality_hub, early_help, emergency_duty, "
                     "external_agency or voluntary_sector",
                     type);
#define TEXT(col, field, max, multi, what)                                                         \
    if (import_has(run, col) &&                                                                    \
        directory_text(r->t.field, sizeof(r->t.field), import_get(run, col, v, sizeof(v)), max,    \
                       false, multi, col, what, &info) != E_OK)                                    \
        import_error_info(run, r->row, &info);
    TEXT("locality", locality, TEAM_LOCALITY_MAX, false, "the locality")
    TEXT("description", description, TEAM_DESCRIPTION_MAX, true, "the description")
#undef TEXT
    if (import_has(run, "duty_line") &&
        directory_phone(r->t.duty_line, import_get(run, "duty_line", v, sizeof(v)), "duty_line",
                        &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "email") &&
        directory_email(r->t.email, import_get(run, "email", v, sizeof(v)), "email", &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "website")) {
        import_get(run, "website", v, sizeof(v));
        if (strlen(v) > TEAM_WEBSITE_MAX)
            import_error(run, r->row, "website", "the website address is too long");
        else
            memcpy(r->t.website, v, strlen(v) + 1);
    }
    read_hours(run, r->row, &r->t.hours);
    if (import_has(run, "closed_bank_holidays") &&
        directory_bool(import_get(run, "closed_bank_holidays", v, sizeof(v)), true,
                       "closed_bank_holidays", &r->t.closed_bank_holidays, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (run->n_errors == before && team_validate(&r->t, &info) != E_OK)
        import_error_info(run, r->row, &info);
}

static enum err import_teams(struct store_tx *tx, struct import_run *run)
{
    struct rows rows = {NULL, sizeof(struct team_row), 0, 0};
    while (next_row(run)) {
        struct team_row *r = rows_add(&rows);
        r->row = run->reader.row;
        read_team(tx, run, r);
        for (size_t i = 0; i + 1 < rows.n; i++) {
            struct team_row *other = rows_at(&rows, i);
            if (r->t.name[0] && strcmp(other->t.name, r->t.name) == 0)
                import_error(run, r->row, "name", "the team '%.100s' is also on row %zu", r->t.name,
                             other->row);
        }
    }
    enum err rc = run->n_errors ? E_INVALID : E_OK;
    for (size_t i = 0; !rc && i < rows.n; i++) {
        struct team_row *r = rows_at(&rows, i);
        bool existing = r->t.id != 0;
        rc = existing ? store_team_update(tx, &r->t, "import") : store_team_insert(tx, &r->t);
        if (rc == E_CONFLICT) {
            import_error(run, r->row, "name", "another team is already called '%.100s'", r->t.name);
            rc = E_OK; /* keep looking for more problems; the runner rolls back */
        } else if (!rc) {
            if (existing)
                run->n_updated++;
            else
                run->n_created++;
        }
    }
    free(rows.data);
    if (!rc && run->n_errors)
        rc = E_INVALID;
    return rc;
}

const struct import_kind import_kind_teams = {
    .name = "teams",
    .summary = "teams and services; an existing team (same name) is updated",
    .columns = team_columns,
    .required = team_required,
    .help = "               name*, type* (contact_centre, childrens_reception, "
            "referral_assessment,\n"
            "               cla_team, leaving_care, adult_intake, specialist_adult, "
            "locality_hub,\n"
            "               early_help, emergency_duty, external_agency, voluntary_sector), "
            "locality,\n"
            "               duty_line, email, website, description, monday ... sunday "
            "(09:00-17:00,\n"
            "               08:30-12:30,13:30-17:00 or closed; an empty cell is closed),\n"
            "               closed_bank_holidays (yes/no, default yes)\n",
    .run = import_teams,
};

/* --- workers -------------------------------------------------------------------------------- */

static const char *const worker_columns[] = {"staff_number",
                                             "name",
                                             "role",
                                             "job_title",
                                             "teams",
                                             "manages",
                                             "line_manager",
                                             "phone",
                                             "email",
                                             "safeguarding_qualified",
                                             "active_from",
                                             "active_to",
                                             "username",
                                             DAY_COLUMNS,
                                             "works_bank_holidays",
                                             NULL};
static const char *const worker_required[] = {"staff_number", "name", "role", NULL};

struct worker_row {
    size_t row;
    struct worker w; /* w.id != 0: an existing worker to update */
    bool existing;
    char manager_ref[WORKER_STAFF_NUMBER_MAX + 1]; /* staff number, "" none */
    long manager_row; /* index of the manager's row in this file, -1 none */
    bool written;
};

/* Splits "A; B;C" on semicolons, calling fn on each trimmed, non-empty part. */
static void each_name(const char *list, void (*fn)(const char *name, void *arg), void *arg)
{
    char part[VALUE_MAX];
    const char *p = list;
    for (;;) {
        const char *end = strchr(p, ';');
        const char *s = p;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (*s == ' ' || *s == '\t')) {
            s++;
            n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n && n < sizeof(part)) {
            memcpy(part, s, n);
            part[n] = '\0';
            fn(part, arg);
        }
        if (!end)
            break;
        p = end + 1;
    }
}

struct team_ref {
    struct store_tx *tx;
    struct import_run *run;
    struct worker_row *r;
    const char *column;
    bool manager;
};

static void add_team_ref(const char *name, void *arg)
{
    struct team_ref *ref = arg;
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = store_team_by_name(ref->tx, name, t);
    if (rc == E_NOTFOUND) {
        import_error(ref->run, ref->r->row, ref->column,
                     "there is no team called '%.100s' (import teams first)", name);
    } else if (rc) {
        import_error(ref->run, ref->r->row, ref->column, "could not look the team up (%s)",
                     err_name(rc));
    } else if (worker_in_team(&ref->r->w, t->id)) {
        for (size_t i = 0; i < ref->r->w.n_teams; i++)
            if (ref->r->w.teams[i].team_id == t->id && ref->manager)
                ref->r->w.teams[i].is_manager = true;
    } else {
        struct err_info info = {{0}, {0}};
        if (worker_add_team(&ref->r->w, t->id, ref->manager, &info) != E_OK)
            import_error(ref->run, ref->r->row, ref->column, "%s", info.message);
    }
    free(t);
}

static void read_worker(struct store_tx *tx, struct import_run *run, struct worker_row *r)
{
    char v[VALUE_MAX];
    struct err_info info = {{0}, {0}};
    size_t before = run->n_errors;
    char staff[WORKER_STAFF_NUMBER_MAX + 1];
    import_get(run, "staff_number", v, sizeof(v));
    if (!v[0] || strlen(v) > WORKER_STAFF_NUMBER_MAX) {
        import_error(run, r->row, "staff_number",
                     v[0] ? "the staff number is longer than 32 characters"
                          : "enter the worker's staff number");
        return;
    }
    memcpy(staff, v, strlen(v) + 1);
    enum err rc = store_worker_by_staff_number(tx, staff, &r->w);
    if (rc == E_NOTFOUND) {
        worker_init(&r->w);
        snprintf(r->w.staff_number, sizeof(r->w.staff_number), "%s", staff);
    } else if (rc) {
        import_error(run, r->row, "staff_number", "could not look the worker up (%s)",
                     err_name(rc));
        return;
    } else {
        r->existing = true;
    }
    if (directory_text(r->w.name, sizeof(r->w.name), import_get(run, "name", v, sizeof(v)),
                       WORKER_NAME_MAX, true, false, "name", "the worker's name", &info) != E_OK)
        import_error_info(run, r->row, &info);
    const char *role = import_get(run, "role", v, sizeof(v));
    r->w.role = worker_role_parse(role);
    if (r->w.role == WORKER_ROLE_NONE)
        import_error(run, r->row, "role",
                     "'%.40s' is not a role: use contact_agent, social_worker, "
                     "senior_practitioner, personal_adviser, family_support_worker, "
                     "occupational_therapist, locality_coordinator, business_support, "
                     "team_manager, service_manager, head_of_service or other",
                     role);
    if (import_has(run, "job_title") &&
        directory_text(r->w.job_title, sizeof(r->w.job_title),
                       import_get(run, "job_title", v, sizeof(v)), WORKER_JOB_TITLE_MAX, false,
                       false, "job_title", "the job title", &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "teams") || import_has(run, "manages")) {
        r->w.n_teams = 0;
        struct team_ref ref = {tx, run, r, "teams", false};
        each_name(import_get(run, "teams", v, sizeof(v)), add_team_ref, &ref);
        ref.column = "manages";
        ref.manager = true;
        each_name(import_get(run, "manages", v, sizeof(v)), add_team_ref, &ref);
    }
    if (import_has(run, "phone") &&
        directory_phone(r->w.phone, import_get(run, "phone", v, sizeof(v)), "phone", &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "email") &&
        directory_email(r->w.email, import_get(run, "email", v, sizeof(v)), "email", &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "safeguarding_qualified") &&
        directory_bool(import_get(run, "safeguarding_qualified", v, sizeof(v)), false,
                       "safeguarding_qualified", &r->w.safeguarding_qualified, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "works_bank_holidays") &&
        directory_bool(import_get(run, "works_bank_holidays", v, sizeof(v)), false,
                       "works_bank_holidays", &r->w.works_bank_holidays, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "active_from") &&
        directory_date(import_get(run, "active_from", v, sizeof(v)), "active_from",
                       &r->w.active_from, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "active_to") && directory_date(import_get(run, "active_to", v, sizeof(v)),
                                                       "active_to", &r->w.active_to, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_has(run, "username")) {
        import_get(run, "username", v, sizeof(v));
        r->w.user_id = 0;
        if (v[0]) {
            struct user u;
            rc = store_user_by_username(tx, v, &u);
            if (rc == E_NOTFOUND)
                import_error(run, r->row, "username", "there is no user '%.64s'", v);
            else if (rc)
                import_error(run, r->row, "username", "could not look the user up (%s)",
                             err_name(rc));
            else
                r->w.user_id = u.id;
        }
    }
    read_hours(run, r->row, &r->w.hours);
    r->manager_row = -1;
    if (import_has(run, "line_manager")) {
        import_get(run, "line_manager", v, sizeof(v));
        r->w.line_manager_id = 0;
        if (strlen(v) > WORKER_STAFF_NUMBER_MAX)
            import_error(run, r->row, "line_manager", "give the line manager's staff number");
        else
            memcpy(r->manager_ref, v, strlen(v) + 1);
        if (strcmp(r->manager_ref, staff) == 0)
            import_error(run, r->row, "line_manager", "a worker cannot be their own line manager");
    }
    if (run->n_errors == before) {
        int64_t keep = r->w.line_manager_id;
        r->w.line_manager_id = 0; /* resolved below, once every row is read */
        if (worker_validate(&r->w, &info) != E_OK)
            import_error_info(run, r->row, &info);
        r->w.line_manager_id = keep;
    }
}

/* Finds each row's line manager in this file or else in the database. */
static void resolve_managers(struct store_tx *tx, struct import_run *run, struct rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        struct worker_row *r = rows_at(rows, i);
        if (!r->manager_ref[0])
            continue;
        for (size_t j = 0; j < rows->n && r->manager_row < 0; j++) {
            struct worker_row *m = rows_at(rows, j);
            if (j != i && strcmp(m->w.staff_number, r->manager_ref) == 0)
                r->manager_row = (long)j;
        }
        if (r->manager_row >= 0)
            continue;
        struct worker *m = xmalloc(sizeof(*m));
        enum err rc = store_worker_by_staff_number(tx, r->manager_ref, m);
        if (rc == E_NOTFOUND)
            import_error(run, r->row, "line_manager",
                         "there is no worker with staff number '%s' in the database or this file",
                         r->manager_ref);
        else if (rc)
            import_error(run, r->row, "line_manager", "could not look the worker up (%s)",
                         err_name(rc));
        else
            r->w.line_manager_id = m->id;
        free(m);
    }
}

/* Writes the rows managers first; rows whose line management goes round in a circle are
 * reported. */
static enum err write_workers(struct store_tx *tx, struct import_run *run, struct rows *rows)
{
    size_t left = rows->n;
    while (left) {
        size_t progress = 0;
        for (size_t i = 0; i < rows->n; i++) {
            struct worker_row *r = rows_at(rows, i);
            if (r->written)
                continue;
            if (r->manager_row >= 0) {
                struct worker_row *m = rows_at(rows, (size_t)r->manager_row);
                if (!m->written)
                    continue;
                r->w.line_manager_id = m->w.id;
            }
            struct err_info info = {{0}, {0}};
            enum err rc = r->existing ? store_worker_update(tx, &r->w, "import", &info)
                                      : store_worker_insert(tx, &r->w, &info);
            if (rc == E_INVALID || rc == E_CONFLICT) {
                import_error_info(run, r->row, &info);
            } else if (rc) {
                return rc;
            } else if (r->existing) {
                run->n_updated++;
            } else {
                run->n_created++;
            }
            r->written = true; /* or reported: either way done with */
            progress++;
            left--;
        }
        if (!progress) {
            for (size_t i = 0; i < rows->n; i++) {
                struct worker_row *r = rows_at(rows, i);
                if (!r->written)
                    import_error(run, r->row, "line_manager",
                                 "line management goes round in a circle through '%s'",
                                 r->manager_ref);
            }
            break;
        }
    }
    return E_OK;
}

static enum err import_workers(struct store_tx *tx, struct import_run *run)
{
    struct rows rows = {NULL, sizeof(struct worker_row), 0, 0};
    while (next_row(run)) {
        struct worker_row *r = rows_add(&rows);
        r->row = run->reader.row;
        read_worker(tx, run, r);
        for (size_t i = 0; i + 1 < rows.n; i++) {
            struct worker_row *other = rows_at(&rows, i);
            if (r->w.staff_number[0] && strcmp(other->w.staff_number, r->w.staff_number) == 0)
                import_error(run, r->row, "staff_number",
                             "the staff number '%s' is also on row %zu", r->w.staff_number,
                             other->row);
        }
    }
    resolve_managers(tx, run, &rows);
    enum err rc = run->n_errors ? E_INVALID : write_workers(tx, run, &rows);
    free(rows.data);
    if (!rc && run->n_errors)
        rc = E_INVALID;
    return rc;
}

const struct import_kind import_kind_workers = {
    .name = "workers",
    .summary = "workers; an existing worker (same staff number) is updated",
    .columns = worker_columns,
    .required = worker_required,
    .help = "               staff_number*, name*, role* (contact_agent, social_worker,\n"
            "               senior_practitioner, personal_adviser, family_support_worker,\n"
            "               occupational_therapist, locality_coordinator, business_support,\n"
            "               team_manager, service_manager, head_of_service, other), job_title,\n"
            "               teams and manages (team names separated by ;), line_manager (a\n"
            "               staff number, in the database or the file), phone, email,\n"
            "               safeguarding_qualified (yes/no), active_from, active_to "
            "(YYYY-MM-DD),\n"
            "               username (their sign-in), monday ... sunday (working hours),\n"
            "               works_bank_holidays (yes/no, default no: works bank holidays to\n"
            "               the weekly hours, as an emergency duty team does)\n",
    .run = import_workers,
};

/* --- allocations ---------------------------------------------------------------------------- */

static const char *const allocation_columns[] = {"person_id", "kind",    "worker",   "team",
                                                 "starts_at", "ends_at", "ended_at", "end_reason",
                                                 "note",      NULL};
static const char *const allocation_required[] = {"person_id", "kind", "starts_at", NULL};

struct allocation_row {
    size_t row;
    struct allocation a;
    int64_t ended_at;
    char end_reason[ALLOCATION_REASON_MAX * 4 + 1];
};

static void read_allocation(struct store_tx *tx, struct import_run *run, struct allocation_row *r)
{
    char v[VALUE_MAX];
    struct err_info info = {{0}, {0}};
    size_t before = run->n_errors;
    import_get(run, "person_id", v, sizeof(v));
    char *end;
    errno = 0;
    long long person = strtoll(v, &end, 10);
    if (!v[0] || *end != '\0' || errno != 0 || person <= 0)
        import_error(run, r->row, "person_id", "give the person's id, a whole number");
    else
        r->a.person_id = person;
    const char *kind = import_get(run, "kind", v, sizeof(v));
    r->a.kind = allocation_kind_parse(kind);
    if (r->a.kind == ALLOCATION_KIND_NONE)
        import_error(run, r->row, "kind",
                     "'%.40s' is not a kind: use social_worker, personal_adviser, key_worker, "
                     "reviewing_team or assessment_team",
                     kind);
    import_get(run, "worker", v, sizeof(v));
    if (v[0]) {
        struct worker *w = xmalloc(sizeof(*w));
        enum err rc = store_worker_by_staff_number(tx, v, w);
        if (rc == E_NOTFOUND)
            import_error(run, r->row, "worker",
                         "there is no worker with staff number '%.40s' (import workers first)", v);
        else if (rc)
            import_error(run, r->row, "worker", "could not look the worker up (%s)", err_name(rc));
        else
            r->a.worker_id = w->id;
        free(w);
    }
    import_get(run, "team", v, sizeof(v));
    if (v[0]) {
        struct team *t = xmalloc(sizeof(*t));
        enum err rc = store_team_by_name(tx, v, t);
        if (rc == E_NOTFOUND)
            import_error(run, r->row, "team", "there is no team called '%.100s'", v);
        else if (rc)
            import_error(run, r->row, "team", "could not look the team up (%s)", err_name(rc));
        else
            r->a.team_id = t->id;
        free(t);
    }
    if (directory_instant(import_get(run, "starts_at", v, sizeof(v)), "starts_at", &r->a.starts_at,
                          &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_get(run, "ends_at", v, sizeof(v))[0] &&
        directory_instant(v, "ends_at", &r->a.ends_at, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (import_get(run, "ended_at", v, sizeof(v))[0] &&
        directory_instant(v, "ended_at", &r->ended_at, &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (directory_text(r->end_reason, sizeof(r->end_reason),
                       import_get(run, "end_reason", v, sizeof(v)), ALLOCATION_REASON_MAX, false,
                       true, "end_reason", "why the allocation ended", &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (r->ended_at && !r->end_reason[0])
        import_error(run, r->row, "end_reason", "an allocation that has ended needs the reason");
    if (!r->ended_at && r->end_reason[0])
        import_error(run, r->row, "ended_at", "an end reason needs the date the allocation ended");
    if (directory_text(r->a.note, sizeof(r->a.note), import_get(run, "note", v, sizeof(v)),
                       ALLOCATION_NOTE_MAX, false, true, "note", "the note", &info) != E_OK)
        import_error_info(run, r->row, &info);
    if (run->n_errors != before)
        return;
    if (allocation_validate(&r->a, run->now_ms, &info) != E_OK) {
        /* the API's field names are the file's column names less the _id */
        if (strcmp(info.field, "worker_id") == 0)
            snprintf(info.field, sizeof(info.field), "worker");
        else if (strcmp(info.field, "team_id") == 0)
            snprintf(info.field, sizeof(info.field), "team");
        import_error_info(run, r->row, &info);
    } else if (r->ended_at &&
               allocation_end_validate(&r->a, r->ended_at, r->end_reason, &info) != E_OK) {
        import_error_info(run, r->row, &info);
    }
}

static enum err import_allocations(struct store_tx *tx, struct import_run *run)
{
    /* The persons table does not exist yet (issue 3's persons work adds it): person_id is
     * checked to be a whole number only. */
    struct rows rows = {NULL, sizeof(struct allocation_row), 0, 0};
    while (next_row(run)) {
        struct allocation_row *r = rows_add(&rows);
        r->row = run->reader.row;
        read_allocation(tx, run, r);
    }
    enum err rc = run->n_errors ? E_INVALID : E_OK;
    for (size_t i = 0; !rc && i < rows.n; i++) {
        struct allocation_row *r = rows_at(&rows, i);
        struct err_info info = {{0}, {0}};
        rc = store_allocation_insert(tx, &r->a, &info);
        if (!rc && r->ended_at)
            rc = store_allocation_end(tx, r->a.id, r->ended_at, r->end_reason, NULL, &info);
        if (rc == E_INVALID || rc == E_CONFLICT) {
            if (strcmp(info.field, "worker_id") == 0)
                snprintf(info.field, sizeof(info.field), "worker");
            else if (strcmp(info.field, "team_id") == 0)
                snprintf(info.field, sizeof(info.field), "team");
            import_error_info(run, r->row, &info);
            rc = E_OK;
        } else if (!rc) {
            run->n_created++;
        }
    }
    free(rows.data);
    if (!rc && run->n_errors)
        rc = E_INVALID;
    return rc;
}

const struct import_kind import_kind_allocations = {
    .name = "allocations",
    .summary = "allocations of persons to workers and teams (always new records)",
    .columns = allocation_columns,
    .required = allocation_required,
    .help = "               person_id*, kind* (social_worker, personal_adviser, key_worker,\n"
            "               reviewing_team, assessment_team), worker (staff number), team "
            "(name),\n"
            "               starts_at* (2026-11-23 or 2026-11-23T09:00:00Z), ends_at (planned "
            "end),\n"
            "               ended_at and end_reason (for an allocation already ended), note\n",
    .run = import_allocations,
};
