/*
 * directory_json: the directory's JSON shapes. Text fields pass through domain/directory's
 * checks on the way in, so a value that is too long is refused, never cut.
 */
#include "http/directory_json.h"

#include <string.h>

#include "core/timefmt.h"
#include "domain/directory.h"
#include "http/jsonin.h"

json_t *instant_to_json(int64_t at_ms)
{
    if (!at_ms)
        return json_null();
    char s[TIMEFMT_LEN];
    timefmt_utc(at_ms, s);
    return json_string(s);
}

static json_t *date_to_json(struct ukclock_date d)
{
    if (!d.year)
        return json_null();
    char s[DIRECTORY_DATE_SIZE];
    directory_date_format(d, s);
    return json_string(s);
}

json_t *pattern_to_json(const struct work_pattern *p)
{
    json_t *o = json_object();
    for (int d = 0; d < 7; d++)
        json_object_set_new(o, directory_weekday_key((enum ukclock_weekday)d),
                            json_string(p->day[d]));
    return o;
}

json_t *team_to_json(const struct team *t)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:o, s:o}", "id",
                     (json_int_t)t->id, "name", t->name, "type", team_type_name(t->type),
                     "type_label", team_type_label(t->type), "locality", t->locality, "duty_line",
                     t->duty_line, "email", t->email, "website", t->website, "description",
                     t->description, "hours", pattern_to_json(&t->hours), "closed_bank_holidays",
                     t->closed_bank_holidays, "council", team_type_is_council(t->type),
                     "created_at", instant_to_json(t->created_at), "updated_at",
                     instant_to_json(t->updated_at));
}

json_t *worker_to_json(const struct worker *w)
{
    json_t *teams = json_array();
    for (size_t i = 0; i < w->n_teams; i++)
        json_array_append_new(
            teams, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)w->teams[i].team_id, "name",
                             w->teams[i].team_name, "is_manager", w->teams[i].is_manager));
    json_t *manager = w->line_manager_id
                          ? json_pack("{s:I, s:s}", "id", (json_int_t)w->line_manager_id, "name",
                                      w->line_manager_name)
                          : json_null();
    json_t *user =
        w->user_id ? json_pack("{s:I, s:s}", "id", (json_int_t)w->user_id, "username", w->username)
                   : json_null();
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:b, s:o, s:o, s:o,"
        " s:o, s:b, s:o, s:o}",
        "id", (json_int_t)w->id, "staff_number", w->staff_number, "name", w->name, "job_title",
        w->job_title, "role", worker_role_name(w->role), "role_label", worker_role_label(w->role),
        "teams", teams, "line_manager", manager, "phone", w->phone, "email", w->email,
        "safeguarding_qualified", w->safeguarding_qualified, "active_from",
        date_to_json(w->active_from), "active_to", date_to_json(w->active_to), "user", user,
        "hours", pattern_to_json(&w->hours), "works_bank_holidays", w->works_bank_holidays,
        "created_at", instant_to_json(w->created_at), "updated_at", instant_to_json(w->updated_at));
}

json_t *allocation_to_json(const struct allocation *a, int64_t now_ms)
{
    json_t *worker = a->worker_id ? json_pack("{s:I, s:s}", "id", (json_int_t)a->worker_id, "name",
                                              a->worker_name)
                                  : json_null();
    json_t *team = a->team_id
                       ? json_pack("{s:I, s:s}", "id", (json_int_t)a->team_id, "name", a->team_name)
                       : json_null();
    json_t *end = a->ended_at ? json_pack("{s:o, s:s, s:I}", "at", instant_to_json(a->ended_at),
                                          "reason", a->end_reason, "by", (json_int_t)a->ended_by)
                              : json_null();
    return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:o, s:I}", "id",
                     (json_int_t)a->id, "person_id", (json_int_t)a->person_id, "kind",
                     allocation_kind_name(a->kind), "kind_label", allocation_kind_label(a->kind),
                     "worker", worker, "team", team, "starts_at", instant_to_json(a->starts_at),
                     "ends_at", instant_to_json(allocation_effective_end(a)), "ended", end,
                     "current", allocation_is_current(a, now_ms), "note", a->note, "created_at",
                     instant_to_json(a->created_at), "created_by", (json_int_t)a->created_by);
}

