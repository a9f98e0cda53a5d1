/*
 * store_team: team queries. A team's type is the `kind` column the platform created; its
 * opening hours are one column per weekday (hours_mon ... hours_sun).
 */
#include "store/store_team.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"

#define TEAM_COLS                                                                                  \
    "SELECT id, name, kind, locality, duty_line, email, website, description, hours_mon,"          \
    " hours_tue, hours_wed, hours_thu, hours_fri, hours_sat, hours_sun, closed_bank_holidays,"     \
    " created_at, updated_at FROM teams "

static void row_to_team(sqlite3_stmt *st, struct team *t)
{
    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(st, 0);
    snprintf(t->name, sizeof(t->name), "%s", db_col_text(st, 1));
    t->type = team_type_parse(db_col_text(st, 2));
    snprintf(t->locality, sizeof(t->locality), "%s", db_col_text(st, 3));
    snprintf(t->duty_line, sizeof(t->duty_line), "%s", db_col_text(st, 4));
    snprintf(t->email, sizeof(t->email), "%s", db_col_text(st, 5));
    snprintf(t->website, sizeof(t->website), "%s", db_col_text(st, 6));
    snprintf(t->description, sizeof(t->description), "%s", db_col_text(st, 7));
    for (int d = 0; d < 7; d++)
        snprintf(t->hours.day[d], sizeof(t->hours.day[d]), "%s", db_col_text(st, 8 + d));
    t->closed_bank_holidays = sqlite3_column_int(st, 15) != 0;
    t->created_at = sqlite3_column_int64(st, 16);
    t->updated_at = sqlite3_column_int64(st, 17);
}

/* Binds the details of t to parameters first..first+14 (name to closed_bank_holidays). */
static void bind_details(sqlite3_stmt *st, int first, const struct team *t)
{
    db_bind_text(st, first, t->name);
    db_bind_text(st, first + 1, team_type_name(t->type));
    db_bind_text(st, first + 2, t->locality);
    db_bind_text(st, first + 3, t->duty_line);
    db_bind_text(st, first + 4, t->email);
    db_bind_text(st, first + 5, t->website);
    db_bind_text(st, first + 6, t->description);
    for (int d = 0; d < 7; d++)
        db_bind_text(st, first + 7 + d, t->hours.day[d]);
    sqlite3_bind_int(st, first + 14, t->closed_bank_holidays ? 1 : 0);
}

enum err store_team_insert(struct store_tx *tx, struct team *t)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO teams (name, kind, locality, duty_line, email,"
                                   " website, description, hours_mon, hours_tue, hours_wed,"
                                   " hours_thu, hours_fri, hours_sat, hours_sun,"
                                   " closed_bank_holidays, created_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    bind_details(st, 1, t);
    sqlite3_bind_int64(st, 16, tx->now);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    t->id = sqlite3_last_insert_rowid(tx->conn->db);
    t->created_at = tx->now;
    t->updated_at = 0;
    return store_audit_append(tx, "team.create", "team", t->id, NULL);
}

enum err store_team_update(struct store_tx *tx, struct team *t, const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE teams SET name = ?, kind = ?, locality = ?,"
                                   " duty_line = ?, email = ?, website = ?, description = ?,"
                                   " hours_mon = ?, hours_tue = ?, hours_wed = ?, hours_thu = ?,"
                                   " hours_fri = ?, hours_sat = ?, hours_sun = ?,"
                                   " closed_bank_holidays = ?, updated_at = ? WHERE id = ?"
                                   " RETURNING created_at");
    if (!st)
        return E_DB;
    bind_details(st, 1, t);
    sqlite3_bind_int64(st, 16, tx->now);
    sqlite3_bind_int64(st, 17, t->id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    t->created_at = sqlite3_column_int64(st, 0);
    t->updated_at = tx->now;
    sqlite3_reset(st);
    return store_audit_append(tx, "team.update", "team", t->id, reason);
}

static enum err one_team(sqlite3_stmt *st, struct team *out)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_to_team(st, out);
        sqlite3_reset(st);
        return E_OK;
    }
    return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
}

