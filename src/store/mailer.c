/*
 * mailer: claim, send, record. Claims and results go through the writer (each a small
 * transaction); the SMTP conversation happens with no transaction open, so a slow relay never
 * holds up the database. Emails are claimed a few at a time, oldest due first.
 */
#include "store/mailer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/smtp.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/store_outbox.h"

enum {
    CLAIM_MAX = 16,
    LEASE_MS = 5 * 60 * 1000, /* longer than any one SMTP attempt may take */
};

struct mailer {
    struct store *store;
    struct mailer_options o;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stopping;
    bool poked;
};

/* One claimed email, copied out of the transaction. */
struct job {
    int64_t id;
    int attempts;
    char *to, *subject, *body, *link;
};

static int64_t now_ms(const struct mailer_options *o)
{
    return o->now ? o->now(o->now_arg) : timefmt_now_ms();
}

static enum err env_copy(const char *name, char *dst, size_t len, const char *def,
                         struct err_info *info)
{
    const char *v = getenv(name);
    if (!v || !*v)
        v = def;
    if (strlen(v) >= len)
        return err_set(info, E_INVALID, name, "%s is too long", name);
    snprintf(dst, len, "%s", v);
    return E_OK;
}

enum err mailer_options_from_env(struct mailer_options *o, struct err_info *info)
{
    memset(o, 0, sizeof(*o));
    const char *url = getenv("FRONTDOOR_SMTP_URL");
    if (!url || !*url)
        return E_NOTFOUND;
    enum err rc = env_copy("FRONTDOOR_SMTP_URL", o->smtp_url, sizeof(o->smtp_url), "", info);
    if (!rc)
        rc = env_copy("FRONTDOOR_SMTP_USER", o->user, sizeof(o->user), "", info);
    if (!rc)
        rc = env_copy("FRONTDOOR_SMTP_PASSWORD", o->password, sizeof(o->password), "", info);
    if (!rc)
        rc = env_copy("FRONTDOOR_MAIL_FROM", o->from, sizeof(o->from), "frontdoor@localhost", info);
    if (!rc)
        rc = env_copy("FRONTDOOR_PUBLIC_URL", o->base_url, sizeof(o->base_url),
                      "http://localhost:8080", info);
    if (rc)
        return rc;
    const char *tls = getenv("FRONTDOOR_SMTP_STARTTLS");
    o->starttls = tls && strcmp(tls, "1") == 0;
    if (tls && *tls && strcmp(tls, "0") != 0 && strcmp(tls, "1") != 0)
        return err_set(info, E_INVALID, "FRONTDOOR_SMTP_STARTTLS", "set it to 1 or 0");
    if (strncmp(o->smtp_url, "smtp://", 7) != 0 && strncmp(o->smtp_url, "smtps://", 8) != 0)
        return err_set(info, E_INVALID, "FRONTDOOR_SMTP_URL",
                       "the relay must be an smtp:// or smtps:// URL");
    if (!smtp_address_ok(o->from))
        return err_set(info, E_INVALID, "FRONTDOOR_MAIL_FROM", "'%s' is not an email address",
                       o->from);
    size_t n = strlen(o->base_url);
    while (n > 0 && o->base_url[n - 1] == '/')
        o->base_url[--n] = '\0';
    if (strncmp(o->base_url, "http://", 7) != 0 && strncmp(o->base_url, "https://", 8) != 0)
        return err_set(info, E_INVALID, "FRONTDOOR_PUBLIC_URL",
                       "the web app's address must start with http:// or https://");
    return E_OK;
}

int64_t mailer_backoff_ms(const struct mailer_options *o, int attempts)
{
    int64_t first = o->first_retry_ms > 0 ? o->first_retry_ms : 30000;
    int64_t max = o->max_retry_ms > 0 ? o->max_retry_ms : 3600000;
    int64_t d = first;
    for (int i = 1; i < attempts && d < max; i++)
        d *= 2;
    return d < max ? d : max;
}