json_t *entry_to_json(const struct availability_entry *e, bool show_title)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "id", (json_int_t)e->id, "kind",
                  availability_kind_name(e->kind), "kind_label", availability_kind_label(e->kind),
                  "starts_at", instant_to_json(e->starts_at), "ends_at",
                  instant_to_json(e->ends_at), "source", e->source);
    if (show_title)
        json_object_set_new(o, "title", json_string(e->title));
    return o;
}

enum err dirjson_int64(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out,
                       int *present, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (present)
        *present = 0;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return err_set(info, E_INVALID, key, "'%s' must be a whole number from %lld to %lld", key,
                       (long long)min, (long long)max);
    *out = json_integer_value(v);
    if (present)
        *present = 1;
    return E_OK;
}

static enum err get_bool(json_t *obj, const char *key, bool *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, key, "'%s' must be true or false", key);
    *out = json_is_true(v);
    return E_OK;
}

/* A text field into dst when present (absent or null: unchanged). */
static enum err get_text(json_t *obj, const char *key, char *dst, size_t size, long max_chars,
                         bool required, bool multiline, const char *what, struct err_info *info)
{
    const char *s = NULL;
    enum err rc = jsonin_string(obj, key, &s, info);
    if (rc || !json_object_get(obj, key))
        return rc;
    return directory_text(dst, size, s, max_chars, required, multiline, key, what, info);
}

static enum err get_pattern(json_t *obj, const char *key, struct work_pattern *p,
                            struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_object(v))
        return err_set(info, E_INVALID, key,
                       "'%s' must be an object of weekdays, for example {\"monday\": "
                       "\"09:00-17:00\"}",
                       key);
    const char *day;
    json_t *text;
    json_object_foreach(v, day, text)
    {
        int wd = -1;
        for (int d = 0; d < 7; d++)
            if (strcmp(day, directory_weekday_key((enum ukclock_weekday)d)) == 0)
                wd = d;
        char field[64];
        snprintf(field, sizeof(field), "%s.%.20s", key, day);
        if (wd < 0)
            return err_set(info, E_INVALID, field, "'%.20s' is not a weekday (monday ... sunday)",
                           day);
        if (!json_is_string(text))
            return err_set(info, E_INVALID, field, "give the hours as text, or \"closed\"");
        enum err rc = directory_pattern_set(p, (enum ukclock_weekday)wd, json_string_value(text),
                                            field, info);
        if (rc)
            return rc;
    }
    return E_OK;
}

enum err team_from_json(json_t *obj, struct team *t, struct err_info *info)
{
    static const char *const fields[] = {"name",        "type",  "locality",
                                         "duty_line",   "email", "website",
                                         "description", "hours", "closed_bank_holidays",
                                         "reason",      NULL};
    const char *type = NULL, *phone = NULL, *email = NULL, *website = NULL;
    enum err rc = jsonin_only(obj, fields, info);
    if (!rc)
        rc = get_text(obj, "name", t->name, sizeof(t->name), TEAM_NAME_MAX, true, false,
                      "the team's name", info);
    if (!rc)
        rc = jsonin_string(obj, "type", &type, info);
    if (!rc && type) {
        t->type = team_type_parse(type);
        if (t->type == TEAM_TYPE_NONE)
            rc = err_set(info, E_INVALID, "type",
                         "'%.40s' is not a team type: use contact_centre, childrens_reception, "
                         "referral_assessment, cla_team, leaving_care, adult_intake, "
                         "specialist_adult, locality_hub, early_help, emergency_duty, "
                         "external_agency or voluntary_sector",
                         type);
    }
    if (!rc)
        rc = get_text(obj, "locality", t->locality, sizeof(t->locality), TEAM_LOCALITY_MAX, false,
                      false, "the locality", info);
    if (!rc)
        rc = jsonin_string(obj, "duty_line", &phone, info);
    if (!rc && phone)
        rc = directory_phone(t->duty_line, phone, "duty_line", info);
    if (!rc)
        rc = jsonin_string(obj, "email", &email, info);
    if (!rc && email)
        rc = directory_email(t->email, email, "email", info);
    if (!rc)
        rc = jsonin_string(obj, "website", &website, info);
    if (!rc && website) {
        if (strlen(website) > TEAM_WEBSITE_MAX)
            rc = err_set(info, E_INVALID, "website", "the website address is too long");
        else
            snprintf(t->website, sizeof(t->website), "%s", website);
    }
    if (!rc)
        rc = get_text(obj, "description", t->description, sizeof(t->description),
                      TEAM_DESCRIPTION_MAX, false, true, "the description", info);
    if (!rc)
        rc = get_pattern(obj, "hours", &t->hours, info);
    if (!rc)
        rc = get_bool(obj, "closed_bank_holidays", &t->closed_bank_holidays, info);
    if (!rc)
        rc = team_validate(t, info);
    return rc;
}

