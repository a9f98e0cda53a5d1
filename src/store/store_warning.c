/*
 * store_warning: warning rows, reviews read after their warning, and the manager's name from
 * the users table.
 */
#include "store/store_warning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/store_audit.h"

#define WARNING_COLS                                                                               \
    "SELECT w.id, w.person_id, w.type, w.detail, w.starts_on, w.review_on, w.told, w.told_how,"    \
    " w.not_told_reason, w.agreed_by, COALESCE(u.name, ''), w.created_at, w.created_by"            \
    " FROM person_warnings w LEFT JOIN users u ON u.id = w.agreed_by "

static void date_from_text(const char *text, struct pdate *out)
{
    struct err_info ignored;
    if (person_valid_date_parse(text, NULL, out, &ignored) != E_OK)
        memset(out, 0, sizeof(*out));
}

static void row_to_warning(sqlite3_stmt *st, struct warning *w)
{
    memset(w, 0, sizeof(*w));
    w->id = sqlite3_column_int64(st, 0);
    w->person_id = sqlite3_column_int64(st, 1);
    w->type = warning_type_parse(db_col_text(st, 2));
    snprintf(w->detail, sizeof(w->detail), "%s", db_col_text(st, 3));
    date_from_text(db_col_text(st, 4), &w->starts_on);
    date_from_text(db_col_text(st, 5), &w->review_on);
    w->told = sqlite3_column_int(st, 6) != 0;
    snprintf(w->told_how, sizeof(w->told_how), "%s", db_col_text(st, 7));
    snprintf(w->not_told_reason, sizeof(w->not_told_reason), "%s", db_col_text(st, 8));
    w->agreed_by = sqlite3_column_int64(st, 9);
    snprintf(w->agreed_by_name, sizeof(w->agreed_by_name), "%s", db_col_text(st, 10));
    w->created_at = sqlite3_column_int64(st, 11);
    w->created_by = sqlite3_column_int64(st, 12);
}

