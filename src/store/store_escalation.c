/*
 * store_escalation: looking up the people behind the capacities of an escalation chain. Each
 * lookup is a primary-key or unique-index read; walking up the line management stops after a
 * bounded number of managers, so a loop in the directory cannot hang the scheduler.
 */
#include "store/store_escalation.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"

enum { MAX_MANAGEMENT_DEPTH = 16 };

/* The Europe/London date of now as "YYYY-MM-DD": workers with an earlier last working day
 * (active_to) are no longer told. */
static void today(int64_t now, char out[static UKCLOCK_ISO_SIZE])
{
    int64_t days;
    int32_t sec;
    ukclock_local_day(now / 1000, &days, &sec);
    ukclock_format_date(ukclock_date_from_days(days), out);
}

#define WORKER_COLS                                                                                \
    "SELECT w.id, COALESCE(w.user_id, 0), w.name, w.email, w.line_manager_id, w.role"

struct worker_row {
    struct escalation_person person;
    int64_t line_manager_id;
    char role[32];
};

/* Reads one worker (if active on date) into out; out->person.found false when none. */
static enum err read_worker(sqlite3_stmt *st, struct worker_row *out)
{
    memset(out, 0, sizeof(*out));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->person.found = true;
        out->person.worker_id = sqlite3_column_int64(st, 0);
        out->person.user_id = sqlite3_column_int64(st, 1);
        snprintf(out->person.name, sizeof(out->person.name), "%s", db_col_text(st, 2));
        snprintf(out->person.email, sizeof(out->person.email), "%s", db_col_text(st, 3));
        out->line_manager_id = sqlite3_column_int64(st, 4);
        snprintf(out->role, sizeof(out->role), "%s", db_col_text(st, 5));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err worker_by_id(struct store_tx *tx, int64_t id, const char *date,
                             struct worker_row *out)
{
    sqlite3_stmt *st = db_stmt(tx, WORKER_COLS " FROM workers w WHERE w.id = ?"
                                               " AND (w.active_to = '' OR w.active_to >= ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, date);
    return read_worker(st, out);
}

static enum err worker_by_user(struct store_tx *tx, int64_t user_id, const char *date,
                               struct worker_row *out)
{
    sqlite3_stmt *st = db_stmt(tx, WORKER_COLS " FROM workers w WHERE w.user_id = ?"
                                               " AND (w.active_to = '' OR w.active_to >= ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, date);
    return read_worker(st, out);
}

/* A sign-in with no worker in the directory: told in the app only. */
static enum err user_only(struct store_tx *tx, int64_t user_id, struct escalation_person *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(tx, "SELECT name FROM users WHERE id = ? AND active = 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->found = true;
        out->user_id = user_id;
        snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 0));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_escalation_setup_get(struct store_tx *tx, struct store_escalation_setup *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(tx, "SELECT r.weekday, w.id, COALESCE(w.user_id, 0), w.name,"
                                   " w.email FROM duty_manager_rota r"
                                   " JOIN workers w ON w.id = r.worker_id ORDER BY r.weekday");
    if (!st)
        return E_DB;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int wd = sqlite3_column_int(st, 0);
        if (wd < 0 || wd > 6)
            continue;
        struct escalation_person *p = &out->duty_rota[wd];
        p->found = true;
        p->worker_id = sqlite3_column_int64(st, 1);
        p->user_id = sqlite3_column_int64(st, 2);
        snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 3));
        snprintf(p->email, sizeof(p->email), "%s", db_col_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    st = db_stmt(tx, "SELECT e.capacity, w.id, COALESCE(w.user_id, 0), w.name, w.email"
                     " FROM escalation_contacts e JOIN workers w ON w.id = e.worker_id");
    if (!st)
        return E_DB;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *cap = db_col_text(st, 0);
        struct escalation_person *p = strcmp(cap, "head_of_service") == 0
                                          ? &out->head_of_service
                                          : &out->senior_district_officer;
        p->found = true;
        p->worker_id = sqlite3_column_int64(st, 1);
        p->user_id = sqlite3_column_int64(st, 2);
        snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 3));
        snprintf(p->email, sizeof(p->email), "%s", db_col_text(st, 4));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err worker_exists(struct store_tx *tx, int64_t worker_id)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM workers WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, worker_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return E_OK;
    return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
}