static enum err get_date(json_t *obj, const char *key, struct ukclock_date *out,
                         struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return E_OK;
    if (json_is_null(v)) {
        memset(out, 0, sizeof(*out));
        return E_OK;
    }
    if (!json_is_string(v))
        return err_set(info, E_INVALID, key, "'%s' must be a date as YYYY-MM-DD", key);
    return directory_date(json_string_value(v), key, out, info);
}

static enum err get_teams(json_t *obj, struct worker *w, struct err_info *info)
{
    json_t *v = json_object_get(obj, "teams");
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_array(v))
        return err_set(info, E_INVALID, "teams",
                       "'teams' must be a list of team ids or {\"id\", \"is_manager\"}");
    w->n_teams = 0;
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        int64_t id = 0;
        bool manager = false;
        if (json_is_integer(item)) {
            id = json_integer_value(item);
        } else if (json_is_object(item)) {
            static const char *const fields[] = {"id", "is_manager", NULL};
            enum err rc = jsonin_only(item, fields, info);
            if (!rc)
                rc = dirjson_int64(item, "id", 1, INT64_MAX, &id, NULL, info);
            if (!rc)
                rc = get_bool(item, "is_manager", &manager, info);
            if (rc) {
                char detail[sizeof(info->message)] = "";
                if (info)
                    snprintf(detail, sizeof(detail), "%s", info->message);
                return err_set(info, E_INVALID, "teams", "%s", detail);
            }
        }
        if (id <= 0)
            return err_set(info, E_INVALID, "teams",
                           "each team is a team id or {\"id\": 3, \"is_manager\": true}");
        enum err rc = worker_add_team(w, id, manager, info);
        if (rc)
            return rc;
    }
    return E_OK;
}

enum err worker_from_json(json_t *obj, struct worker *w, const char **username_out,
                          struct err_info *info)
{
    static const char *const fields[] = {"staff_number", "name",      "job_title",
                                         "role",         "teams",     "line_manager_id",
                                         "phone",        "email",     "safeguarding_qualified",
                                         "active_from",  "active_to", "user_id",
                                         "username",     "hours",     "works_bank_holidays",
                                         "reason",       NULL};
    const char *role = NULL, *phone = NULL, *email = NULL, *staff = NULL;
    *username_out = NULL;
    enum err rc = jsonin_only(obj, fields, info);
    if (!rc)
        rc = jsonin_string(obj, "staff_number", &staff, info);
    if (!rc && staff) {
        if (strlen(staff) > WORKER_STAFF_NUMBER_MAX)
            rc =
                err_set(info, E_INVALID, "staff_number",
                        "the staff number must be %d characters or fewer", WORKER_STAFF_NUMBER_MAX);
        else
            snprintf(w->staff_number, sizeof(w->staff_number), "%s", staff);
    }
    if (!rc)
        rc = get_text(obj, "name", w->name, sizeof(w->name), WORKER_NAME_MAX, true, false,
                      "the worker's name", info);
    if (!rc)
        rc = get_text(obj, "job_title", w->job_title, sizeof(w->job_title), WORKER_JOB_TITLE_MAX,
                      false, false, "the job title", info);
    if (!rc)
        rc = jsonin_string(obj, "role", &role, info);
    if (!rc && role) {
        w->role = worker_role_parse(role);
        if (w->role == WORKER_ROLE_NONE)
            rc = err_set(info, E_INVALID, "role",
                         "'%.40s' is not a role: use contact_agent, social_worker, "
                         "senior_practitioner, personal_adviser, family_support_worker, "
                         "occupational_therapist, locality_coordinator, business_support, "
                         "team_manager, service_manager, head_of_service or other",
                         role);
    }
    if (!rc)
        rc = get_teams(obj, w, info);
    if (!rc) {
        int present = 0;
        int64_t id = 0;
        rc = dirjson_int64(obj, "line_manager_id", 1, INT64_MAX, &id, &present, info);
        if (!rc && json_object_get(obj, "line_manager_id"))
            w->line_manager_id = present ? id : 0;
    }
    if (!rc)
        rc = jsonin_string(obj, "phone", &phone, info);
    if (!rc && phone)
        rc = directory_phone(w->phone, phone, "phone", info);
    if (!rc)
        rc = jsonin_string(obj, "email", &email, info);
    if (!rc && email)
        rc = directory_email(w->email, email, "email", info);
    if (!rc)
        rc = get_bool(obj, "safeguarding_qualified", &w->safeguarding_qualified, info);
    if (!rc)
        rc = get_date(obj, "active_from", &w->active_from, info);
    if (!rc)
        rc = get_date(obj, "active_to", &w->active_to, info);
    if (!rc) {
        int present = 0;
        int64_t id = 0;
        rc = dirjson_int64(obj, "user_id", 1, INT64_MAX, &id, &present, info);
        if (!rc && json_object_get(obj, "user_id"))
            w->user_id = present ? id : 0;
    }
    if (!rc)
        rc = jsonin_string(obj, "username", username_out, info);
    if (!rc && *username_out && json_object_get(obj, "user_id"))
        rc = err_set(info, E_INVALID, "username", "give user_id or username, not both");
    if (!rc)
        rc = get_pattern(obj, "hours", &w->hours, info);
    if (!rc)
        rc = get_bool(obj, "works_bank_holidays", &w->works_bank_holidays, info);
    if (!rc)
        rc = worker_validate(w, info);
    return rc;
}

