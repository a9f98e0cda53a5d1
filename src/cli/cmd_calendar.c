/*
 * cmd_calendar: `frontdoor calendar add` works out a deadline from an instant and an amount of
 * working (or elapsed) time on the default working calendar (Monday to Friday 09:00-17:00, closed
 * on England and Wales bank holidays), and `frontdoor calendar holidays` lists a year's bank
 * holidays, so a duty manager or a script can check a date by hand. It parses arguments and
 * prints; every rule is in domain/calendar and core/ukclock (see docs/working-time.md). With
 * --team it uses that team's own calendar from the directory (its opening hours, whether it
 * works bank holidays, its closed days: store_team_calendar).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ukclock.h"
#include "core/xalloc.h"
#include "domain/calendar.h"
#include "domain/team.h"
#include "store/store_team.h"

#define CMD "calendar"

enum {
    MAX_AMOUNT = 1000000, /* working days, hours or minutes; the years run out long before */
};

static const char usage[] =
    "usage: frontdoor calendar add --from TIME AMOUNT [--team TEAM --db PATH]\n"
    "       frontdoor calendar holidays --year YEAR\n"
    "\n"
    "add prints TIME plus AMOUNT as Europe/London ISO-8601 with its offset, on the default\n"
    "working calendar: Monday to Friday 09:00-17:00, closed on England and Wales bank holidays.\n"
    "AMOUNT is exactly one of:\n"
    "  --working-days N     N working days on, at the same local time of day\n"
    "  --working-hours N    N hours of working time\n"
    "  --working-minutes N  N minutes of working time\n"
    "  --minutes N          N minutes of elapsed time (may be negative)\n"
    "TIME is 2026-11-23T09:15:00Z, 2026-11-23T10:15:00+01:00, 2026-11-23T09:15 (Europe/London\n"
    "wall clock) or 2026-11-23 (local midnight).\n"
    "--team TEAM (a team's name or id) uses that team's opening hours, bank holidays and\n"
    "closed days from the directory in the database --db PATH instead.\n"
    "\n"
    "holidays lists the bank holidays of YEAR (1996-2100), one per line: date, tab, name.\n"
    "The rules are explained in docs/working-time.md.\n";

/* A whole number in [lo, hi] with nothing after it. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || *s == '\0')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

enum amount_kind { WORKING_DAYS, WORKING_HOURS, WORKING_MINUTES, ELAPSED_MINUTES, N_KINDS };

static const char *const amount_names[N_KINDS] = {"working-days", "working-hours",
                                                  "working-minutes", "minutes"};

struct team_lookup {
    const char *team; /* a name, or an id */
    struct team_calendar *out;
};

static enum err team_calendar_apply(struct store_tx *tx, void *arg)
{
    struct team_lookup *l = arg;
    long id;
    struct team *t = xcalloc(1, sizeof(*t));
    enum err rc = store_team_by_name(tx, l->team, t);
    if (rc == E_NOTFOUND && parse_long(l->team, 1, 2000000000L, &id) == 0)
        rc = store_team_get(tx, id, t);
    if (!rc)
        rc = store_team_calendar(tx, t->id, l->out);
    free(t);
    return rc;
}

