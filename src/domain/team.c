/*
 * team: the team types and the checks on a team's details. A team's calendar is its opening
 * hours plus bank holidays (unless it is a team, such as an EDT, that works them) plus its
 * one-off closed days.
 */
#include "domain/team.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static const struct {
    const char *name, *label;
    bool council;
} types[TEAM_TYPE_COUNT] = {
    [TEAM_TYPE_NONE] = {"", "", false},
    [TEAM_CONTACT_CENTRE] = {"contact_centre", "Contact centre", true},
    [TEAM_CHILDRENS_RECEPTION] = {"childrens_reception", "Children's reception", true},
    [TEAM_REFERRAL_ASSESSMENT] = {"referral_assessment", "Referral and assessment", true},
    [TEAM_CLA] = {"cla_team", "Children looked after team", true},
    [TEAM_LEAVING_CARE] = {"leaving_care", "Leaving care", true},
    [TEAM_ADULT_INTAKE] = {"adult_intake", "Adult intake", true},
    [TEAM_SPECIALIST_ADULT] = {"specialist_adult", "Specialist adult team", true},
    [TEAM_LOCALITY_HUB] = {"locality_hub", "Locality hub", true},
    [TEAM_EARLY_HELP] = {"early_help", "Early help", true},
    [TEAM_EMERGENCY_DUTY] = {"emergency_duty", "Emergency duty team", true},
    [TEAM_EXTERNAL_AGENCY] = {"external_agency", "External agency", false},
    [TEAM_VOLUNTARY_SECTOR] = {"voluntary_sector", "Voluntary and community sector", false},
};

const char *team_type_name(enum team_type t)
{
    return (unsigned)t < TEAM_TYPE_COUNT ? types[t].name : "";
}

const char *team_type_label(enum team_type t)
{
    return (unsigned)t < TEAM_TYPE_COUNT ? types[t].label : "";
}

bool team_type_is_council(enum team_type t)
{
    return (unsigned)t < TEAM_TYPE_COUNT && types[t].council;
}

enum team_type team_type_parse(const char *name)
{
    for (int t = TEAM_TYPE_NONE + 1; name && t < TEAM_TYPE_COUNT; t++)
        if (strcmp(name, types[t].name) == 0)
            return (enum team_type)t;
    return TEAM_TYPE_NONE;
}

void team_init(struct team *t)
{
    memset(t, 0, sizeof(*t));
    directory_pattern_default(&t->hours);
    t->closed_bank_holidays = true;
}

static bool website_ok(const char *w)
{
    if (strncmp(w, "https://", 8) != 0 && strncmp(w, "http://", 7) != 0)
        return false;
    const char *host = strstr(w, "://") + 3;
    if (*host == '\0' || *host == '/')
        return false;
    for (const char *c = w; *c; c++)
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f || *c == '"' || *c == '<' ||
            *c == '>')
            return false;
    return true;
}

enum err team_validate(const struct team *t, struct err_info *info)
{
    char scratch[TEAM_DESCRIPTION_MAX * 4 + 1];
    enum err rc = directory_text(scratch, sizeof(scratch), t->name, TEAM_NAME_MAX, true, false,
                                 "name", "the team's name", info);
    if (rc)
        return rc;
    if (t->type <= TEAM_TYPE_NONE || t->type >= TEAM_TYPE_COUNT)
        return err_set(info, E_INVALID, "type",
                       "choose the type of team, for example referral_assessment or "
                       "voluntary_sector");
    rc = directory_text(scratch, sizeof(scratch), t->locality, TEAM_LOCALITY_MAX, false, false,
                        "locality", "the locality", info);
    if (!rc)
        rc = directory_phone(scratch, t->duty_line, "duty_line", info);
    if (!rc)
        rc = directory_email(scratch, t->email, "email", info);
    if (rc)
        return rc;
    if (t->website[0] && (strlen(t->website) > TEAM_WEBSITE_MAX || !website_ok(t->website)))
        return err_set(info, E_INVALID, "website",
                       "enter the website as an address starting with https://");
    rc = directory_text(scratch, sizeof(scratch), t->description, TEAM_DESCRIPTION_MAX, false, true,
                        "description", "the description", info);
    if (!rc)
        rc = directory_pattern_validate(&t->hours, "hours", info);
    return rc;
}

enum err team_closed_day_validate(const struct team_closed_day *c, struct err_info *info)
{
    if (!ukclock_date_valid(c->day) || c->day.year < CALENDAR_FIRST_YEAR ||
        c->day.year > CALENDAR_LAST_YEAR)
        return err_set(info, E_INVALID, "date", "enter the date the team is closed as YYYY-MM-DD");
    char scratch[TEAM_CLOSED_REASON_MAX * 4 + 1];
    return directory_text(scratch, sizeof(scratch), c->reason, TEAM_CLOSED_REASON_MAX, true, false,
                          "reason", "why the team is closed", info);
}

enum err team_calendar_build(const struct team *t, const struct ukclock_date *closed, size_t n,
                             struct team_calendar *out)
{
    memset(out, 0, sizeof(*out));
    if (n > CALENDAR_MAX_CLOSED)
        return E_TOOBIG;
    struct calendar cal;
    enum err rc = directory_pattern_calendar(&t->hours, t->closed_bank_holidays, &cal);
    if (rc)
        return rc;
    struct ukclock_date *copy = NULL;
    if (n > 0) {
        copy = xmalloc(n * sizeof(*copy));
        memcpy(copy, closed, n * sizeof(*copy));
    }
    rc = calendar_set_closed_dates(&cal, copy, n);
    if (rc) {
        free(copy);
        return rc;
    }
    out->cal = cal;
    out->closed = copy;
    out->n_closed = n;
    return E_OK;
}

void team_calendar_release(struct team_calendar *tc)
{
    free(tc->closed);
    memset(tc, 0, sizeof(*tc));
    calendar_init(&tc->cal);
}