/* Reads the newest WARNING_REVIEWS_MAX reviews of w, oldest first. */
static enum err load_reviews(struct store_tx *tx, struct warning *w)
{
    sqlite3_stmt *st = db_stmt(
        tx, "SELECT * FROM (SELECT r.id, r.warning_id, r.reviewed_on, r.outcome,"
            " r.next_review_on, r.note, r.agreed_by, COALESCE(u.name, ''), r.created_at,"
            " r.created_by FROM person_warning_reviews r LEFT JOIN users u ON u.id = r.agreed_by"
            " WHERE r.warning_id = ? ORDER BY r.id DESC LIMIT ?) AS newest ORDER BY id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, w->id);
    sqlite3_bind_int(st, 2, WARNING_REVIEWS_MAX);
    int rc;
    w->n_reviews = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && w->n_reviews < WARNING_REVIEWS_MAX) {
        struct warning_review *r = &w->reviews[w->n_reviews++];
        memset(r, 0, sizeof(*r));
        r->id = sqlite3_column_int64(st, 0);
        r->warning_id = sqlite3_column_int64(st, 1);
        date_from_text(db_col_text(st, 2), &r->reviewed_on);
        r->outcome = warning_outcome_parse(db_col_text(st, 3));
        date_from_text(db_col_text(st, 4), &r->next_review_on);
        snprintf(r->note, sizeof(r->note), "%s", db_col_text(st, 5));
        r->agreed_by = sqlite3_column_int64(st, 6);
        snprintf(r->agreed_by_name, sizeof(r->agreed_by_name), "%s", db_col_text(st, 7));
        r->created_at = sqlite3_column_int64(st, 8);
        r->created_by = sqlite3_column_int64(st, 9);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_warning_get(struct store_tx *tx, int64_t id, struct warning *out)
{
    sqlite3_stmt *st = db_stmt(tx, WARNING_COLS "WHERE w.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_to_warning(st, out);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    return load_reviews(tx, out);
}

/* E_INVALID naming field unless user_id is an active manager or duty manager. */
static enum err check_manager(struct store_tx *tx, int64_t user_id, const char *field,
                              struct err_info *info)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT role, active FROM users WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    enum role role = rc == SQLITE_ROW ? role_parse(db_col_text(st, 0)) : ROLE_NONE;
    int active = rc == SQLITE_ROW && sqlite3_column_int(st, 1);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_err(rc);
    if (rc == SQLITE_DONE)
        return err_set(info, E_INVALID, field, "there is no user %lld", (long long)user_id);
    if (!active || (role != ROLE_MANAGER && role != ROLE_DUTY_MANAGER))
        return err_set(info, E_INVALID, field,
                       "the warning must be agreed by an active team manager or duty manager");
    return E_OK;
}

static void format_date(const struct pdate *d, char out[PERSON_DATE_SIZE])
{
    person_valid_date_format(d, out);
}

enum err store_warning_insert(struct store_tx *tx, struct warning *w, struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM persons WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, w->person_id);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return E_NOTFOUND;
    if (s != SQLITE_ROW)
        return db_err(s);
    enum err rc = check_manager(tx, w->agreed_by, "agreed_by", info);
    if (rc)
        return rc;
    char starts[PERSON_DATE_SIZE], review[PERSON_DATE_SIZE];
    format_date(&w->starts_on, starts);
    format_date(&w->review_on, review);
    st = db_stmt(tx, "INSERT INTO person_warnings (person_id, type, detail, starts_on, review_on,"
                     " told, told_how, not_told_reason, agreed_by, created_at, created_by)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, w->person_id);
    db_bind_text(st, 2, warning_type_name(w->type));
    db_bind_text(st, 3, w->detail);
    db_bind_text(st, 4, starts);
    db_bind_text(st, 5, review);
    sqlite3_bind_int(st, 6, w->told);
    db_bind_text(st, 7, w->told_how);
    db_bind_text(st, 8, w->not_told_reason);
    sqlite3_bind_int64(st, 9, w->agreed_by);
    sqlite3_bind_int64(st, 10, tx->now);
    sqlite3_bind_int64(st, 11, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    w->id = sqlite3_last_insert_rowid(tx->conn->db);
    char why[160];
    snprintf(why, sizeof(why), "warning %lld (%s), review by %s", (long long)w->id,
             warning_type_name(w->type), review);
    rc = store_audit_append(tx, "warning.create", "person", w->person_id, why);
    if (!rc)
        rc = store_warning_get(tx, w->id, w); /* the manager's name */
    return rc;
}

enum err store_warning_review(struct store_tx *tx, struct warning_review *r,
                              const struct pdate *today, struct warning *w_out,
                              struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    struct warning *w = xmalloc(sizeof(*w));
    enum err rc = store_warning_get(tx, r->warning_id, w);
    if (!rc)
        rc = warning_review_validate(w, r, today, info);
    if (!rc)
        rc = check_manager(tx, r->agreed_by, "agreed_by", info);
    if (rc)
        goto out;
    char on[PERSON_DATE_SIZE], next[PERSON_DATE_SIZE];
    format_date(&r->reviewed_on, on);
    format_date(&r->next_review_on, next);
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO person_warning_reviews (warning_id, reviewed_on,"
                                   " outcome, next_review_on, note, agreed_by, created_at,"
                                   " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        rc = E_DB;
        goto out;
    }
    sqlite3_bind_int64(st, 1, r->warning_id);
    db_bind_text(st, 2, on);
    db_bind_text(st, 3, warning_outcome_name(r->outcome));
    db_bind_text(st, 4, next);
    db_bind_text(st, 5, r->note);
    sqlite3_bind_int64(st, 6, r->agreed_by);
    sqlite3_bind_int64(st, 7, tx->now);
    sqlite3_bind_int64(st, 8, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        goto out;
    r->id = sqlite3_last_insert_rowid(tx->conn->db);
    char why[160];
    snprintf(why, sizeof(why), "warning %lld reviewed on %s: %s%s%s", (long long)w->id, on,
             warning_outcome_name(r->outcome), next[0] ? " to " : "", next);
    rc = store_audit_append(tx, "warning.review", "person", w->person_id, why);
    if (!rc && w_out)
        rc = store_warning_get(tx, w->id, w_out);
out:
    free(w);
    return rc;
}

enum err store_warning_for_person(struct store_tx *tx, int64_t person_id, struct warning **out,
                                  size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st =
        db_stmt(tx, "WITH RECURSIVE m(id) AS (SELECT id FROM persons WHERE id = ?1"
                    " UNION SELECT pm.person_id FROM person_merges pm"
                    " JOIN m ON pm.into_id = m.id)"
                    " SELECT w.id FROM person_warnings w JOIN m ON w.person_id = m.id"
                    " ORDER BY EXISTS (SELECT 1 FROM person_warning_reviews r"
                    " WHERE r.warning_id = w.id AND r.outcome = 'end'),"
                    " w.starts_on DESC, w.id DESC");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, person_id);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            ids = xrealloc(ids, cap * sizeof(*ids));
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    enum err e = db_err(rc);
    if (!e && n) {
        *out = xcalloc(n, sizeof(**out));
        for (size_t i = 0; !e && i < n; i++)
            e = store_warning_get(tx, ids[i], &(*out)[i]);
        if (e) {
            free(*out);
            *out = NULL;
        } else {
            *n_out = n;
        }
    }
    free(ids);
    return e;
}
