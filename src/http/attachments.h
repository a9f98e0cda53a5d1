/*
 * attachments: the files that came with a contact (today, an email's attachments) — the list
 * for a contact, GET /api/contacts/{id}/attachments, and one file's bytes, GET
 * /api/attachments/{id}, offered as a download. Both are reads of a person's record, audited
 * (W13). Files are never shown inline: a file from outside is not trusted to render as a page
 * of this site, so only a few plain types keep their own Content-Type.
 */
#ifndef FD_HTTP_ATTACHMENTS_H
#define FD_HTTP_ATTACHMENTS_H

#include <stddef.h>

#include "http/server.h"

void attachments_list(struct request *req);
void attachments_download(struct request *req);

/* The Content-Disposition value offering filename as a download: an ASCII fallback name
 * (anything else as "_") and the UTF-8 name percent-encoded (RFC 6266, RFC 8187). */
void attachments_disposition(const char *filename, char *out, size_t out_len);
/* content_type if it is safe to send as it is, else "application/octet-stream". Static or
 * borrowed from content_type. */
const char *attachments_safe_type(const char *content_type);

#endif
