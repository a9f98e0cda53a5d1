/*
 * cmd_serve: `frontdoor serve` — opens the store (applying migrations), starts the HTTP
 * server and waits for SIGINT or SIGTERM, then drains requests in flight and closes the
 * database cleanly. Signals are blocked in every thread and taken synchronously here, so no
 * handler runs in an arbitrary thread.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/deadline_workers.h"
#include "core/log.h"
#include "core/workpool.h"
#include "http/server.h"

static const char usage[] =
    "usage: frontdoor serve [--db PATH] [--listen HOST:PORT] [--secure-cookies]\n\n"
    "Serves the web app and the API. Migrations are applied at start.\n\n"
    "  --db PATH            the database (default $FRONTDOOR_DB, then frontdoor.db)\n"
    "  --listen HOST:PORT   where to listen (default $FRONTDOOR_LISTEN, then 127.0.0.1:8080)\n"
    "  --secure-cookies     mark the sign-in cookie Secure (browsers send it over HTTPS only):\n"
    "                       use it whenever a TLS proxy fronts frontdoor (also\n"
    "                       $FRONTDOOR_SECURE_COOKIES=1)\n\n"
    "environment: FRONTDOOR_LOG=debug|info|warn|error|off (default info; access log lines\n"
    "are JSON on stderr); FRONTDOOR_SMTP_URL, FRONTDOOR_SMTP_USER, FRONTDOOR_SMTP_PASSWORD,\n"
    "FRONTDOOR_SMTP_STARTTLS=1, FRONTDOOR_MAIL_FROM, FRONTDOOR_PUBLIC_URL for email (see\n"
    "docs/deadlines.md); FRONTDOOR_TEST_CLOCK=1 lets tests move time on (never in service)\n";

/* Splits "host:port" (or "[v6]:port") into host and port. */
static int parse_listen(const char *text, char *host, size_t host_len, int *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon || colon == text)
        return -1;
    const char *h = text;
    size_t hl = (size_t)(colon - text);
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl == 0 || hl >= host_len)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    char *end = NULL;
    long p = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || p < 1 || p > 65535)
        return -1;
    *port = (int)p;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    const char *db = NULL, *listen = NULL;
    int secure = 0;
    const struct cli_opt opts[] = {{"db", &db, NULL},
                                   {"listen", &listen, NULL},
                                   {"secure-cookies", NULL, &secure},
                                   {NULL, NULL, NULL}};
    int rc = cli_parse("serve", usage, argc, argv, 1, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (!listen)
        listen = getenv("FRONTDOOR_LISTEN");
    if (!listen || !*listen)
        listen = "127.0.0.1:8080";
    char host[256];
    int port;
    if (parse_listen(listen, host, sizeof(host), &port))
        return cli_usage_error("serve", "cannot use '%s' as HOST:PORT", listen);

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* before any thread starts */
    signal(SIGPIPE, SIG_IGN);

    const char *path = cli_db_path(db);
    struct store *s = cli_open_store("serve", path);
    if (!s)
        return EXIT_FAIL;
    const char *secure_env = getenv("FRONTDOOR_SECURE_COOKIES");
    struct app app = {.store = s,
                      .slow = workpool_new(2),
                      .secure_cookies = secure || (secure_env && strcmp(secure_env, "1") == 0)};
    struct server *srv = NULL;
    struct err_info info = {{0}, {0}};
    struct deadline_workers *deadlines = NULL;
    if (deadline_workers_start(s, &deadlines, &info)) {
        fprintf(stderr, "frontdoor serve: %s%s%s\n", info.field, info.field[0] ? ": " : "",
                info.message);
        workpool_free(app.slow);
        store_close(s);
        return EXIT_FAIL;
    }
    app.scheduler = deadline_workers_scheduler(deadlines);
    if (server_start(&app, host, port, &srv, &info)) {
        fprintf(stderr, "frontdoor serve: %s\n", info.message);
        deadline_workers_stop(deadlines);
        workpool_free(app.slow);
        store_close(s);
        return EXIT_FAIL;
    }
    fprintf(stderr, "frontdoor: listening on http://%s:%d (database %s)\n", host, port, path);
    int sig = 0;
    sigwait(&stop, &sig);
    log_info("stopping on signal %d: draining requests", sig);
    server_stop(srv, 5000);
    deadline_workers_stop(deadlines);
    workpool_free(app.slow);
    store_close(s);
    log_info("stopped cleanly");
    return EXIT_OK;
}
