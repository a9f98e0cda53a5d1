/*
 * warning: warning marker rules. Dates are struct pdate with every part known; the 12-month
 * limit is calendar months, clamped to the end of a shorter month.
 */
#include "domain/warning.h"

#include <string.h>

#include "domain/directory.h"

static const struct {
    const char *name, *label;
} types[WARNING_TYPE_COUNT] = {
    [WARNING_TYPE_NONE] = {"", ""},
    [WARNING_VIOLENCE] = {"violence", "Violent or threatening behaviour"},
    [WARNING_VERBAL_ABUSE] = {"verbal_abuse", "Verbal abuse or harassment"},
    [WARNING_WEAPONS] = {"weapons", "Weapons"},
    [WARNING_SEXUAL_BEHAVIOUR] = {"sexual_behaviour", "Sexualised behaviour towards staff"},
    [WARNING_ANIMALS] = {"animals", "Dangerous animals at the address"},
    [WARNING_OTHERS_AT_ADDRESS] = {"others_at_address", "Risk from others at the address"},
    [WARNING_SUBSTANCES] = {"substances", "Drug or alcohol related risk"},
    [WARNING_INFECTION] = {"infection", "Infection control precautions"},
    [WARNING_LONE_WORKING] = {"lone_working", "Do not visit alone"},
    [WARNING_OTHER] = {"other", "Other risk to staff"},
};

static const char *const outcomes[WARNING_OUTCOME_COUNT] = {
    [WARNING_OUTCOME_NONE] = "",
    [WARNING_OUTCOME_CONTINUE] = "continue",
    [WARNING_OUTCOME_END] = "end",
};

const char *warning_type_name(enum warning_type t)
{
    return t > WARNING_TYPE_NONE && t < WARNING_TYPE_COUNT ? types[t].name : "";
}

const char *warning_type_label(enum warning_type t)
{
    return t > WARNING_TYPE_NONE && t < WARNING_TYPE_COUNT ? types[t].label : "";
}

enum warning_type warning_type_parse(const char *s)
{
    for (int t = WARNING_TYPE_NONE + 1; s && t < WARNING_TYPE_COUNT; t++)
        if (strcmp(s, types[t].name) == 0)
            return (enum warning_type)t;
    return WARNING_TYPE_NONE;
}

const char *warning_outcome_name(enum warning_outcome o)
{
    return o > WARNING_OUTCOME_NONE && o < WARNING_OUTCOME_COUNT ? outcomes[o] : "";
}

enum warning_outcome warning_outcome_parse(const char *s)
{
    for (int o = WARNING_OUTCOME_NONE + 1; s && o < WARNING_OUTCOME_COUNT; o++)
        if (strcmp(s, outcomes[o]) == 0)
            return (enum warning_outcome)o;
    return WARNING_OUTCOME_NONE;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && is_leap(y));
}

struct pdate warning_review_limit(const struct pdate *from)
{
    struct pdate d = *from;
    int months = d.month - 1 + WARNING_REVIEW_MONTHS;
    d.year += months / 12;
    d.month = months % 12 + 1;
    if (d.day > month_days(d.year, d.month))
        d.day = month_days(d.year, d.month);
    return d;
}

