/*
 * store_intake: queries for intake rows. Attachment bytes are bound as blobs and their SHA-256
 * computed here, as they are written, so the stored digest is of the stored bytes.
 */
#include "store/store_intake.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"

enum err store_intake_public_principal(struct store_tx *tx, int64_t *id_out)
{
    sqlite3_stmt *st =
        db_stmt(tx, "SELECT id FROM api_tokens WHERE scope = 'public:form' ORDER BY id LIMIT 1");
    if (!st)
        return E_DB;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    *id_out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return E_OK;
}

enum err store_intake_team_by_name(struct store_tx *tx, const char *name, int64_t *id_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM teams WHERE name = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    *id_out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return E_OK;
}

/* Binds s trimmed of surrounding white space ("" for NULL). */
static void bind_trimmed(sqlite3_stmt *st, int idx, const char *s)
{
    if (!s) {
        sqlite3_bind_text(st, idx, "", 0, SQLITE_STATIC);
        return;
    }
    s += strspn(s, " \t\r\n");
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    sqlite3_bind_text(st, idx, s, (int)n, SQLITE_TRANSIENT);
}

enum err store_intake_request_insert(struct store_tx *tx, int64_t contact_id, int64_t team_id,
                                     const struct service_request *r)
{
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO service_requests (contact_id, team_id, source_code, submitter_kind,"
            " agency, organisation, role, relationship, submitter_name, phone, email,"
            " child_first_name, child_last_name, child_date_of_birth, child_address,"
            " child_postcode, concern, urgency, consent, consent_reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    if (team_id > 0)
        sqlite3_bind_int64(st, 2, team_id);
    else
        sqlite3_bind_null(st, 2);
    db_bind_text(st, 3, service_request_source(r));
    db_bind_text(st, 4, submitter_kind_name(r->kind));
    bind_trimmed(st, 5, r->agency);
    bind_trimmed(st, 6, r->organisation);
    bind_trimmed(st, 7, r->role);
    bind_trimmed(st, 8, r->relationship);
    bind_trimmed(st, 9, r->submitter_name);
    db_bind_text(st, 10, r->phone_norm);
    db_bind_text(st, 11, r->email_norm);
    bind_trimmed(st, 12, r->child_first_name);
    bind_trimmed(st, 13, r->child_last_name);
    db_bind_text(st, 14, r->dob_norm);
    bind_trimmed(st, 15, r->child_address);
    db_bind_text(st, 16, r->postcode_norm);
    bind_trimmed(st, 17, r->concern);
    db_bind_text(st, 18, request_urgency_name(r->urgency));
    db_bind_text(st, 19, request_consent_name(r->consent));
    bind_trimmed(st, 20, r->consent_reason);
    sqlite3_bind_int64(st, 21, store_tx_now(tx));
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    return store_audit_append(tx, "service_request.create", "contact", contact_id,
                              "public request for service form");
}

enum err store_intake_email_find(struct store_tx *tx, const char *message_id,
                                 const char *from_address, int64_t *contact_id_out,
                                 char reference_out[CONTACT_REF_LEN])
{
    if (!message_id || !*message_id)
        return E_NOTFOUND;
    sqlite3_stmt *st = db_stmt(tx, "SELECT e.contact_id, c.reference FROM email_messages e"
                                   " JOIN contacts c ON c.id = e.contact_id"
                                   " WHERE e.message_id = ? AND e.from_address = ?"
                                   " ORDER BY e.contact_id LIMIT 1");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, message_id);
    db_bind_text(st, 2, from_address);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    *contact_id_out = sqlite3_column_int64(st, 0);
    snprintf(reference_out, CONTACT_REF_LEN, "%s", db_col_text(st, 1));
    sqlite3_reset(st);
    return E_OK;
}

static void sha256_hex(const void *data, size_t len, char out[STORE_SHA256_HEX_LEN])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data ? data : (const void *)"", len);
    sodium_bin2hex(out, STORE_SHA256_HEX_LEN, digest, sizeof(digest));
}

