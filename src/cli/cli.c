/*
 * cli: dispatch and option parsing. Options are strict: an unknown flag or a missing value is
 * a usage error with a one-line message and exit code 2, never ignored.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"init", cmd_init, "create or migrate a database; --demo loads a demo council"},
    {"serve", cmd_serve, "serve the web app and API"},
    {"user", cmd_user, "add, list and unlock users"},
    {"token", cmd_token, "create bearer tokens for integrations"},
    {"audit", cmd_audit, "verify the audit log's hash chain"},
    {"calendar", cmd_calendar, "working-time arithmetic and bank holidays"},
    {"import", cmd_import, "import teams, workers, allocations (CSV) and calendars (.ics)"},
    {"bench", cmd_bench, "measure person matching: quality (FEBRL files) and search speed"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "frontdoor %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_parse(const char *cmd, const char *usage, int argc, char **argv, int first,
              const struct cli_opt *opts)
{
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        if (strncmp(arg, "--", 2) != 0)
            return cli_usage_error(cmd, "unexpected argument '%s' (see --help)", arg);
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const struct cli_opt *o = opts;
        while (o->name && !(strlen(o->name) == name_len && strncmp(o->name, name, name_len) == 0))
            o++;
        if (!o->name)
            return cli_usage_error(cmd, "unknown option '--%.*s' (see --help)", (int)name_len,
                                   name);
        if (!o->value) {
            if (eq)
                return cli_usage_error(cmd, "option '--%s' takes no value", o->name);
            *o->flag = 1;
            continue;
        }
        if (eq) {
            *o->value = eq + 1;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            return cli_usage_error(cmd, "option '--%s' needs a value", o->name);
        }
    }
    return EXIT_OK;
}

const char *cli_db_path(const char *from_flag)
{
    if (from_flag && *from_flag)
        return from_flag;
    const char *env = getenv("FRONTDOOR_DB");
    return env && *env ? env : "frontdoor.db";
}

struct store *cli_open_store(const char *cmd, const char *path)
{
    /* only init creates a database: elsewhere a mistyped path must not pass as an empty one */
    if (strcmp(cmd, "init") != 0 && access(path, F_OK) != 0) {
        fprintf(stderr, "frontdoor %s: database '%s' does not exist (create it with 'frontdoor "
                        "init --db %s')\n",
                cmd, path, path);
        return NULL;
    }
    struct store *s = NULL;
    struct err_info info = {{0}, {0}};
    if (store_open(path, NULL, &s, &info)) {
        fprintf(stderr, "frontdoor %s: %s\n", cmd, info.message);
        return NULL;
    }
    return s;
}

static void print_help(void)
{
    printf("usage: frontdoor <command> [options]\n\n"
           "frontdoor: the social care front door — contacts, triage, routing and deadlines.\n\n"
           "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("\nRun 'frontdoor <command> --help' for a command's options.\n");
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        print_help();
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_help();
        return EXIT_OK;
    }
    const char *level = getenv("FRONTDOOR_LOG");
    if (level && log_level_parse(level) >= 0)
        log_set_level((enum log_level)log_level_parse(level));
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "frontdoor: unknown command '%s' (see 'frontdoor --help')\n", argv[1]);
    return EXIT_USAGE;
}
