/*
 * store_intake: what arrives with a contact from outside the council — the answers of a public
 * request for service (service_requests), an email's headers and full text (email_messages),
 * and attached files (contact_attachments). The contact row itself is store/store_contact's.
 * Every write and every read of these rows appends an audit event in the same transaction, so
 * reads run on the writer. Rows are evidence: never updated or deleted (migration 0006).
 */
#ifndef FD_STORE_STORE_INTAKE_H
#define FD_STORE_STORE_INTAKE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "domain/email.h"
#include "domain/service_request.h"
#include "store/store.h"

#define STORE_SHA256_HEX_LEN 65 /* hex SHA-256, NUL-terminated */

/* The api_tokens id of the principal that stands for the public form (migration 0006). */
enum err store_intake_public_principal(struct store_tx *tx, int64_t *id_out) MUST_CHECK;
/* The id of the team called name; E_NOTFOUND when there is none. */
enum err store_intake_team_by_name(struct store_tx *tx, const char *name,
                                   int64_t *id_out) MUST_CHECK;

/* Stores the validated answers r of contact contact_id, for team_id (0: no team found), and
 * audits "service_request.create". */
enum err store_intake_request_insert(struct store_tx *tx, int64_t contact_id, int64_t team_id,
                                     const struct service_request *r) MUST_CHECK;

/* The contact already made from the email with this Message-ID and sender, if any: E_NOTFOUND
 * when none (or message_id is ""). reference_out gets its reference. */
enum err store_intake_email_find(struct store_tx *tx, const char *message_id,
                                 const char *from_address, int64_t *contact_id_out,
                                 char reference_out[CONTACT_REF_LEN]) MUST_CHECK;
/* Stores m's headers and full text for contact contact_id, then each attachment (numbered
 * from 1, with its SHA-256), and audits "email.create" with the number of attachments. */
enum err store_intake_email_insert(struct store_tx *tx, int64_t contact_id,
                                   const struct email_message *m, size_t raw_size,
                                   const char raw_sha256[STORE_SHA256_HEX_LEN]) MUST_CHECK;

/* One attachment's description; strings borrowed until the callback returns (list) or the
 * next store call (read). */
struct contact_attachment {
    int64_t id, contact_id;
    int position;
    const char *filename, *content_type;
    int64_t size;
    const char *sha256;
    int64_t created_at;
};
typedef void (*store_attachment_fn)(const struct contact_attachment *a, void *arg);

/* The attachments of contact_id in order (none is not an error); E_NOTFOUND when the contact
 * does not exist. Audits "contact.attachments" (a read of the record, W13). */
enum err store_intake_attachments_list(struct store_tx *tx, int64_t contact_id,
                                       store_attachment_fn fn, void *arg) MUST_CHECK;
/* Attachment id: its description into *out (strings owned by the caller: free filename,
 * content_type and sha256) and its bytes into *data_out (caller frees; NULL when empty).
 * Audits "attachment.download". E_NOTFOUND when there is none. */
enum err store_intake_attachment_read(struct store_tx *tx, int64_t id,
                                      struct contact_attachment *out, void **data_out) MUST_CHECK;

#endif
