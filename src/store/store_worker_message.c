/*
 * store_worker_message: promises, written items, messages and actions on behalf. The rows are
 * written after the outbox messages they refer to, so a row never needs changing afterwards.
 */
#include "store/store_worker_message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/task.h"
#include "domain/worker.h"
#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_clock.h"
#include "store/store_outbox.h"
#include "store/store_task.h"
#include "store/store_team.h"
#include "store/store_worker.h"

static void bind_opt_id(sqlite3_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, idx, id);
    else
        sqlite3_bind_null(st, idx);
}

static void bind_tri(sqlite3_stmt *st, int idx, enum tri t)
{
    if (t == TRI_UNKNOWN)
        sqlite3_bind_null(st, idx);
    else
        sqlite3_bind_int(st, idx, t == TRI_YES);
}

static enum tri col_tri(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return TRI_UNKNOWN;
    return sqlite3_column_int(st, col) ? TRI_YES : TRI_NO;
}

enum err store_worker_message_contact(struct store_tx *tx, int64_t contact_id, char reference[24],
                                      int64_t *received_at_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT c.reference, (SELECT v.received_at FROM"
                                   " contact_versions v WHERE v.contact_id = c.id"
                                   " ORDER BY v.version DESC LIMIT 1)"
                                   " FROM contacts c WHERE c.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(reference, 24, "%s", db_col_text(st, 0));
        if (received_at_out)
            *received_at_out = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

/* The worker's sign-in, email and name; E_INVALID naming field when there is no such worker. */
static enum err worker_contactable(struct store_tx *tx, int64_t worker_id, const char *field,
                                   struct worker *w, struct err_info *info)
{
    enum err rc = store_worker_get(tx, worker_id, w);
    if (rc == E_NOTFOUND)
        return err_set(info, E_INVALID, field, "there is no worker %lld", (long long)worker_id);
    return rc;
}

static enum err alert_about(struct store_tx *tx, const struct worker *w, const char *entity,
                            int64_t entity_id, const char *link, const char *in_subject,
                            const char *in_body, const char *em_subject, const char *em_body,
                            int64_t *in_app_out, int64_t *email_out);
static enum err reach_of(struct store_tx *tx, const struct worker *w, struct team *team_out,
                         struct worker_reach *out);

static enum err written_insert(struct store_tx *tx, struct written_item *w);
static enum err written_alert(struct store_tx *tx, const struct written_item *w, const char *ref,
                              const struct worker *wk);

/* --- call-back promises ---------------------------------------------------------------- */

enum err store_worker_message_promise(struct store_tx *tx, struct callback_promise *p,
                                      struct err_info *info)
{
    char ref[24];
    enum err rc = store_worker_message_contact(tx, p->contact_id, ref, NULL);
    if (rc)
        return rc;
    int64_t owner = tx->user_id > 0 ? tx->user_id : 0;
    if (p->worker_id > 0) {
        struct worker *w = xmalloc(sizeof(*w));
        rc = worker_contactable(tx, p->worker_id, "worker_id", w, info);
        if (!rc && w->user_id > 0)
            owner = w->user_id;
        free(w);
        if (rc)
            return rc;
    }
    if (owner <= 0)
        return err_set(info, E_INVALID, "worker_id",
                       "name the worker who will call back: the call-back needs an owner");
    char note[160];
    snprintf(note, sizeof(note), "Call back the caller on contact %s, as promised", ref);
    struct task t = {.kind = TASK_CALL_BACK,
                     .owner_user_id = owner,
                     .contact_id = p->contact_id,
                     .due_at = p->callback_by,
                     .note = note};
    rc = store_task_insert(tx, &t, info);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO callback_promises (contact_id, worker_id,"
                                   " callback_by, told, if_no_call, task_id, created_at,"
                                   " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, p->contact_id);
    bind_opt_id(st, 2, p->worker_id);
    sqlite3_bind_int64(st, 3, p->callback_by);
    db_bind_text(st, 4, p->told ? p->told : "");
    db_bind_text(st, 5, p->if_no_call);
    sqlite3_bind_int64(st, 6, t.id);
    sqlite3_bind_int64(st, 7, tx->now);
    sqlite3_bind_int64(st, 8, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    p->id = sqlite3_last_insert_rowid(tx->conn->db);
    p->task_id = t.id;
    p->created_at = tx->now;
    p->created_by = tx->user_id;
    return store_audit_append(tx, "contact.callback_promise", "contact", p->contact_id, NULL);
}

enum err store_worker_message_promises(struct store_tx *tx, int64_t contact_id, store_promise_fn fn,
                                       void *arg)
{
    sqlite3_stmt *st = db_stmt(
        tx, "SELECT p.id, p.contact_id, COALESCE(p.worker_id, 0), COALESCE(w.name, ''),"
            " p.callback_by, p.told, p.if_no_call, p.task_id, p.created_at, p.created_by,"
            " COALESCE(u.name, '') FROM callback_promises p"
            " LEFT JOIN workers w ON w.id = p.worker_id LEFT JOIN users u ON u.id = p.created_by"
            " WHERE p.contact_id = ? ORDER BY p.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct callback_promise p = {
            .id = sqlite3_column_int64(st, 0),
            .contact_id = sqlite3_column_int64(st, 1),
            .worker_id = sqlite3_column_int64(st, 2),
            .worker_name = db_col_text(st, 3),
            .callback_by = sqlite3_column_int64(st, 4),
            .told = db_col_text(st, 5),
            .if_no_call = db_col_text(st, 6),
            .task_id = sqlite3_column_int64(st, 7),
            .created_at = sqlite3_column_int64(st, 8),
            .created_by = sqlite3_column_int64(st, 9),
            .created_by_name = db_col_text(st, 10),
        };
        fn(&p, arg);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    return store_audit_append(tx, "contact.read_callbacks", "contact", contact_id, NULL);
}

/* --- written items ------------------------------------------------------------------------ */

enum err store_worker_message_written(struct store_tx *tx, struct written_item *w,
                                      struct err_info *info)
{
    char ref[24];
    enum err rc = store_worker_message_contact(tx, w->contact_id, ref, NULL);
    if (rc)
        return rc;
    struct worker *wk = NULL;
    if (w->worker_id > 0) {
        wk = xmalloc(sizeof(*wk));
        rc = worker_contactable(tx, w->worker_id, "worker_id", wk, info);
        if (rc) {
            free(wk);
            return rc;
        }
    }
    rc = written_insert(tx, w);
    if (!rc && wk)
        rc = written_alert(tx, w, ref, wk);
    free(wk);
    if (rc)
        return rc;
    return store_audit_append(tx, "contact.written_item", "contact", w->contact_id, NULL);
}

/* Inserts written item w; sets its id, created_at and created_by. */
static enum err written_insert(struct store_tx *tx, struct written_item *w)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO written_items (contact_id, worker_id,"
                                   " description, stored_at, wants_original, acknowledged_by,"
                                   " can_act_in_time, person_told, created_at, created_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, w->contact_id);
    bind_opt_id(st, 2, w->worker_id);
    db_bind_text(st, 3, w->description);
    db_bind_text(st, 4, w->stored_at);
    bind_tri(st, 5, w->wants_original);
    db_bind_text(st, 6, written_ack_name(w->acknowledged_by));
    bind_tri(st, 7, w->can_act_in_time);
    db_bind_text(st, 8, w->person_told ? w->person_told : "");
    sqlite3_bind_int64(st, 9, tx->now);
    sqlite3_bind_int64(st, 10, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    w->id = sqlite3_last_insert_rowid(tx->conn->db);
    w->created_at = tx->now;
    w->created_by = tx->user_id;
    return E_OK;
}

/* W3: the transfer is a message pointing to the record — the worker the item is for is told
 * in-app (with what it is) and by email (the reference only), linking to the item on the
 * contact. A worker with neither a sign-in nor an address cannot be told: the item stays
 * recorded and its told ids stay empty (the page says to telephone them). */
static enum err written_alert(struct store_tx *tx, const struct written_item *w, const char *ref,
                              const struct worker *wk)
{
    char link[80], in_subject[160], in_body[3 * CALLBACK_TEXT_MAX * 4 + 512], em_subject[160],
        em_body[768];
    snprintf(link, sizeof(link), "/contacts/%lld#written-item-%lld", (long long)w->contact_id,
             (long long)w->id);
    written_item_in_app(w, ref, in_subject, sizeof(in_subject), in_body, sizeof(in_body));
    enum err rc = E_OK;
    if (wk->user_id > 0) {
        written_item_email(ref, true, NULL, em_subject, sizeof(em_subject), em_body,
                           sizeof(em_body));
    } else {
        struct team *team = xmalloc(sizeof(*team));
        struct worker_reach r;
        rc = reach_of(tx, wk, team, &r);
        if (!rc)
            written_item_email(ref, false, &r, em_subject, sizeof(em_subject), em_body,
                               sizeof(em_body));
        free(team);
    }
    int64_t in_app = 0, email = 0;
    if (!rc)
        rc = alert_about(tx, wk, "written_item", w->id, link, in_subject, in_body, em_subject,
                         em_body, &in_app, &email);
    return rc;
}

enum err store_worker_message_written_told(struct store_tx *tx, int64_t item_id,
                                           struct written_told *out)
{
    *out = (struct written_told){0};
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, channel FROM outbox WHERE entity = 'written_item'"
                                   " AND entity_id = ? ORDER BY id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, item_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (strcmp(db_col_text(st, 1), "in_app") == 0 && !out->in_app_outbox_id)
            out->in_app_outbox_id = id;
        else if (strcmp(db_col_text(st, 1), "email") == 0 && !out->email_outbox_id)
            out->email_outbox_id = id;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_worker_message_written_list(struct store_tx *tx, int64_t contact_id,
                                           store_written_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(
        tx, "SELECT i.id, i.contact_id, COALESCE(i.worker_id, 0), COALESCE(w.name, ''),"
            " i.description, i.stored_at, i.wants_original, i.acknowledged_by,"
            " i.can_act_in_time, i.person_told, i.created_at, i.created_by, COALESCE(u.name, '')"
            " FROM written_items i LEFT JOIN workers w ON w.id = i.worker_id"
            " LEFT JOIN users u ON u.id = i.created_by WHERE i.contact_id = ? ORDER BY i.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct written_item w = {
            .id = sqlite3_column_int64(st, 0),
            .contact_id = sqlite3_column_int64(st, 1),
            .worker_id = sqlite3_column_int64(st, 2),
            .worker_name = db_col_text(st, 3),
            .description = db_col_text(st, 4),
            .stored_at = db_col_text(st, 5),
            .wants_original = col_tri(st, 6),
            .acknowledged_by = written_ack_parse(db_col_text(st, 7)),
            .can_act_in_time = col_tri(st, 8),
            .person_told = db_col_text(st, 9),
            .created_at = sqlite3_column_int64(st, 10),
            .created_by = sqlite3_column_int64(st, 11),
            .created_by_name = db_col_text(st, 12),
        };
        fn(&w, arg);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    return store_audit_append(tx, "contact.read_written_items", "contact", contact_id, NULL);
}

/* --- messages to a practitioner ---------------------------------------------------------- */

/* Whether row id of the table the statement reads belongs to contact_id. */
static enum err belongs(sqlite3_stmt *st, int64_t id, int64_t contact_id, bool *out)
{
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == contact_id;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Queues the in-app message (when w has a sign-in) and the email (when w has an address),
 * about entity entity_id, linking to link. */
static enum err alert_about(struct store_tx *tx, const struct worker *w, const char *entity,
                            int64_t entity_id, const char *link, const char *in_subject,
                            const char *in_body, const char *em_subject, const char *em_body,
                            int64_t *in_app_out, int64_t *email_out)
{
    *in_app_out = *email_out = 0;
    enum err rc = E_OK;
    if (w->user_id > 0) {
        struct outbox_message m = {.channel = OUTBOX_IN_APP,
                                   .recipient_user_id = w->user_id,
                                   .recipient_worker_id = w->id,
                                   .recipient_name = w->name,
                                   .subject = in_subject,
                                   .body = in_body,
                                   .link = link,
                                   .entity = entity,
                                   .entity_id = entity_id};
        rc = store_outbox_add(tx, &m, tx->now);
        *in_app_out = m.id;
    }
    if (!rc && w->email[0]) {
        struct outbox_message m = {.channel = OUTBOX_EMAIL,
                                   .recipient_user_id = w->user_id,
                                   .recipient_worker_id = w->id,
                                   .recipient_name = w->name,
                                   .to_address = w->email,
                                   .subject = em_subject,
                                   .body = em_body,
                                   .link = link,
                                   .entity = entity,
                                   .entity_id = entity_id};
        rc = store_outbox_add(tx, &m, tx->now);
        *email_out = m.id;
    }
    return rc;
}

/* alert_about the contact itself, linking to its page. */
static enum err alert(struct store_tx *tx, const struct worker *w, int64_t contact_id,
                      const char *in_subject, const char *in_body, const char *em_subject,
                      const char *em_body, int64_t *in_app_out, int64_t *email_out)
{
    char link[48];
    snprintf(link, sizeof(link), "/contacts/%lld", (long long)contact_id);
    return alert_about(tx, w, "contact", contact_id, link, in_subject, in_body, em_subject, em_body,
                       in_app_out, email_out);
}

/* Whom worker w, without a sign-in, asks for the details: the first of their teams with a duty
 * line (team_out and its line copied there), else their line manager. */
static enum err reach_of(struct store_tx *tx, const struct worker *w, struct team *team_out,
                         struct worker_reach *out)
{
    *out = (struct worker_reach){
        .team_name = "", .duty_line = "", .line_manager_name = w->line_manager_name};
    for (size_t i = 0; i < w->n_teams; i++) {
        enum err rc = store_team_get(tx, w->teams[i].team_id, team_out);
        if (rc == E_NOTFOUND)
            continue;
        if (rc)
            return rc;
        if (team_out->duty_line[0]) {
            out->team_name = team_out->name;
            out->duty_line = team_out->duty_line;
            break;
        }
    }
    return E_OK;
}

/* The email to worker w about ref: the one for w's sign-in, or, without one, whom to ask. */
static enum err message_email(struct store_tx *tx, const struct worker *w, const char *ref,
                              char *subject, size_t subject_len, char *body, size_t body_len)
{
    if (w->user_id > 0) {
        worker_message_email(ref, subject, subject_len, body, body_len);
        return E_OK;
    }
    struct team *team = xmalloc(sizeof(*team));
    struct worker_reach r;
    enum err rc = reach_of(tx, w, team, &r);
    if (!rc)
        worker_message_email_no_sign_in(ref, &r, subject, subject_len, body, body_len);
    free(team);
    return rc;
}

enum err store_worker_message_send(struct store_tx *tx, struct worker_message *m,
                                   struct err_info *info)
{
    char ref[24];
    enum err rc = store_worker_message_contact(tx, m->contact_id, ref, NULL);
    if (rc)
        return rc;
    bool ok = true;
    int64_t callback_by = 0;
    if (m->callback_promise_id > 0) {
        rc = belongs(db_stmt(tx, "SELECT contact_id FROM callback_promises WHERE id = ?"),
                     m->callback_promise_id, m->contact_id, &ok);
        if (!rc && !ok)
            return err_set(info, E_INVALID, "callback_promise_id",
                           "call-back promise %lld is not on this contact",
                           (long long)m->callback_promise_id);
        sqlite3_stmt *st = db_stmt(tx, "SELECT callback_by FROM callback_promises WHERE id = ?");
        if (!rc && !st)
            rc = E_DB;
        if (!rc) {
            sqlite3_bind_int64(st, 1, m->callback_promise_id);
            if (sqlite3_step(st) == SQLITE_ROW)
                callback_by = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
        }
    }
    if (!rc && m->written_item_id > 0) {
        rc = belongs(db_stmt(tx, "SELECT contact_id FROM written_items WHERE id = ?"),
                     m->written_item_id, m->contact_id, &ok);
        if (!rc && !ok)
            return err_set(info, E_INVALID, "written_item_id",
                           "written item %lld is not on this contact",
                           (long long)m->written_item_id);
    }
    if (rc)
        return rc;
    struct worker *w = xmalloc(sizeof(*w));
    rc = worker_contactable(tx, m->worker_id, "worker_id", w, info);
    if (!rc && w->user_id <= 0 && !w->email[0])
        rc = err_set(info, E_CONFLICT, "worker_id",
                     "%s has no sign-in and no email address: telephone them instead", w->name);
    char in_subject[160], in_body[3 * WORKER_MESSAGE_TEXT_MAX * 4 + 256], em_subject[160],
        em_body[512];
    if (!rc) {
        worker_message_in_app(m, ref, callback_by, in_subject, sizeof(in_subject), in_body,
                              sizeof(in_body));
        rc = message_email(tx, w, ref, em_subject, sizeof(em_subject), em_body, sizeof(em_body));
    }
    if (!rc) {
        rc = alert(tx, w, m->contact_id, in_subject, in_body, em_subject, em_body,
                   &m->in_app_outbox_id, &m->email_outbox_id);
    }
    int64_t owner_user = w->user_id, owner_worker = w->id;
    free(w);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO worker_messages (contact_id, worker_id,"
                                   " what_happened, what_was_done, follow_up, callback_promise_id,"
                                   " written_item_id, in_app_outbox_id, email_outbox_id,"
                                   " created_at, created_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, m->contact_id);
    sqlite3_bind_int64(st, 2, m->worker_id);
    db_bind_text(st, 3, m->what_happened);
    db_bind_text(st, 4, m->what_was_done);
    db_bind_text(st, 5, m->follow_up);
    bind_opt_id(st, 6, m->callback_promise_id);
    bind_opt_id(st, 7, m->written_item_id);
    bind_opt_id(st, 8, m->in_app_outbox_id);
    bind_opt_id(st, 9, m->email_outbox_id);
    sqlite3_bind_int64(st, 10, tx->now);
    sqlite3_bind_int64(st, 11, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    m->id = sqlite3_last_insert_rowid(tx->conn->db);
    m->created_at = tx->now;
    m->created_by = tx->user_id;
    /* A2, H8: the practitioner returns the call within one working day */
    struct store_clock_subject subject = {.entity = "worker_message",
                                          .entity_id = m->id,
                                          .owner_user_id = owner_user,
                                          .owner_worker_id = owner_worker,
                                          .at = tx->now};
    struct store_clock_event_result started;
    rc = store_clock_event(tx, "message.left", &subject, &started);
    if (rc)
        return rc;
    m->clock_id = started.n_started > 0 ? started.started[0] : 0;
    return store_audit_append(tx, "contact.message", "contact", m->contact_id, NULL);
}

#define MESSAGE_COLS                                                                               \
    "SELECT m.id, m.contact_id, c.reference, m.worker_id, COALESCE(w.name, ''), m.what_happened,"  \
    " m.what_was_done, m.follow_up, COALESCE(m.callback_promise_id, 0),"                           \
    " COALESCE(m.written_item_id, 0), COALESCE(m.in_app_outbox_id, 0),"                            \
    " COALESCE(m.email_outbox_id, 0), COALESCE((SELECT k.id FROM clocks k"                         \
    " WHERE k.entity = 'worker_message' AND k.entity_id = m.id ORDER BY k.id LIMIT 1), 0),"        \
    " m.created_at, m.created_by, COALESCE(u.name, ''), COALESCE(r.returned_at, 0),"               \
    " COALESCE(r.returned_by, 0), COALESCE(ru.name, ''), COALESCE(r.note, '')"                     \
    " FROM worker_messages m JOIN contacts c ON c.id = m.contact_id"                               \
    " LEFT JOIN workers w ON w.id = m.worker_id LEFT JOIN users u ON u.id = m.created_by"          \
    " LEFT JOIN worker_message_returns r ON r.message_id = m.id"                                   \
    " LEFT JOIN users ru ON ru.id = r.returned_by "

static enum err each_message(sqlite3_stmt *st, store_message_fn fn, void *arg, int *n_out)
{
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct worker_message m = {
            .id = sqlite3_column_int64(st, 0),
            .contact_id = sqlite3_column_int64(st, 1),
            .worker_id = sqlite3_column_int64(st, 3),
            .worker_name = db_col_text(st, 4),
            .what_happened = db_col_text(st, 5),
            .what_was_done = db_col_text(st, 6),
            .follow_up = db_col_text(st, 7),
            .callback_promise_id = sqlite3_column_int64(st, 8),
            .written_item_id = sqlite3_column_int64(st, 9),
            .in_app_outbox_id = sqlite3_column_int64(st, 10),
            .email_outbox_id = sqlite3_column_int64(st, 11),
            .clock_id = sqlite3_column_int64(st, 12),
            .created_at = sqlite3_column_int64(st, 13),
            .created_by = sqlite3_column_int64(st, 14),
            .created_by_name = db_col_text(st, 15),
            .returned_at = sqlite3_column_int64(st, 16),
            .returned_by = sqlite3_column_int64(st, 17),
            .returned_by_name = db_col_text(st, 18),
            .return_note = db_col_text(st, 19),
        };
        snprintf(m.contact_reference, sizeof(m.contact_reference), "%s", db_col_text(st, 2));
        fn(&m, arg);
        n++;
    }
    sqlite3_reset(st);
    if (n_out)
        *n_out = n;
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_worker_message_get(struct store_tx *tx, int64_t id, store_message_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, MESSAGE_COLS "WHERE m.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int n = 0;
    enum err rc = each_message(st, fn, arg, &n);
    return !rc && n == 0 ? E_NOTFOUND : rc;
}

enum err store_worker_message_list(struct store_tx *tx, int64_t contact_id, store_message_fn fn,
                                   void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, MESSAGE_COLS "WHERE m.contact_id = ? ORDER BY m.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    enum err rc = each_message(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "contact.read_messages", "contact", contact_id, NULL);
    return rc;
}

enum err store_worker_message_waiting(struct store_tx *tx, int64_t worker_id, int limit,
                                      store_message_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, MESSAGE_COLS "WHERE m.worker_id = ? AND r.message_id IS NULL"
                                                " ORDER BY m.id LIMIT ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, worker_id);
    sqlite3_bind_int(st, 2, limit);
    enum err rc = each_message(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "contact.read_messages", "worker", worker_id, "waiting");
    return rc;
}

enum err store_worker_message_returned(struct store_tx *tx, int64_t id, const char *note,
                                       struct err_info *info)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT m.contact_id, m.worker_id, w.user_id,"
                                   " CASE WHEN r.message_id IS NULL THEN 0 ELSE 1 END"
                                   " FROM worker_messages m"
                                   " JOIN workers w ON w.id = m.worker_id"
                                   " LEFT JOIN worker_message_returns r ON r.message_id = m.id"
                                   " WHERE m.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    int64_t contact_id = 0, worker_id = 0, user_id = 0;
    bool done = false;
    if (s == SQLITE_ROW) {
        contact_id = sqlite3_column_int64(st, 0);
        worker_id = sqlite3_column_int64(st, 1);
        user_id = sqlite3_column_int64(st, 2);
        done = sqlite3_column_int(st, 3) != 0;
    }
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return E_NOTFOUND;
    if (s != SQLITE_ROW)
        return db_err(s);
    if (done)
        return err_set(info, E_CONFLICT, "", "the call was already recorded as returned");
    st = db_stmt(tx, "INSERT INTO worker_message_returns (message_id, note, returned_at,"
                     " returned_by) VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, note ? note : "");
    sqlite3_bind_int64(st, 3, tx->now);
    sqlite3_bind_int64(st, 4, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    struct store_clock_subject subject = {.entity = "worker_message",
                                          .entity_id = id,
                                          .owner_user_id = user_id,
                                          .owner_worker_id = worker_id,
                                          .at = tx->now};
    struct store_clock_event_result result;
    rc = store_clock_event(tx, "message.returned", &subject, &result);
    if (!rc)
        rc = store_audit_append(tx, "contact.message_returned", "contact", contact_id, NULL);
    return rc;
}

/* --- on behalf of the allocated team ---------------------------------------------------- */

enum err store_worker_message_on_behalf(struct store_tx *tx, struct on_behalf_action *a,
                                        struct err_info *info)
{
    char ref[24];
    enum err rc = store_worker_message_contact(tx, a->contact_id, ref, NULL);
    if (rc)
        return rc;
    struct worker *w = xmalloc(sizeof(*w));
    rc = worker_contactable(tx, a->worker_id, "worker_id", w, info);
    if (!rc && w->user_id <= 0 && !w->email[0])
        rc = err_set(info, E_CONFLICT, "worker_id",
                     "%s has no sign-in and no email address: telephone them instead", w->name);
    char in_subject[200], in_body[WORKER_MESSAGE_TEXT_MAX * 4 + 128], em_subject[200], em_body[768];
    if (!rc) {
        on_behalf_in_app(a, ref, in_subject, sizeof(in_subject), in_body, sizeof(in_body));
        if (w->user_id > 0) {
            on_behalf_email(a, ref, true, NULL, em_subject, sizeof(em_subject), em_body,
                            sizeof(em_body));
        } else {
            struct team *team = xmalloc(sizeof(*team));
            struct worker_reach r;
            rc = reach_of(tx, w, team, &r);
            if (!rc)
                on_behalf_email(a, ref, false, &r, em_subject, sizeof(em_subject), em_body,
                                sizeof(em_body));
            free(team);
        }
    }
    if (!rc) {
        rc = alert(tx, w, a->contact_id, in_subject, in_body, em_subject, em_body,
                   &a->in_app_outbox_id, &a->email_outbox_id);
    }
    free(w);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO on_behalf_actions (contact_id, kind, details,"
                                   " worker_id, in_app_outbox_id, email_outbox_id, created_at,"
                                   " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, a->contact_id);
    db_bind_text(st, 2, on_behalf_kind_name(a->kind));
    db_bind_text(st, 3, a->details);
    sqlite3_bind_int64(st, 4, a->worker_id);
    bind_opt_id(st, 5, a->in_app_outbox_id);
    bind_opt_id(st, 6, a->email_outbox_id);
    sqlite3_bind_int64(st, 7, tx->now);
    sqlite3_bind_int64(st, 8, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    a->id = sqlite3_last_insert_rowid(tx->conn->db);
    a->created_at = tx->now;
    a->created_by = tx->user_id;
    return store_audit_append(tx, "contact.on_behalf", "contact", a->contact_id,
                              on_behalf_kind_name(a->kind));
}

enum err store_worker_message_on_behalf_list(struct store_tx *tx, int64_t contact_id,
                                             store_on_behalf_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(
        tx, "SELECT a.id, a.contact_id, a.kind, a.details, a.worker_id, COALESCE(w.name, ''),"
            " COALESCE(a.in_app_outbox_id, 0), COALESCE(a.email_outbox_id, 0), a.created_at,"
            " a.created_by, COALESCE(u.name, '') FROM on_behalf_actions a"
            " LEFT JOIN workers w ON w.id = a.worker_id LEFT JOIN users u ON u.id = a.created_by"
            " WHERE a.contact_id = ? ORDER BY a.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct on_behalf_action a = {
            .id = sqlite3_column_int64(st, 0),
            .contact_id = sqlite3_column_int64(st, 1),
            .kind = on_behalf_kind_parse(db_col_text(st, 2)),
            .details = db_col_text(st, 3),
            .worker_id = sqlite3_column_int64(st, 4),
            .worker_name = db_col_text(st, 5),
            .in_app_outbox_id = sqlite3_column_int64(st, 6),
            .email_outbox_id = sqlite3_column_int64(st, 7),
            .created_at = sqlite3_column_int64(st, 8),
            .created_by = sqlite3_column_int64(st, 9),
            .created_by_name = db_col_text(st, 10),
        };
        fn(&a, arg);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    return store_audit_append(tx, "contact.read_on_behalf", "contact", contact_id, NULL);
}
