/*
 * worker: roles and the checks on a worker's details. Dates are local calendar dates and are
 * inclusive: a worker whose active_to is 2026-03-31 works that day and not the next.
 */
#include "domain/worker.h"

#include <string.h>

static const struct {
    const char *name, *label;
} roles[WORKER_ROLE_COUNT] = {
    [WORKER_ROLE_NONE] = {"", ""},
    [WORKER_CONTACT_AGENT] = {"contact_agent", "Contact agent"},
    [WORKER_SOCIAL_WORKER] = {"social_worker", "Social worker"},
    [WORKER_SENIOR_PRACTITIONER] = {"senior_practitioner", "Senior practitioner"},
    [WORKER_PERSONAL_ADVISER] = {"personal_adviser", "Personal adviser"},
    [WORKER_FAMILY_SUPPORT_WORKER] = {"family_support_worker", "Family support worker"},
    [WORKER_OCCUPATIONAL_THERAPIST] = {"occupational_therapist", "Occupational therapist"},
    [WORKER_LOCALITY_COORDINATOR] = {"locality_coordinator", "Locality services co-ordinator"},
    [WORKER_BUSINESS_SUPPORT] = {"business_support", "Business support"},
    [WORKER_TEAM_MANAGER] = {"team_manager", "Team manager"},
    [WORKER_SERVICE_MANAGER] = {"service_manager", "Service manager"},
    [WORKER_HEAD_OF_SERVICE] = {"head_of_service", "Head of service"},
    [WORKER_OTHER] = {"other", "Other"},
};

const char *worker_role_name(enum worker_role r)
{
    return (unsigned)r < WORKER_ROLE_COUNT ? roles[r].name : "";
}

const char *worker_role_label(enum worker_role r)
{
    return (unsigned)r < WORKER_ROLE_COUNT ? roles[r].label : "";
}

enum worker_role worker_role_parse(const char *name)
{
    for (int r = WORKER_ROLE_NONE + 1; name && r < WORKER_ROLE_COUNT; r++)
        if (strcmp(name, roles[r].name) == 0)
            return (enum worker_role)r;
    return WORKER_ROLE_NONE;
}

void worker_init(struct worker *w)
{
    memset(w, 0, sizeof(*w));
    directory_pattern_default(&w->hours);
}

static int date_cmp(struct ukclock_date a, struct ukclock_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

static bool date_ok(struct ukclock_date d)
{
    return d.year == 0 ||
           (ukclock_date_valid(d) && d.year >= CALENDAR_FIRST_YEAR && d.year <= CALENDAR_LAST_YEAR);
}

enum err worker_validate(const struct worker *w, struct err_info *info)
{
    char scratch[WORKER_NAME_MAX * 4 + 1];
    enum err rc = directory_text(scratch, sizeof(scratch), w->name, WORKER_NAME_MAX, true, false,
                                 "name", "the worker's name", info);
    if (rc)
        return rc;
    for (const char *c = w->staff_number; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
              *c == '-' || *c == '_' || *c == '/' || *c == '.'))
            return err_set(info, E_INVALID, "staff_number",
                           "the staff number may hold letters, digits, - _ / and . only");
    if (strlen(w->staff_number) > WORKER_STAFF_NUMBER_MAX)
        return err_set(info, E_INVALID, "staff_number",
                       "the staff number must be %d characters or fewer", WORKER_STAFF_NUMBER_MAX);
    rc = directory_text(scratch, sizeof(scratch), w->job_title, WORKER_JOB_TITLE_MAX, false, false,
                        "job_title", "the job title", info);
    if (rc)
        return rc;
    if (w->role <= WORKER_ROLE_NONE || w->role >= WORKER_ROLE_COUNT)
        return err_set(info, E_INVALID, "role",
                       "choose the worker's role, for example social_worker or "
                       "personal_adviser");
    rc = directory_phone(scratch, w->phone, "phone", info);
    if (!rc)
        rc = directory_email(scratch, w->email, "email", info);
    if (rc)
        return rc;
    if (!date_ok(w->active_from))
        return err_set(info, E_INVALID, "active_from", "enter a date as YYYY-MM-DD");
    if (!date_ok(w->active_to))
        return err_set(info, E_INVALID, "active_to", "enter a date as YYYY-MM-DD");
    if (w->active_from.year && w->active_to.year && date_cmp(w->active_to, w->active_from) < 0)
        return err_set(info, E_INVALID, "active_to",
                       "the last working day cannot be before the first");
    if (w->id && w->line_manager_id == w->id)
        return err_set(info, E_INVALID, "line_manager_id",
                       "a worker cannot be their own line manager");
    if (w->n_teams > WORKER_MAX_TEAMS)
        return err_set(info, E_INVALID, "teams", "a worker can be in at most %d teams",
                       WORKER_MAX_TEAMS);
    for (size_t i = 0; i < w->n_teams; i++) {
        if (w->teams[i].team_id <= 0)
            return err_set(info, E_INVALID, "teams", "choose the worker's team");
        for (size_t j = 0; j < i; j++)
            if (w->teams[j].team_id == w->teams[i].team_id)
                return err_set(info, E_INVALID, "teams", "the worker is in the same team twice");
    }
    return directory_pattern_validate(&w->hours, "hours", info);
}

enum err worker_add_team(struct worker *w, int64_t team_id, bool is_manager, struct err_info *info)
{
    if (worker_in_team(w, team_id))
        return err_set(info, E_INVALID, "teams", "the worker is in the same team twice");
    if (w->n_teams >= WORKER_MAX_TEAMS)
        return err_set(info, E_INVALID, "teams", "a worker can be in at most %d teams",
                       WORKER_MAX_TEAMS);
    struct worker_team *t = &w->teams[w->n_teams++];
    memset(t, 0, sizeof(*t));
    t->team_id = team_id;
    t->is_manager = is_manager;
    return E_OK;
}

bool worker_in_team(const struct worker *w, int64_t team_id)
{
    for (size_t i = 0; i < w->n_teams; i++)
        if (w->teams[i].team_id == team_id)
            return true;
    return false;
}

bool worker_active_on(const struct worker *w, struct ukclock_date d)
{
    if (w->active_from.year && date_cmp(d, w->active_from) < 0)
        return false;
    if (w->active_to.year && date_cmp(d, w->active_to) > 0)
        return false;
    return true;
}