void mailer_wake(void *arg)
{
    struct mailer *m = arg;
    pthread_mutex_lock(&m->lock);
    m->poked = true;
    pthread_cond_signal(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

struct claim {
    int64_t now;
    int n;
    struct job jobs[CLAIM_MAX];
    int64_t next_at;
};

static void free_job(struct job *j)
{
    free(j->to);
    free(j->subject);
    free(j->body);
    free(j->link);
    memset(j, 0, sizeof(*j));
}

static void keep_job(const struct outbox_message *msg, void *arg)
{
    struct claim *c = arg;
    if (c->n >= CLAIM_MAX)
        return;
    struct job *j = &c->jobs[c->n++];
    j->id = msg->id;
    j->attempts = msg->attempts;
    j->to = xstrdup(msg->to_address);
    j->subject = xstrdup(msg->subject);
    j->body = xstrdup(msg->body);
    j->link = xstrdup(msg->link);
}

static enum err claim_apply(struct store_tx *tx, void *arg)
{
    struct claim *c = arg;
    for (int i = 0; i < c->n; i++) /* a retried batch runs this again */
        free_job(&c->jobs[i]);
    c->n = 0;
    return store_outbox_claim_email(tx, c->now, CLAIM_MAX, LEASE_MS, keep_job, c, &c->next_at);
}

struct result {
    int64_t id, now, retry_at;
    const char *error; /* NULL: delivered */
};

static enum err result_apply(struct store_tx *tx, void *arg)
{
    struct result *r = arg;
    if (!r->error)
        return store_outbox_delivered(tx, r->id, r->now);
    return store_outbox_attempt_failed(tx, r->id, r->error, r->retry_at);
}

static void deliver(struct mailer *m, const struct smtp_config *cfg, const struct job *j)
{
    struct buf body = BUF_INIT, msg = BUF_INIT;
    buf_adds(&body, j->body);
    if (j->link[0])
        buf_addf(&body, "\nOpen it in frontdoor (you will be asked to sign in):\n%s%s\n",
                 m->o.base_url, j->link);
    buf_adds(&body, "\n-- \nSent by frontdoor. Replies to this address are not read.\n");
    char id[32], error[512] = "";
    snprintf(id, sizeof(id), "outbox-%lld", (long long)j->id);
    int64_t now = now_ms(&m->o);
    enum err rc = smtp_compose(&msg, m->o.from, j->to, j->subject, body.data, id, now);
    if (rc)
        snprintf(error, sizeof(error), "cannot send to '%s': not a usable address", j->to);
    else
        rc = smtp_send(cfg, j->to, msg.data, msg.len, error, sizeof(error));
    struct result r = {.id = j->id, .now = now_ms(&m->o), .error = rc ? error : NULL};
    int max_attempts = m->o.max_attempts > 0 ? m->o.max_attempts : 8;
    if (rc == E_IO && j->attempts < max_attempts)
        r.retry_at = r.now + mailer_backoff_ms(&m->o, j->attempts);
    if (rc)
        log_warn("mailer: email %lld attempt %d failed: %s%s", (long long)j->id, j->attempts, error,
                 r.retry_at ? "" : " (giving up)");
    else
        log_info("mailer: email %lld delivered", (long long)j->id);
    if (store_write(m->store, result_apply, &r))
        log_error("mailer: could not record the result for email %lld", (long long)j->id);
    buf_release(&body);
    buf_release(&msg);
}

/* Waits until wake_at (mailer time), a poke, or stop; m->lock held. */
static void wait_until(struct mailer *m, int64_t wake_at)
{
    int64_t idle = m->o.idle_ms > 0 ? m->o.idle_ms : 30000;
    int64_t delay = wake_at ? wake_at - now_ms(&m->o) : idle;
    if (delay > idle)
        delay = idle;
    if (delay <= 0)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t ns = (int64_t)ts.tv_nsec + (delay % 1000) * 1000000;
    ts.tv_sec += (time_t)(delay / 1000 + ns / 1000000000);
    ts.tv_nsec = (long)(ns % 1000000000);
    while (!m->stopping && !m->poked)
        if (pthread_cond_timedwait(&m->cond, &m->lock, &ts) != 0)
            break;
}

static void *mailer_main(void *arg)
{
    struct mailer *m = arg;
    struct smtp_config cfg = {
        .url = m->o.smtp_url,
        .user = m->o.user,
        .password = m->o.password,
        .starttls = m->o.starttls,
        .from = m->o.from,
    };
    struct claim *c = xcalloc(1, sizeof(*c));
    int64_t wake_at = 0;
    bool first = true;
    for (;;) {
        pthread_mutex_lock(&m->lock);
        if (!first && !m->poked && !m->stopping)
            wait_until(m, wake_at);
        first = false;
        bool stop = m->stopping;
        m->poked = false;
        pthread_mutex_unlock(&m->lock);
        if (stop)
            break;
        c->now = now_ms(&m->o);
        enum err rc = store_write(m->store, claim_apply, c);
        if (rc) {
            log_error("mailer: could not claim emails (%s)", err_name(rc));
            wake_at = now_ms(&m->o) + 5000;
            continue;
        }
        for (int i = 0; i < c->n; i++) {
            pthread_mutex_lock(&m->lock);
            stop = m->stopping;
            pthread_mutex_unlock(&m->lock);
            if (!stop) /* an email claimed but not sent is retried after its lease */
                deliver(m, &cfg, &c->jobs[i]);
            free_job(&c->jobs[i]);
        }
        int claimed = c->n;
        c->n = 0;
        if (claimed == CLAIM_MAX) {
            wake_at = now_ms(&m->o); /* there may be more */
            pthread_mutex_lock(&m->lock);
            m->poked = true;
            pthread_mutex_unlock(&m->lock);
        } else {
            wake_at = c->next_at;
        }
    }
    free(c);
    return NULL;
}

enum err mailer_start(struct store *s, const struct mailer_options *o, struct mailer **out)
{
    enum err rc = smtp_global_init();
    if (rc)
        return rc;
    struct mailer *m = xcalloc(1, sizeof(*m));
    m->store = s;
    m->o = *o;
    pthread_mutex_init(&m->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&m->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&m->thread, NULL, mailer_main, m) != 0) {
        pthread_cond_destroy(&m->cond);
        pthread_mutex_destroy(&m->lock);
        explicit_bzero(m->o.password, sizeof(m->o.password));
        free(m);
        return E_IO;
    }
    *out = m;
    return E_OK;
}

void mailer_stop(struct mailer *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    m->stopping = true;
    pthread_cond_signal(&m->cond);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    pthread_cond_destroy(&m->cond);
    pthread_mutex_destroy(&m->lock);
    explicit_bzero(m->o.password, sizeof(m->o.password));
    free(m);
}
