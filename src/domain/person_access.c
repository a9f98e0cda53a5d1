/*
 * person_access: the restricted-record rule in one function.
 */
#include "domain/person_access.h"

#include <string.h>

#include "domain/directory.h"

bool person_access_is_manager(enum role r)
{
    return r == ROLE_MANAGER || r == ROLE_DUTY_MANAGER;
}

void person_access_decide(const struct person_access_facts *f, struct person_access *out)
{
    memset(out, 0, sizeof(*out));
    out->level = PERSON_ACCESS_FULL;
    if (!f->restricted)
        out->basis = PERSON_ACCESS_BY_OPEN;
    else if (f->allocated_worker)
        out->basis = PERSON_ACCESS_BY_ALLOCATION;
    else if (f->team_member)
        out->basis = PERSON_ACCESS_BY_TEAM;
    else if (person_access_is_manager(f->role))
        out->basis = PERSON_ACCESS_BY_MANAGER;
    else if (f->granted) {
        out->basis = PERSON_ACCESS_BY_GRANT;
        out->grant_expires_at = f->grant_expires_at;
    } else {
        out->level = PERSON_ACCESS_LIMITED;
        out->basis = PERSON_ACCESS_BY_NONE;
    }
}

const char *person_access_basis_name(enum person_access_basis b)
{
    switch (b) {
    case PERSON_ACCESS_BY_OPEN:
        return "open";
    case PERSON_ACCESS_BY_ALLOCATION:
        return "allocated_worker";
    case PERSON_ACCESS_BY_TEAM:
        return "team";
    case PERSON_ACCESS_BY_MANAGER:
        return "manager";
    case PERSON_ACCESS_BY_GRANT:
        return "break_glass";
    case PERSON_ACCESS_BY_NONE:
        break;
    }
    return "none";
}

enum err person_access_reason_check(const char *reason, struct err_info *info)
{
    char tmp[PERSON_ACCESS_REASON_MAX * 4 + 1];
    enum err rc = directory_text(tmp, sizeof(tmp), reason, PERSON_ACCESS_REASON_MAX, true, true,
                                 "reason", "why you need to open this restricted record", info);
    if (rc)
        return rc;
    size_t chars = 0;
    for (const unsigned char *s = (const unsigned char *)tmp; *s; s++)
        chars += (*s & 0xc0) != 0x80;
    if (chars < PERSON_ACCESS_REASON_MIN)
        return err_set(info, E_INVALID, "reason",
                       "say why you need to open this restricted record (at least %d characters)",
                       PERSON_ACCESS_REASON_MIN);
    return E_OK;
}
