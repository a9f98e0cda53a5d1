/*
 * cmd_token: `frontdoor token add` creates a bearer token for an integration (telephony,
 * e-forms, email intake). The token is printed once and stored only as a hash.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/secret.h"
#include "store/store_user.h"

static const char usage[] =
    "usage: frontdoor token add --name N --scope S [--db PATH]\n\n"
    "Prints a new bearer token for an integration; keep it secret, it is shown only once.\n"
    "scopes: contacts:write (record contacts), clocks:write (telephony call events),\n"
    "        intake:email (post received emails to /api/intake/email)\n";

static const char *const scopes[] = {"contacts:write", "intake:email", "clocks:write", NULL};

struct add {
    const char *name, *scope;
    char hash[SECRET_HASH_HEX_LEN];
    int64_t id;
};

static enum err add_apply(struct store_tx *tx, void *arg)
{
    struct add *a = arg;
    return store_token_insert(tx, a->name, a->scope, a->hash, &a->id);
}

int cmd_token(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "add") != 0)
        return cli_usage_error("token", "unknown subcommand '%s' (add)", argv[1]);
    const char *db = NULL, *name = NULL, *scope = NULL;
    const struct cli_opt opts[] = {
        {"db", &db, NULL}, {"name", &name, NULL}, {"scope", &scope, NULL}, {NULL, NULL, NULL}};
    int rc = cli_parse("token add", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (!name || !*name || !scope)
        return cli_usage_error("token add", "--name and --scope are required");
    if (strlen(name) > 100)
        return cli_usage_error("token add", "--name must be at most 100 characters");
    int known = 0;
    for (int i = 0; scopes[i]; i++)
        known |= strcmp(scopes[i], scope) == 0;
    if (!known)
        return cli_usage_error("token add",
                               "unknown scope '%s' (contacts:write, clocks:write, intake:email)",
                               scope);
    struct store *s = cli_open_store("token add", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    char token[SECRET_TOKEN_LEN];
    secret_token_new(token);
    struct add a = {.name = name, .scope = scope};
    secret_token_hash(token, a.hash);
    enum err e = store_write(s, add_apply, &a);
    store_close(s);
    if (e) {
        fprintf(stderr, "frontdoor token add: could not store the token (%s)\n", err_name(e));
        return EXIT_FAIL;
    }
    printf("%s\n", token);
    secret_wipe(token, sizeof(token));
    return EXIT_OK;
}