static int cmp(const struct pdate *a, const struct pdate *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

static enum err full_date(const struct pdate *d, const char *field, const char *what,
                          struct err_info *info)
{
    if (!d->year || !d->month || !d->day)
        return err_set(info, E_INVALID, field, "enter %s as a full date (YYYY-MM-DD)", what);
    return person_valid_date_check(d, field, info);
}

static enum err text_ok(const char *s, const char *field, const char *what, struct err_info *info)
{
    char tmp[WARNING_TEXT_SIZE];
    return directory_text(tmp, sizeof(tmp), s, WARNING_TEXT_MAX, false, true, field, what, info);
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

enum err warning_validate(const struct warning *w, const struct pdate *today, struct err_info *info)
{
    if (w->type <= WARNING_TYPE_NONE || w->type >= WARNING_TYPE_COUNT)
        return err_set(info, E_INVALID, "type",
                       "choose the type of warning (violence, verbal_abuse, weapons, "
                       "sexual_behaviour, animals, others_at_address, substances, infection, "
                       "lone_working or other)");
    enum err rc = text_ok(w->detail, "detail", "the detail", info);
    if (!rc)
        rc = full_date(&w->starts_on, "starts_on", "the start date", info);
    if (!rc)
        rc = full_date(&w->review_on, "review_on", "the review date", info);
    if (rc)
        return rc;
    if (cmp(&w->starts_on, today) > 0)
        return err_set(info, E_INVALID, "starts_on", "the start date cannot be in the future");
    if (cmp(&w->review_on, &w->starts_on) <= 0)
        return err_set(info, E_INVALID, "review_on", "the review date must be after the start");
    struct pdate limit = warning_review_limit(&w->starts_on);
    if (cmp(&w->review_on, &limit) > 0)
        return err_set(info, E_INVALID, "review_on",
                       "the review date must be no more than %d months after the start "
                       "(%04d-%02d-%02d at the latest)",
                       WARNING_REVIEW_MONTHS, limit.year, limit.month, limit.day);
    rc = text_ok(w->told_how, "told_how", "how the person was told", info);
    if (!rc)
        rc = text_ok(w->not_told_reason, "not_told_reason", "why the person was not told", info);
    if (rc)
        return rc;
    if (w->told && blank(w->told_how))
        return err_set(info, E_INVALID, "told_how", "say how the person was told");
    if (w->told && !blank(w->not_told_reason))
        return err_set(info, E_INVALID, "not_told_reason",
                       "a reason for not telling is only for a person who was not told");
    if (!w->told && blank(w->not_told_reason))
        return err_set(info, E_INVALID, "not_told_reason", "say why the person was not told");
    if (!w->told && !blank(w->told_how))
        return err_set(info, E_INVALID, "told_how",
                       "how the person was told is only for a person who was told");
    if (w->agreed_by <= 0)
        return err_set(info, E_INVALID, "agreed_by", "name the manager who agreed the warning");
    return E_OK;
}

bool warning_is_active(const struct warning *w)
{
    for (size_t i = 0; i < w->n_reviews; i++)
        if (w->reviews[i].outcome == WARNING_OUTCOME_END)
            return false;
    return true;
}

struct pdate warning_next_review(const struct warning *w)
{
    for (size_t i = w->n_reviews; i > 0; i--)
        if (w->reviews[i - 1].outcome == WARNING_OUTCOME_CONTINUE)
            return w->reviews[i - 1].next_review_on;
    return w->review_on;
}

bool warning_review_overdue(const struct warning *w, const struct pdate *today)
{
    if (!warning_is_active(w))
        return false;
    struct pdate next = warning_next_review(w);
    return cmp(&next, today) <= 0;
}

enum err warning_review_validate(const struct warning *w, const struct warning_review *r,
                                 const struct pdate *today, struct err_info *info)
{
    if (!warning_is_active(w))
        return err_set(info, E_CONFLICT, "outcome", "this warning has already been ended");
    if (r->outcome <= WARNING_OUTCOME_NONE || r->outcome >= WARNING_OUTCOME_COUNT)
        return err_set(info, E_INVALID, "outcome", "choose continue or end");
    char note[WARNING_NOTE_MAX * 4 + 1];
    enum err rc = full_date(&r->reviewed_on, "reviewed_on", "the review date", info);
    if (!rc)
        rc = directory_text(note, sizeof(note), r->note, WARNING_NOTE_MAX, false, true, "note",
                            "the note", info);
    if (rc)
        return rc;
    if (cmp(&r->reviewed_on, today) > 0)
        return err_set(info, E_INVALID, "reviewed_on", "the review date cannot be in the future");
    if (cmp(&r->reviewed_on, &w->starts_on) < 0)
        return err_set(info, E_INVALID, "reviewed_on",
                       "the review cannot be before the warning started");
    if (w->n_reviews && cmp(&r->reviewed_on, &w->reviews[w->n_reviews - 1].reviewed_on) < 0)
        return err_set(info, E_INVALID, "reviewed_on",
                       "the review cannot be before the last review");
    if (r->outcome == WARNING_OUTCOME_CONTINUE) {
        rc = full_date(&r->next_review_on, "next_review_on", "the next review date", info);
        if (rc)
            return rc;
        if (cmp(&r->next_review_on, &r->reviewed_on) <= 0)
            return err_set(info, E_INVALID, "next_review_on",
                           "the next review date must be after this review");
        struct pdate limit = warning_review_limit(&r->reviewed_on);
        if (cmp(&r->next_review_on, &limit) > 0)
            return err_set(info, E_INVALID, "next_review_on",
                           "the next review must be no more than %d months after this one "
                           "(%04d-%02d-%02d at the latest)",
                           WARNING_REVIEW_MONTHS, limit.year, limit.month, limit.day);
    } else if (r->next_review_on.year) {
        return err_set(info, E_INVALID, "next_review_on",
                       "a warning that ends has no next review date");
    }
    if (r->agreed_by <= 0)
        return err_set(info, E_INVALID, "agreed_by", "name the manager who agreed the review");
    return E_OK;
}
