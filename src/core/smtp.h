/*
 * smtp: sending one email to one recipient through an SMTP relay, with libcurl. It builds the
 * message (headers and a plain-text UTF-8 body) and hands it to the relay named by a URL:
 * smtp://host:port (optionally upgraded with STARTTLS) or smtps://host:port (TLS from the
 * start), with a user name and password when given. It is not a queue, retry or outbox
 * (store/mailer and store/store_outbox): one call, one attempt, and the relay's answer.
 */
#ifndef FD_CORE_SMTP_H
#define FD_CORE_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct smtp_config {
    const char *url;  /* smtp://relay.example:587 or smtps://relay.example:465 */
    const char *user; /* NULL or "": no authentication */
    const char *password;
    bool starttls;    /* require STARTTLS on an smtp:// URL */
    const char *from; /* the envelope and From: address, "frontdoor@council.example" */
    long timeout_ms;  /* 0: 30 seconds */
};

/* Whether s is an address this module will put in an envelope or header: one @, no spaces,
 * no control characters, no angle brackets, at most 254 bytes. */
bool smtp_address_ok(const char *s);

/* Appends the whole message to out: Date (at_ms), From, To, Subject (RFC 2047 encoded when
 * not plain ASCII), Message-ID <message_id@frontdoor>, MIME headers, a blank line and the body
 * with every line ending turned into CRLF. E_INVALID when an address is not smtp_address_ok or
 * message_id holds anything but letters, digits, '.', '-' and '_'. */
enum err smtp_compose(struct buf *out, const char *from, const char *to, const char *subject,
                      const char *body, const char *message_id, int64_t at_ms) MUST_CHECK;

/* Sends message (as smtp_compose writes it) to `to`. E_OK when the relay accepted it; else
 * E_INVALID (bad configuration or address) or E_IO, with the reason in error[error_len]
 * (libcurl's words, and the relay's reply code when there was one). Safe to call from several
 * threads; curl_global_init must have run (smtp_global_init). */
enum err smtp_send(const struct smtp_config *c, const char *to, const char *message, size_t len,
                   char *error, size_t error_len) MUST_CHECK;

/* Initialises libcurl once for the process; call before any thread sends. */
enum err smtp_global_init(void) MUST_CHECK;

#endif