static enum err get_instant(json_t *obj, const char *key, int64_t *out, struct err_info *info)
{
    const char *s = NULL;
    enum err rc = jsonin_string(obj, key, &s, info);
    if (rc || !s)
        return rc;
    return directory_instant(s, key, out, info);
}

enum err allocation_from_json(json_t *obj, struct allocation *a, struct err_info *info)
{
    static const char *const fields[] = {"person_id", "worker_id", "team_id", "kind",
                                         "starts_at", "ends_at",   "note",    NULL};
    const char *kind = NULL;
    enum err rc = jsonin_only(obj, fields, info);
    if (!rc)
        rc = dirjson_int64(obj, "person_id", 1, INT64_MAX, &a->person_id, NULL, info);
    if (!rc)
        rc = dirjson_int64(obj, "worker_id", 1, INT64_MAX, &a->worker_id, NULL, info);
    if (!rc)
        rc = dirjson_int64(obj, "team_id", 1, INT64_MAX, &a->team_id, NULL, info);
    if (!rc)
        rc = jsonin_string(obj, "kind", &kind, info);
    if (!rc)
        a->kind = allocation_kind_parse(kind);
    if (!rc)
        rc = get_instant(obj, "starts_at", &a->starts_at, info);
    if (!rc)
        rc = get_instant(obj, "ends_at", &a->ends_at, info);
    if (!rc)
        rc = get_text(obj, "note", a->note, sizeof(a->note), ALLOCATION_NOTE_MAX, false, true,
                      "the note", info);
    return rc;
}

enum err entry_from_json(json_t *obj, struct availability_entry *e, struct err_info *info)
{
    static const char *const fields[] = {"kind", "starts_at", "ends_at", "title", NULL};
    const char *kind = NULL;
    enum err rc = jsonin_only(obj, fields, info);
    if (!rc)
        rc = jsonin_string(obj, "kind", &kind, info);
    if (!rc)
        e->kind = availability_kind_parse(kind);
    if (!rc)
        rc = get_instant(obj, "starts_at", &e->starts_at, info);
    if (!rc)
        rc = get_instant(obj, "ends_at", &e->ends_at, info);
    if (!rc)
        rc = get_text(obj, "title", e->title, sizeof(e->title), AVAILABILITY_TITLE_MAX, false,
                      false, "the title", info);
    if (!rc) {
        snprintf(e->source, sizeof(e->source), "manual");
        rc = availability_entry_validate(e, info);
    }
    return rc;
}
