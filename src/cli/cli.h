/*
 * cli: the subcommand table of the frontdoor binary and a small strict option parser shared
 * by every subcommand. Each subcommand lives in cli/cmd_<name>.c and calls the same store and
 * domain functions the server does.
 */
#ifndef FD_CLI_CLI_H
#define FD_CLI_CLI_H

#include "core/err.h"
#include "store/store.h"

/* Exit codes: 0 ok, 1 the operation failed, 2 bad usage. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_opt {
    const char *name;   /* "db" for --db */
    const char **value; /* where the value goes; NULL for a flag */
    int *flag;          /* set to 1 when a flag is present */
};

/* Parses argv[first..argc) as --name value / --name=value / --flag. On error prints
 * "frontdoor CMD: ..." and returns EXIT_USAGE; returns -1 when --help was given (usage
 * printed), EXIT_OK otherwise. */
int cli_parse(const char *cmd, const char *usage, int argc, char **argv, int first,
              const struct cli_opt *opts);
/* Prints "frontdoor CMD: message" to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The database path: --db, else $FRONTDOOR_DB, else "frontdoor.db". */
const char *cli_db_path(const char *from_flag);
/* Opens the store at path, printing any error; NULL on failure. Only cmd "init" may create
 * the file; every other command needs an existing database. */
struct store *cli_open_store(const char *cmd, const char *path);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/* Dispatches argv[1] to its subcommand; returns the exit code. */
int cli_main(int argc, char **argv);

#endif
