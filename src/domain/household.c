/*
 * household: kinds, member roles and the check of a household's details.
 */
#include "domain/household.h"

#include <string.h>

#include "domain/directory.h"

static const char *const kinds[HOUSEHOLD_KIND_COUNT] = {"", "household", "family"};
static const char *const roles[HOUSEHOLD_ROLE_COUNT] = {"", "parent_carer", "adult", "child",
                                                        "other"};

const char *household_kind_name(enum household_kind k)
{
    return k > HOUSEHOLD_KIND_NONE && k < HOUSEHOLD_KIND_COUNT ? kinds[k] : "";
}

enum household_kind household_kind_parse(const char *s)
{
    for (int k = 1; s && k < HOUSEHOLD_KIND_COUNT; k++)
        if (strcmp(s, kinds[k]) == 0)
            return (enum household_kind)k;
    return HOUSEHOLD_KIND_NONE;
}

const char *household_role_name(enum household_role r)
{
    return r > HOUSEHOLD_ROLE_NONE && r < HOUSEHOLD_ROLE_COUNT ? roles[r] : "";
}

enum household_role household_role_parse(const char *s)
{
    for (int r = 1; s && r < HOUSEHOLD_ROLE_COUNT; r++)
        if (strcmp(s, roles[r]) == 0)
            return (enum household_role)r;
    return HOUSEHOLD_ROLE_NONE;
}

enum err household_validate(struct household *h, struct err_info *info)
{
    if (h->kind <= HOUSEHOLD_KIND_NONE || h->kind >= HOUSEHOLD_KIND_COUNT)
        return err_set(info, E_INVALID, "kind", "choose household or family");
    char tmp[HOUSEHOLD_NOTE_MAX * 4 + 1];
    enum err rc = directory_text(tmp, sizeof(h->name), h->name, HOUSEHOLD_NAME_MAX, true, false,
                                 "name", "the household's name", info);
    if (!rc)
        memcpy(h->name, tmp, strlen(tmp) + 1);
    if (!rc)
        rc = directory_text(tmp, sizeof(h->locality), h->locality, HOUSEHOLD_NAME_MAX, false, false,
                            "locality", "the locality", info);
    if (!rc)
        memcpy(h->locality, tmp, strlen(tmp) + 1);
    if (!rc)
        rc = directory_text(tmp, sizeof(h->note), h->note, HOUSEHOLD_NOTE_MAX, false, true, "note",
                            "the note", info);
    if (!rc)
        memcpy(h->note, tmp, strlen(tmp) + 1);
    return rc;
}
