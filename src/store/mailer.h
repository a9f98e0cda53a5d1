/*
 * mailer: the thread that delivers the outbox's emails (issue 5). It claims the emails due for
 * an attempt (store_outbox_claim_email, through the writer), sends each to the relay with
 * core/smtp outside any transaction, and records the result: delivered, or the relay's reason
 * and the next attempt after an exponential back-off (first_retry_ms, doubling, at most
 * max_retry_ms), until max_attempts have failed and the email is marked failed for good. A
 * claim moves the next attempt on by a lease, so an email whose sender died is tried again,
 * never dropped. Each email carries the service's link (base_url + the message's link) and a
 * Message-ID from its outbox id, so a relay or reader can spot a repeat. It wakes when the
 * outbox changes (mailer_wake, from store/store_watch) and otherwise after an idle limit.
 *
 * Configuration comes from the environment (mailer_options_from_env):
 *   FRONTDOOR_SMTP_URL       smtp://host:port or smtps://host:port; unset: no mailer, emails
 *                            wait in the outbox
 *   FRONTDOOR_SMTP_USER, FRONTDOOR_SMTP_PASSWORD   credentials, when the relay wants them
 *   FRONTDOOR_SMTP_STARTTLS=1                      require STARTTLS on smtp://
 *   FRONTDOOR_MAIL_FROM      the From address (default frontdoor@localhost)
 *   FRONTDOOR_PUBLIC_URL     the web app's address for links (default http://localhost:8080)
 */
#ifndef FD_STORE_MAILER_H
#define FD_STORE_MAILER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct mailer_options {
    char smtp_url[512];
    char user[256];
    char password[256];
    bool starttls;
    char from[256];
    char base_url[512];
    int max_attempts;       /* 0 means 8 */
    int64_t first_retry_ms; /* 0 means 30 s */
    int64_t max_retry_ms;   /* 0 means 1 hour */
    int64_t idle_ms;        /* longest sleep; 0 means 30 s */
    /* the clock for next attempts (the deadline scheduler's, so a test clock moves both);
     * NULL: the wall clock */
    int64_t (*now)(void *arg);
    void *now_arg;
};

/* Fills o from the environment. E_NOTFOUND when FRONTDOOR_SMTP_URL is unset (no mailer);
 * E_INVALID, with info, when a value cannot be used. */
enum err mailer_options_from_env(struct mailer_options *o, struct err_info *info) MUST_CHECK;

struct mailer;

/* Starts the thread (store borrowed until mailer_stop). The password is wiped from o's copy
 * when the mailer stops. *out is owned by the caller. */
enum err mailer_start(struct store *s, const struct mailer_options *o,
                      struct mailer **out) MUST_CHECK;
/* Stops the thread after the email in hand, and frees m. NULL is a no-op. */
void mailer_stop(struct mailer *m);
/* Wakes the thread to look for emails. Callable from any thread, including the writer inside a
 * transaction. arg is the struct mailer. */
void mailer_wake(void *arg);

/* The delay before the attempt after `attempts` failed ones: first, doubling, capped. */
int64_t mailer_backoff_ms(const struct mailer_options *o, int attempts);

#endif
