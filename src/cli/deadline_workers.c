/*
 * deadline_workers: start the scheduler and the mailer, then the watch that wakes them; stop
 * in the reverse order, so nothing wakes a thread that is gone.
 */
#include "cli/deadline_workers.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "store/mailer.h"
#include "store/scheduler.h"
#include "store/store_watch.h"

struct deadline_workers {
    struct scheduler *scheduler;
    struct mailer *mailer;
    struct store_watch *watch;
};

static int64_t scheduler_clock(void *arg)
{
    return scheduler_now(arg);
}

enum err deadline_workers_start(struct store *s, struct deadline_workers **out,
                                struct err_info *info)
{
    struct deadline_workers *w = xcalloc(1, sizeof(*w));
    const char *test = getenv("FRONTDOOR_TEST_CLOCK");
    struct scheduler_options so = {.test_clock = test && strcmp(test, "1") == 0};
    struct mailer_options mo;
    enum err rc = mailer_options_from_env(&mo, info);
    if (rc == E_NOTFOUND) {
        log_warn("deadlines: FRONTDOOR_SMTP_URL is not set: emails wait in the outbox");
    } else if (rc) {
        free(w);
        return rc;
    }
    bool mail = rc == E_OK;
    rc = scheduler_start(s, &so, &w->scheduler);
    if (rc) {
        err_set(info, rc, "", "could not start the deadline scheduler");
        goto fail;
    }
    if (mail) {
        mo.now = scheduler_clock;
        mo.now_arg = w->scheduler;
        rc = mailer_start(s, &mo, &w->mailer);
        explicit_bzero(mo.password, sizeof(mo.password));
        if (rc) {
            err_set(info, rc, "", "could not start the mailer");
            goto fail;
        }
    }
    struct store_watch_target targets[2] = {{"clocks", scheduler_wake, w->scheduler}};
    size_t n = 1;
    if (w->mailer)
        targets[n++] = (struct store_watch_target){"outbox", mailer_wake, w->mailer};
    rc = store_watch_start(s, targets, n, &w->watch);
    if (rc) {
        err_set(info, rc, "", "could not watch the store for changes");
        goto fail;
    }
    *out = w;
    return E_OK;
fail:
    deadline_workers_stop(w);
    return rc;
}

struct scheduler *deadline_workers_scheduler(struct deadline_workers *w)
{
    return w ? w->scheduler : NULL;
}

void deadline_workers_stop(struct deadline_workers *w)
{
    if (!w)
        return;
    store_watch_stop(w->watch);
    mailer_stop(w->mailer);
    scheduler_stop(w->scheduler);
    free(w);
}
