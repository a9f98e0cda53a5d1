/*
 * intake: POST /api/intake/email, email intake (requirement A12). A mail gateway holding an
 * integration token with the scope "intake:email" posts one raw RFC 5322 message
 * (Content-Type: message/rfc822); it becomes a contact (channel email, the sender as caller,
 * the subject and text as summary) with the email's full text and attachments kept beside it.
 * The same Message-ID from the same sender is recorded once: sending it again answers 200 with
 * the contact already made, so a gateway may retry safely. Parsing is domain/email; the rows
 * are store/store_intake; reading attachments back is http/attachments.
 */
#ifndef FD_HTTP_INTAKE_H
#define FD_HTTP_INTAKE_H

#include "http/server.h"

/* The largest message accepted: 20 MiB of attachments grow by a third in base64, plus the
 * text and headers. Bigger bodies are refused (413) as they arrive. */
#define INTAKE_EMAIL_BODY_MAX ((size_t)32 * 1024 * 1024)

void intake_email(struct request *req);

#endif
