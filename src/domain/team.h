/*
 * team: a team or service in the directory (issue 3; requirements H2, A7, W15) — the council's
 * own teams (contact centre, children's reception, referral and assessment, CLA teams, leaving
 * care, adult intake, specialist adult teams, locality hubs, early help, the emergency duty
 * team) and the outside services the front door refers or signposts to (other agencies and the
 * voluntary sector). A team has a type, a locality, a duty line, opening hours per weekday and
 * one-off closed days, from which team_calendar builds the working calendar deadlines run on.
 * Rows are kept by store/store_team; workers and their membership are domain/worker.
 */
#ifndef FD_DOMAIN_TEAM_H
#define FD_DOMAIN_TEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/calendar.h"
#include "domain/directory.h"

enum team_type {
    TEAM_TYPE_NONE = 0,
    TEAM_CONTACT_CENTRE,
    TEAM_CHILDRENS_RECEPTION,
    TEAM_REFERRAL_ASSESSMENT,
    TEAM_CLA,
    TEAM_LEAVING_CARE,
    TEAM_ADULT_INTAKE,
    TEAM_SPECIALIST_ADULT,
    TEAM_LOCALITY_HUB,
    TEAM_EARLY_HELP,
    TEAM_EMERGENCY_DUTY,
    TEAM_EXTERNAL_AGENCY,
    TEAM_VOLUNTARY_SECTOR,
    TEAM_TYPE_COUNT
};

#define TEAM_NAME_MAX 100 /* characters */
#define TEAM_LOCALITY_MAX 100
#define TEAM_WEBSITE_MAX 300
#define TEAM_DESCRIPTION_MAX 1000
#define TEAM_CLOSED_REASON_MAX 200

/* A team. Plain data with fixed buffers (UTF-8, up to 4 bytes a character), freely copied. */
struct team {
    int64_t id;
    char name[TEAM_NAME_MAX * 4 + 1];
    enum team_type type;
    char locality[TEAM_LOCALITY_MAX * 4 + 1];
    char duty_line[DIRECTORY_PHONE_SIZE]; /* as typed; "" when none */
    char email[DIRECTORY_EMAIL_SIZE];
    char website[TEAM_WEBSITE_MAX + 1]; /* http(s) address, ASCII */
    char description[TEAM_DESCRIPTION_MAX * 4 + 1];
    struct work_pattern hours; /* opening hours */
    bool closed_bank_holidays; /* closed on England and Wales bank holidays */
    int64_t created_at;        /* UTC ms */
    int64_t updated_at;        /* UTC ms, 0 when never changed */
};

/* A one-off closure of a team for a whole local day. */
struct team_closed_day {
    int64_t id;
    int64_t team_id;
    struct ukclock_date day;
    char reason[TEAM_CLOSED_REASON_MAX * 4 + 1];
};

/* "contact_centre", ... Static string; "" for TEAM_TYPE_NONE. */
const char *team_type_name(enum team_type t);
/* TEAM_TYPE_NONE when name is not a type. */
enum team_type team_type_parse(const char *name);
/* "Contact centre", "Children's reception", ... Static string. */
const char *team_type_label(enum team_type t);
/* True for the council's own teams, false for outside agencies and the voluntary sector. */
bool team_type_is_council(enum team_type t);

/* A team with defaults: no id, Monday to Friday 09:00-17:00, closed on bank holidays. */
void team_init(struct team *t);
/* Checks a team as filled in; names the field at fault ("name", "type", "hours.monday", ...). */
enum err team_validate(const struct team *t, struct err_info *info) MUST_CHECK;
/* Checks a closed day: a real date and a reason. */
enum err team_closed_day_validate(const struct team_closed_day *c,
                                  struct err_info *info) MUST_CHECK;

/* A team's working calendar with the closed dates it borrows, owned together. */
struct team_calendar {
    struct calendar cal;
    struct ukclock_date *closed; /* owned */
    size_t n_closed;
};

/* Builds t's working calendar: its opening hours, bank holidays unless it works them, and the
 * closed dates (copied). *out is owned by the caller: team_calendar_release. E_INVALID when
 * the hours do not parse or a date does not exist, E_TOOBIG over CALENDAR_MAX_CLOSED dates. */
enum err team_calendar_build(const struct team *t, const struct ukclock_date *closed, size_t n,
                             struct team_calendar *out) MUST_CHECK;
void team_calendar_release(struct team_calendar *tc);

#endif
