/*
 * cmd_user: `frontdoor user add|list|unlock`. Passwords are read from standard input (first
 * line), never from the command line, where other users of the machine could see them.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/secret.h"
#include "domain/user.h"
#include "store/store_user.h"

static const char usage[] =
    "usage: frontdoor user add --username U --name \"N\" --role R [--team T] [--db PATH]\n"
    "       frontdoor user list [--db PATH]\n"
    "       frontdoor user unlock --username U [--db PATH]\n\n"
    "add reads the password from standard input (first line, at least 12 characters).\n"
    "roles: agent, practitioner, manager, duty_manager, coordinator, analyst, admin\n";

struct add {
    struct user u;
    const char *team;
    struct err_info info;
};

static enum err add_apply(struct store_tx *tx, void *arg)
{
    struct add *a = arg;
    if (a->team) {
        enum err rc = store_team_ensure(tx, a->team, NULL, &a->u.team_id);
        if (rc)
            return rc;
    }
    return store_user_insert(tx, &a->u);
}

static int read_password(char *out, size_t len)
{
    if (!fgets(out, (int)len, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

static int user_add(int argc, char **argv)
{
    const char *db = NULL, *username = NULL, *name = NULL, *role = NULL, *team = NULL;
    const struct cli_opt opts[] = {{"db", &db, NULL},     {"username", &username, NULL},
                                   {"name", &name, NULL}, {"role", &role, NULL},
                                   {"team", &team, NULL}, {NULL, NULL, NULL}};
    int rc = cli_parse("user add", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (!username || !name || !role)
        return cli_usage_error("user add", "--username, --name and --role are required");
    static struct add a;
    memset(&a, 0, sizeof(a));
    snprintf(a.u.username, sizeof(a.u.username), "%s", username);
    snprintf(a.u.name, sizeof(a.u.name), "%s", name);
    a.u.role = role_parse(role);
    a.team = team;
    if (strlen(username) > USERNAME_MAX || strlen(name) > USER_NAME_MAX * 4 ||
        user_validate(&a.u, &a.info))
        return cli_usage_error("user add", "%s",
                               a.info.message[0] ? a.info.message : "username or name too long");
    char password[USER_PASSWORD_MAX + 2];
    if (read_password(password, sizeof(password)))
        return cli_usage_error("user add", "give the password on standard input");
    if (user_password_check(password, &a.info)) {
        secret_wipe(password, sizeof(password));
        return cli_usage_error("user add", "%s", a.info.message);
    }
    enum err e = secret_password_hash(password, a.u.password_hash);
    secret_wipe(password, sizeof(password));
    if (e) {
        fprintf(stderr, "frontdoor user add: could not hash the password\n");
        return EXIT_FAIL;
    }
    struct store *s = cli_open_store("user add", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    e = store_write(s, add_apply, &a);
    store_close(s);
    if (e == E_CONFLICT) {
        fprintf(stderr, "frontdoor user add: username '%s' is taken\n", username);
        return EXIT_FAIL;
    }
    if (e) {
        fprintf(stderr, "frontdoor user add: could not add the user (%s)\n", err_name(e));
        return EXIT_FAIL;
    }
    printf("added user %s (%s) with id %lld\n", username, role_name(a.u.role), (long long)a.u.id);
    return EXIT_OK;
}

static void print_user(const struct user *u, void *arg)
{
    (void)arg;
    printf("%-20s %-13s %-30s %-30s%s\n", u->username, role_name(u->role), u->name,
           u->team_name[0] ? u->team_name : "-", u->locked_until ? "  (locked)" : "");
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    return store_user_each(tx, print_user, arg);
}

static int user_list(int argc, char **argv)
{
    const char *db = NULL;
    const struct cli_opt opts[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    int rc = cli_parse("user list", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    struct store *s = cli_open_store("user list", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    printf("%-20s %-13s %-30s %-30s\n", "USERNAME", "ROLE", "NAME", "TEAM");
    enum err e = store_read(s, list_apply, NULL);
    store_close(s);
    return e ? EXIT_FAIL : EXIT_OK;
}

struct unlock {
    const char *username;
};

static enum err unlock_apply(struct store_tx *tx, void *arg)
{
    struct unlock *u = arg;
    struct user found;
    enum err rc = store_user_by_username(tx, u->username, &found);
    if (rc)
        return rc;
    return store_user_unlock(tx, found.id);
}

static int user_unlock(int argc, char **argv)
{
    const char *db = NULL, *username = NULL;
    const struct cli_opt opts[] = {{"db", &db, NULL}, {"username", &username, NULL},
                                   {NULL, NULL, NULL}};
    int rc = cli_parse("user unlock", usage, argc, argv, 2, opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (!username)
        return cli_usage_error("user unlock", "--username is required");
    struct store *s = cli_open_store("user unlock", cli_db_path(db));
    if (!s)
        return EXIT_FAIL;
    struct unlock u = {username};
    enum err e = store_write(s, unlock_apply, &u);
    store_close(s);
    if (e) {
        fprintf(stderr, "frontdoor user unlock: could not unlock '%s' (%s)\n", username,
                err_name(e));
        return EXIT_FAIL;
    }
    printf("unlocked %s\n", username);
    return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "add") == 0)
        return user_add(argc, argv);
    if (strcmp(argv[1], "list") == 0)
        return user_list(argc, argv);
    if (strcmp(argv[1], "unlock") == 0)
        return user_unlock(argc, argv);
    return cli_usage_error("user", "unknown subcommand '%s' (add, list, unlock)", argv[1]);
}
