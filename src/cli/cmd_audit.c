/*
 * cmd_audit: `frontdoor audit verify` walks the whole audit chain and says whether it is
 * intact; if not, it names the first broken event, which is where an investigation starts.
 * `frontdoor audit head` prints the newest event as an anchor to keep outside the database;
 * `verify --anchor SEQ:HASH` then also proves no event up to it was cut off or rewritten.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store_audit.h"

static const char usage[] =
    "usage: frontdoor audit verify [--db PATH] [--anchor SEQ:HASH]\n"
    "       frontdoor audit head [--db PATH]\n\n"
    "verify checks every audit event's hash and its link to the one before. Exits 0 when the\n"
    "chain is intact; otherwise 1, naming the first broken event.\n"
    "  --anchor SEQ:HASH  also check that event SEQ is still there with this hash, as `audit\n"
    "                     head` printed it earlier: deleting the newest events leaves a chain\n"
    "                     that is valid on its own, and only an anchor kept elsewhere shows it\n\n"
    "head prints the newest event as SEQ:HASH. Keep it outside the database (in the daily\n"
    "report, another system, on paper) to check against later.\n";

static int parse_anchor(const char *text, struct audit_anchor *out)
{
    const char *colon = strchr(text, ':');
    if (!colon || colon == text)
        return -1;
    char *end = NULL;
    errno = 0;
    long long seq = strtoll(text, &end, 10);
    if (errno || end != colon || seq < 1)
        return -1;
    const char *hash = colon + 1;
    if (strlen(hash) != AUDIT_HASH_HEX - 1 ||
        strspn(hash, "0123456789abcdef") != AUDIT_HASH_HEX - 1)
        return -1;
    out->seq = seq;
    memcpy(out->hash, hash, AUDIT_HASH_HEX);
    return 0;
}

struct verify_job {
    const struct audit_anchor *anchor;
    struct audit_verdict v;
};

static enum err verify_apply(struct store_tx *tx, void *arg)
{
    struct verify_job *j = arg;
    return store_audit_verify_anchor(tx, j->anchor, &j->v);
}

static enum err head_apply(struct store_tx *tx, void *arg)
{
    return store_audit_head(tx, arg);
}

static int audit_head(int argc, char **argv)
{
    const char *db = NULL;
    const struct cli_opt opts[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    int rc = cli_parse("audit head", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    struct store *s = cli_open_store("audit head", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    struct audit_anchor a;
    enum err e = store_read(s, head_apply, &a);
    store_close(s);
    if (e) {
        fprintf(stderr, "frontdoor audit head: could not read the audit log (%s)\n", err_name(e));
        return EXIT_FAIL;
    }
    printf("%lld:%s\n", (long long)a.seq, a.hash);
    return EXIT_OK;
}

static int audit_verify(int argc, char **argv)
{
    const char *db = NULL, *anchor_text = NULL;
    const struct cli_opt opts[] = {
        {"db", &db, NULL}, {"anchor", &anchor_text, NULL}, {NULL, NULL, NULL}};
    int rc = cli_parse("audit verify", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    struct audit_anchor anchor;
    if (anchor_text && parse_anchor(anchor_text, &anchor))
        return cli_usage_error("audit verify",
                               "--anchor must be SEQ:HASH as `frontdoor audit head` prints it");
    struct store *s = cli_open_store("audit verify", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    struct verify_job j = {.anchor = anchor_text ? &anchor : NULL};
    enum err e = store_read(s, verify_apply, &j);
    store_close(s);
    if (e) {
        fprintf(stderr, "frontdoor audit verify: could not read the audit log (%s)\n", err_name(e));
        return EXIT_FAIL;
    }
    if (j.v.first_bad_seq) {
        printf("audit chain BROKEN at event %lld: %s (%lld events read)\n",
               (long long)j.v.first_bad_seq, j.v.problem, (long long)j.v.n_events);
        return EXIT_FAIL;
    }
    printf("audit chain intact: %lld events%s\n", (long long)j.v.n_events,
           anchor_text ? ", the anchor among them" : "");
    return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "verify") == 0)
        return audit_verify(argc, argv);
    if (strcmp(argv[1], "head") == 0)
        return audit_head(argc, argv);
    return cli_usage_error("audit", "unknown subcommand '%s' (verify, head)", argv[1]);
}