enum err store_team_get(struct store_tx *tx, int64_t id, struct team *out)
{
    sqlite3_stmt *st = db_stmt(tx, TEAM_COLS "WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return one_team(st, out);
}

enum err store_team_by_name(struct store_tx *tx, const char *name, struct team *out)
{
    sqlite3_stmt *st = db_stmt(tx, TEAM_COLS "WHERE name = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, name);
    return one_team(st, out);
}

/* "%text%" for LIKE with '\' escaping the wildcards in text. Caller frees. */
static char *like_pattern(const char *text)
{
    struct buf b = BUF_INIT;
    buf_addc(&b, '%');
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            buf_addc(&b, '\\');
        buf_addc(&b, *c);
    }
    buf_addc(&b, '%');
    return buf_detach(&b, NULL);
}

enum err store_team_list(struct store_tx *tx, const struct store_team_filter *f,
                         void (*fn)(const struct team *t, void *arg), void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, TEAM_COLS "WHERE (?1 = '' OR kind = ?1)"
                                             " AND (?2 = '' OR lower(locality) = lower(?2))"
                                             " AND (?3 = '' OR lower(name) LIKE lower(?4)"
                                             " ESCAPE '\\') ORDER BY name, id");
    if (!st)
        return E_DB;
    const char *locality = f && f->locality ? f->locality : "";
    const char *q = f && f->q ? f->q : "";
    char *pattern = like_pattern(q);
    db_bind_text(st, 1, f ? team_type_name(f->type) : "");
    db_bind_text(st, 2, locality);
    db_bind_text(st, 3, q);
    db_bind_text(st, 4, pattern);
    int rc;
    struct team *t = xmalloc(sizeof(*t));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_to_team(st, t);
        fn(t, arg);
    }
    free(t);
    sqlite3_reset(st);
    free(pattern);
    return db_err(rc);
}

enum err store_team_closed_add(struct store_tx *tx, struct team_closed_day *c)
{
    struct team t;
    enum err rc = store_team_get(tx, c->team_id, &t);
    if (rc)
        return rc;
    char day[DIRECTORY_DATE_SIZE];
    directory_date_format(c->day, day);
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO team_closed_days (team_id, day, reason,"
                                   " created_at, created_by) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, c->team_id);
    db_bind_text(st, 2, day);
    db_bind_text(st, 3, c->reason);
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    c->id = sqlite3_last_insert_rowid(tx->conn->db);
    char reason[64];
    snprintf(reason, sizeof(reason), "closed on %s", day);
    return store_audit_append(tx, "team.close_day", "team", c->team_id, reason);
}

enum err store_team_closed_list(struct store_tx *tx, int64_t team_id, struct ukclock_date from,
                                void (*fn)(const struct team_closed_day *c, void *arg), void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, team_id, day, reason FROM team_closed_days"
                                   " WHERE team_id = ? AND day >= ? ORDER BY day");
    if (!st)
        return E_DB;
    char day[DIRECTORY_DATE_SIZE];
    directory_date_format(from, day);
    sqlite3_bind_int64(st, 1, team_id);
    db_bind_text(st, 2, day);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct team_closed_day c;
        memset(&c, 0, sizeof(c));
        c.id = sqlite3_column_int64(st, 0);
        c.team_id = sqlite3_column_int64(st, 1);
        if (ukclock_parse_date(db_col_text(st, 2), &c.day) != E_OK)
            continue; /* the insert only writes valid dates */
        snprintf(c.reason, sizeof(c.reason), "%s", db_col_text(st, 3));
        fn(&c, arg);
    }
    sqlite3_reset(st);
    return db_err(rc);
}

struct closed_dates {
    struct ukclock_date *dates;
    size_t n, cap;
};

static void add_closed(const struct team_closed_day *c, void *arg)
{
    struct closed_dates *cd = arg;
    if (cd->n == cd->cap) {
        cd->cap = cd->cap ? cd->cap * 2 : 16;
        cd->dates = xrealloc(cd->dates, cd->cap * sizeof(*cd->dates));
    }
    cd->dates[cd->n++] = c->day;
}

enum err store_team_calendar(struct store_tx *tx, int64_t team_id, struct team_calendar *out)
{
    memset(out, 0, sizeof(*out));
    calendar_init(&out->cal);
    struct team *t = xmalloc(sizeof(*t));
    struct closed_dates cd = {NULL, 0, 0};
    enum err rc = store_team_get(tx, team_id, t);
    if (!rc)
        rc = store_team_closed_list(tx, team_id, (struct ukclock_date){0, 0, 0}, add_closed, &cd);
    if (!rc)
        rc = team_calendar_build(t, cd.dates, cd.n, out);
    free(cd.dates);
    free(t);
    return rc;
}
