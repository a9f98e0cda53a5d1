/*
 * email: reading one RFC 5322 message (as it arrives at email intake, requirement A12) into
 * plain structs — who sent it, the subject, the text to read, and the attachments as decoded
 * bytes — and the rules for turning it into a contact: the caller is the sender, the summary
 * is the subject and text cut to the contact's limit. Parsing is GMime's; this module adds the
 * choices (which part is "the text", what counts as an attachment, the size caps). It does no
 * I/O and stores nothing: the store keeps the message (store/store_intake), the API receives it
 * (http/intake).
 */
#ifndef FD_DOMAIN_EMAIL_H
#define FD_DOMAIN_EMAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Caps on what one message may carry (E_TOOBIG beyond them). */
#define EMAIL_ATTACHMENT_MAX_BYTES (10u * 1024 * 1024)
#define EMAIL_ATTACHMENTS_TOTAL_MAX_BYTES (20u * 1024 * 1024)
#define EMAIL_ATTACHMENTS_MAX_COUNT 50
/* Longest text kept from one message, in bytes (the full text, not the summary). */
#define EMAIL_TEXT_MAX_BYTES (2u * 1024 * 1024)
#define EMAIL_FILENAME_MAX 255 /* characters */

struct email_attachment {
    char *filename;      /* UTF-8, never empty ("attachment-2" when the part had none); owned */
    char *content_type;  /* lower-case "type/subtype"; owned */
    unsigned char *data; /* decoded bytes; owned; may be NULL when len is 0 */
    size_t len;
};

struct email_message {
    char *from_name;    /* display name, "" when none; owned */
    char *from_address; /* "someone@example.org"; owned */
    char *subject;      /* decoded UTF-8, "" when none; owned */
    char *message_id;   /* without <>, "" when none; owned */
    int64_t sent_at;    /* the Date header in UTC ms, 0 when absent or unreadable */
    char *text;         /* the body as UTF-8 text ("" when none); owned */
    int text_from_html; /* 1 when text was made from an HTML part (no plain text part) */
    struct email_attachment *attachments; /* owned, n_attachments of them */
    size_t n_attachments;
    size_t attachments_bytes; /* sum of the attachments' len */
};

/*
 * Parses raw (len bytes) into *out (which the caller releases with email_message_release,
 * also after an error). E_INVALID naming "message" when it is not a message GMime can read or
 * "from" when it has no sender address; E_TOOBIG naming "attachments" (or the file) when an
 * attachment or their total is over the caps. Safe to call from several threads at once.
 */
enum err email_parse(const void *raw, size_t len, struct email_message *out,
                     struct err_info *info) MUST_CHECK;
void email_message_release(struct email_message *m);

/* The contact's caller: the display name, else the address. Owned by m. */
const char *email_caller(const struct email_message *m);
/*
 * The contact's summary for m: "Subject\n\ntext" (or whichever is present, or a note that the
 * message had neither), cut at a character boundary to at most max_chars characters with
 * " [continues]" at the cut. Caller frees the result.
 */
char *email_summary(const struct email_message *m, long max_chars);

/* Plain text from HTML: tags dropped (script and style with their content), line breaks for
 * block elements, the common character references decoded. Caller frees. */
char *email_html_to_text(const char *html);

#endif