/* Reads the calendar of team (name or id) from the database at db into *out. */
static int load_team_calendar(const char *db, const char *team, struct team_calendar *out)
{
    struct store *s = cli_open_store(CMD, db);
    if (!s)
        return EXIT_FAIL;
    struct team_lookup l = {team, out};
    enum err rc = store_read(s, team_calendar_apply, &l);
    store_close(s);
    if (rc == E_NOTFOUND) {
        fprintf(stderr, "frontdoor %s: there is no team '%s'\n", CMD, team);
        return EXIT_FAIL;
    }
    if (rc) {
        fprintf(stderr, "frontdoor %s: could not read the calendar of team '%s' (%s)\n", CMD,
                team, err_name(rc));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int cmd_add(int argc, char **argv)
{
    const char *from_s = NULL, *team = NULL, *db = NULL;
    const char *amount_s[N_KINDS] = {NULL, NULL, NULL, NULL};
    const struct cli_opt opts[] = {
        {"from", &from_s, NULL},
        {"working-days", &amount_s[WORKING_DAYS], NULL},
        {"working-hours", &amount_s[WORKING_HOURS], NULL},
        {"working-minutes", &amount_s[WORKING_MINUTES], NULL},
        {"minutes", &amount_s[ELAPSED_MINUTES], NULL},
        {"team", &team, NULL},
        {"db", &db, NULL},
        {NULL, NULL, NULL},
    };
    int rc = cli_parse(CMD, usage, argc, argv, 2, opts);
    if (rc < 0)
        return EXIT_OK; /* --help */
    if (rc != EXIT_OK)
        return rc;

    if (!from_s)
        return cli_usage_error(CMD, "add needs --from");
    int kind = -1;
    for (int k = 0; k < N_KINDS; k++) {
        if (!amount_s[k])
            continue;
        if (kind >= 0)
            return cli_usage_error(CMD, "give only one of --working-days, --working-hours, "
                                        "--working-minutes and --minutes");
        kind = k;
    }
    if (kind < 0)
        return cli_usage_error(CMD, "add needs one of --working-days, --working-hours, "
                                    "--working-minutes and --minutes");
    long amount;
    long lo = kind == ELAPSED_MINUTES ? -MAX_AMOUNT : 0;
    if (parse_long(amount_s[kind], lo, MAX_AMOUNT, &amount) != 0)
        return cli_usage_error(CMD, "--%s '%s' is not a whole number from %ld to %d",
                               amount_names[kind], amount_s[kind], lo, (int)MAX_AMOUNT);
    int64_t from;
    if (ukclock_parse_iso(from_s, UKCLOCK_PARSE_LOCAL, &from) != E_OK)
        return cli_usage_error(CMD, "--from '%s' is not a valid ISO-8601 date or time", from_s);
    if (team && !db)
        return cli_usage_error(CMD, "--team needs a database (--db)");

    struct team_calendar tc;
    memset(&tc, 0, sizeof(tc));
    calendar_init(&tc.cal);
    if (team) {
        rc = load_team_calendar(db, team, &tc);
        if (rc != EXIT_OK)
            return rc;
    }
    const struct calendar cal = tc.cal;
    int64_t result = 0;
    enum err err = E_INVALID;
    switch ((enum amount_kind)kind) {
    case WORKING_DAYS:
        err = calendar_add_working_days(&cal, from, amount, &result);
        break;
    case WORKING_HOURS:
        err = calendar_add_working_hours(&cal, from, amount, &result);
        break;
    case WORKING_MINUTES:
        err = calendar_add_working_minutes(&cal, from, amount, &result);
        break;
    case ELAPSED_MINUTES:
        err = calendar_add_minutes(from, amount, &result);
        break;
    case N_KINDS:
        break;
    }
    team_calendar_release(&tc);
    if (err)
        return cli_usage_error(CMD,
                               "cannot add --%s %ld to '%s': the calendar covers the years "
                               "%d-%d",
                               amount_names[kind], amount, from_s, (int)CALENDAR_FIRST_YEAR,
                               (int)CALENDAR_LAST_YEAR);
    char out[UKCLOCK_ISO_SIZE];
    ukclock_format_local(result, out);
    printf("%s\n", out);
    return EXIT_OK;
}

static int cmd_holidays(int argc, char **argv)
{
    const char *year_s = NULL;
    const struct cli_opt opts[] = {
        {"year", &year_s, NULL},
        {NULL, NULL, NULL},
    };
    int rc = cli_parse(CMD, usage, argc, argv, 2, opts);
    if (rc < 0)
        return EXIT_OK;
    if (rc != EXIT_OK)
        return rc;
    if (!year_s)
        return cli_usage_error(CMD, "holidays needs --year");
    long year;
    if (parse_long(year_s, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, &year) != 0)
        return cli_usage_error(CMD, "--year '%s' is not a year from %d to %d", year_s,
                               (int)CALENDAR_FIRST_YEAR, (int)CALENDAR_LAST_YEAR);
    struct calendar_holiday hols[CALENDAR_MAX_HOLIDAYS];
    size_t n = 0;
    if (calendar_bank_holidays((int)year, hols, &n) != E_OK)
        return cli_usage_error(CMD, "cannot list the bank holidays of '%s'", year_s);
    for (size_t i = 0; i < n; i++) {
        char date[UKCLOCK_ISO_SIZE];
        ukclock_format_date(hols[i].date, date);
        printf("%s\t%s\n", date, hols[i].name);
    }
    return EXIT_OK;
}

int cmd_calendar(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(CMD, "missing subcommand: add or holidays (see --help)");
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(sub, "add") == 0)
        return cmd_add(argc, argv);
    if (strcmp(sub, "holidays") == 0)
        return cmd_holidays(argc, argv);
    return cli_usage_error(CMD, "unknown subcommand '%s': add or holidays (see --help)", sub);
}
