/*
 * cmd_audit: `frontdoor audit verify` walks the whole audit chain and says whether it is
 * intact; if not, it names the first broken event, which is where an investigation starts.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store_audit.h"

static const char usage[] =
    "usage: frontdoor audit verify [--db PATH]\n\n"
    "Checks every audit event's hash and its link to the one before. Exits 0 when the chain is\n"
    "intact; otherwise 1, naming the first broken event.\n";

static enum err verify_apply(struct store_tx *tx, void *arg)
{
    return store_audit_verify(tx, arg);
}

int cmd_audit(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "verify") != 0)
        return cli_usage_error("audit", "unknown subcommand '%s' (verify)", argv[1]);
    const char *db = NULL;
    const struct cli_opt opts[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    int rc = cli_parse("audit verify", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    struct store *s = cli_open_store("audit verify", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    struct audit_verdict v;
    enum err e = store_read(s, verify_apply, &v);
    store_close(s);
    if (e) {
        fprintf(stderr, "frontdoor audit verify: could not read the audit log (%s)\n",
                err_name(e));
        return EXIT_FAIL;
    }
    if (v.first_bad_seq) {
        printf("audit chain BROKEN at event %lld: %s (%lld events read)\n",
               (long long)v.first_bad_seq, v.problem, (long long)v.n_events);
        return EXIT_FAIL;
    }
    printf("audit chain intact: %lld events\n", (long long)v.n_events);
    return EXIT_OK;
}