enum err store_escalation_rota_set(struct store_tx *tx, enum ukclock_weekday wd, int64_t worker_id,
                                   int64_t now)
{
    if ((unsigned)wd > UKCLOCK_SUNDAY)
        return E_INVALID;
    sqlite3_stmt *st;
    enum err rc;
    if (worker_id > 0) {
        rc = worker_exists(tx, worker_id);
        if (rc)
            return rc;
        st = db_stmt(tx, "INSERT INTO duty_manager_rota (weekday, worker_id, changed_at,"
                         " changed_by) VALUES (?, ?, ?, ?) ON CONFLICT (weekday) DO UPDATE SET"
                         " worker_id = excluded.worker_id, changed_at = excluded.changed_at,"
                         " changed_by = excluded.changed_by");
        if (!st)
            return E_DB;
        sqlite3_bind_int(st, 1, (int)wd);
        sqlite3_bind_int64(st, 2, worker_id);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, tx->user_id);
    } else {
        st = db_stmt(tx, "DELETE FROM duty_manager_rota WHERE weekday = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int(st, 1, (int)wd);
    }
    rc = db_step_done(st);
    if (rc)
        return rc;
    char reason[64];
    snprintf(reason, sizeof(reason), "%s: worker %lld", ukclock_weekday_name(wd),
             (long long)worker_id);
    return store_audit_append(tx, "duty_rota.set", "duty_rota", (int64_t)wd, reason);
}

enum err store_escalation_contact_set(struct store_tx *tx, enum escalation_tell capacity,
                                      int64_t worker_id, int64_t now)
{
    if (capacity != ESCALATION_HEAD_OF_SERVICE && capacity != ESCALATION_SENIOR_DISTRICT_OFFICER)
        return E_INVALID;
    const char *name = escalation_tell_name(capacity);
    sqlite3_stmt *st;
    enum err rc;
    if (worker_id > 0) {
        rc = worker_exists(tx, worker_id);
        if (rc)
            return rc;
        st = db_stmt(tx, "INSERT INTO escalation_contacts (capacity, worker_id, changed_at,"
                         " changed_by) VALUES (?, ?, ?, ?) ON CONFLICT (capacity) DO UPDATE SET"
                         " worker_id = excluded.worker_id, changed_at = excluded.changed_at,"
                         " changed_by = excluded.changed_by");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, name);
        sqlite3_bind_int64(st, 2, worker_id);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, tx->user_id);
    } else {
        st = db_stmt(tx, "DELETE FROM escalation_contacts WHERE capacity = ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, name);
    }
    rc = db_step_done(st);
    if (rc)
        return rc;
    char reason[64];
    snprintf(reason, sizeof(reason), "%s: worker %lld", name, (long long)worker_id);
    return store_audit_append(tx, "escalation_contact.set", "escalation_contact", worker_id,
                              reason);
}

/* The first head of service above the owner in the line management, else the directory's
 * first head of service. */
static enum err find_head_of_service(struct store_tx *tx, const struct worker_row *owner,
                                     const char *date, struct escalation_person *out)
{
    memset(out, 0, sizeof(*out));
    int64_t next = owner->person.found ? owner->line_manager_id : 0;
    for (int depth = 0; next > 0 && depth < MAX_MANAGEMENT_DEPTH; depth++) {
        struct worker_row m;
        enum err rc = worker_by_id(tx, next, date, &m);
        if (rc)
            return rc;
        if (!m.person.found)
            break;
        if (strcmp(m.role, "head_of_service") == 0) {
            *out = m.person;
            return E_OK;
        }
        next = m.line_manager_id;
    }
    sqlite3_stmt *st = db_stmt(tx, WORKER_COLS " FROM workers w WHERE w.role = 'head_of_service'"
                                               " AND (w.active_to = '' OR w.active_to >= ?)"
                                               " ORDER BY w.id LIMIT 1");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, date);
    struct worker_row h;
    enum err rc = read_worker(st, &h);
    if (!rc)
        *out = h.person;
    return rc;
}

enum err store_escalation_people(struct store_tx *tx, int64_t owner_user_id,
                                 int64_t owner_worker_id, int64_t now,
                                 struct escalation_people *out)
{
    memset(out, 0, sizeof(*out));
    char date[UKCLOCK_ISO_SIZE];
    today(now, date);
    struct worker_row owner;
    memset(&owner, 0, sizeof(owner));
    enum err rc = E_OK;
    if (owner_worker_id > 0)
        rc = worker_by_id(tx, owner_worker_id, date, &owner);
    else if (owner_user_id > 0)
        rc = worker_by_user(tx, owner_user_id, date, &owner);
    if (rc)
        return rc;
    if (owner.person.found)
        out->owner = owner.person;
    else if (owner_user_id > 0)
        rc = user_only(tx, owner_user_id, &out->owner);
    if (!rc && owner.person.found && owner.line_manager_id > 0) {
        struct worker_row lm;
        rc = worker_by_id(tx, owner.line_manager_id, date, &lm);
        if (!rc)
            out->line_manager = lm.person;
    }
    struct store_escalation_setup setup;
    if (!rc)
        rc = store_escalation_setup_get(tx, &setup);
    if (rc)
        return rc;
    memcpy(out->duty_rota, setup.duty_rota, sizeof(out->duty_rota));
    out->senior_district_officer = setup.senior_district_officer;
    if (setup.head_of_service.found)
        out->head_of_service = setup.head_of_service;
    else
        rc = find_head_of_service(tx, &owner, date, &out->head_of_service);
    return rc;
}