static enum err attachment_insert(struct store_tx *tx, int64_t contact_id, int position,
                                  const struct email_attachment *a)
{
    char digest[STORE_SHA256_HEX_LEN];
    sha256_hex(a->data, a->len, digest);
    sqlite3_stmt *st =
        db_stmt(tx, "INSERT INTO contact_attachments (contact_id, position, filename, content_type,"
                    " size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    sqlite3_bind_int(st, 2, position);
    db_bind_text(st, 3, a->filename);
    db_bind_text(st, 4, a->content_type);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)a->len);
    db_bind_text(st, 6, digest);
    /* a zero-length blob, not NULL, for an empty file */
    sqlite3_bind_blob64(st, 7, a->len ? (const void *)a->data : (const void *)"",
                        (sqlite3_uint64)a->len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, store_tx_now(tx));
    enum err rc = db_step_done(st);
    sqlite3_bind_null(st, 7); /* the statement is cached: do not keep pointing at a->data */
    return rc;
}

enum err store_intake_email_insert(struct store_tx *tx, int64_t contact_id,
                                   const struct email_message *m, size_t raw_size,
                                   const char raw_sha256[STORE_SHA256_HEX_LEN])
{
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO email_messages (contact_id, message_id, from_address, from_name,"
            " subject, sent_at, body_text, text_from_html, raw_size, raw_sha256, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    db_bind_text(st, 2, m->message_id);
    db_bind_text(st, 3, m->from_address);
    db_bind_text(st, 4, m->from_name);
    db_bind_text(st, 5, m->subject);
    sqlite3_bind_int64(st, 6, m->sent_at);
    db_bind_text(st, 7, m->text);
    sqlite3_bind_int(st, 8, m->text_from_html);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)raw_size);
    db_bind_text(st, 10, raw_sha256);
    sqlite3_bind_int64(st, 11, store_tx_now(tx));
    enum err rc = db_step_done(st);
    for (size_t i = 0; !rc && i < m->n_attachments; i++)
        rc = attachment_insert(tx, contact_id, (int)i + 1, &m->attachments[i]);
    if (rc)
        return rc;
    char reason[64];
    snprintf(reason, sizeof(reason), "email with %zu attachment%s", m->n_attachments,
             m->n_attachments == 1 ? "" : "s");
    return store_audit_append(tx, "email.create", "contact", contact_id, reason);
}

static enum err contact_exists(struct store_tx *tx, int64_t contact_id)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM contacts WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return E_OK;
    return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
}

#define ATTACHMENT_COLS                                                                            \
    "SELECT id, contact_id, position, filename, content_type, size, sha256, created_at"            \
    " FROM contact_attachments "

static void row_to_attachment(sqlite3_stmt *st, struct contact_attachment *a)
{
    a->id = sqlite3_column_int64(st, 0);
    a->contact_id = sqlite3_column_int64(st, 1);
    a->position = sqlite3_column_int(st, 2);
    a->filename = db_col_text(st, 3);
    a->content_type = db_col_text(st, 4);
    a->size = sqlite3_column_int64(st, 5);
    a->sha256 = db_col_text(st, 6);
    a->created_at = sqlite3_column_int64(st, 7);
}

enum err store_intake_attachments_list(struct store_tx *tx, int64_t contact_id,
                                       store_attachment_fn fn, void *arg)
{
    enum err err = contact_exists(tx, contact_id);
    if (err)
        return err;
    sqlite3_stmt *st = db_stmt(tx, ATTACHMENT_COLS "WHERE contact_id = ? ORDER BY position");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct contact_attachment a;
        row_to_attachment(st, &a);
        fn(&a, arg);
    }
    if (rc != SQLITE_DONE)
        return db_err(rc);
    sqlite3_reset(st);
    return store_audit_append(tx, "contact.attachments", "contact", contact_id, NULL);
}

enum err store_intake_attachment_read(struct store_tx *tx, int64_t id,
                                      struct contact_attachment *out, void **data_out)
{
    *data_out = NULL;
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, contact_id, position, filename, content_type,"
                                   " size, sha256, created_at, data FROM contact_attachments"
                                   " WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    struct contact_attachment a;
    row_to_attachment(st, &a);
    const void *blob = sqlite3_column_blob(st, 8);
    size_t len = (size_t)sqlite3_column_bytes(st, 8);
    *out = a;
    out->filename = xstrdup(a.filename);
    out->content_type = xstrdup(a.content_type);
    out->sha256 = xstrdup(a.sha256);
    out->size = (int64_t)len;
    if (len) {
        *data_out = xmalloc(len);
        memcpy(*data_out, blob, len);
    }
    sqlite3_reset(st);
    char reason[64];
    snprintf(reason, sizeof(reason), "attachment %lld", (long long)id);
    return store_audit_append(tx, "attachment.download", "contact", a.contact_id, reason);
}
