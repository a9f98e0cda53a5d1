/*
 * role: the role table. Every signed-in role may record and read contacts (the front door is
 * everyone's); the audit trail is for those who answer for the service (managers, admins).
 */
#include "domain/role.h"

#include <string.h>

static const struct {
    const char *name, *label;
    unsigned perms;
} roles[ROLE_COUNT] = {
    [ROLE_NONE] = {"", "", 0},
    [ROLE_AGENT] = {"agent", "Contact-centre agent",
                    PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_PERSON_READ |
                        PERM_PERSON_WRITE},
    [ROLE_PRACTITIONER] = {"practitioner", "Practitioner",
                           PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_PERSON_READ |
                               PERM_PERSON_WRITE},
    [ROLE_MANAGER] = {"manager", "Team manager",
                      PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_AUDIT_READ |
                          PERM_REPORT_READ | PERM_DIRECTORY_ADMIN | PERM_ALLOCATE |
                          PERM_ESCALATION_ADMIN | PERM_PERSON_READ | PERM_PERSON_WRITE |
                          PERM_PERSON_ADMIN},
    [ROLE_DUTY_MANAGER] = {"duty_manager", "Duty manager",
                           PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_AUDIT_READ |
                               PERM_REPORT_READ | PERM_ALLOCATE | PERM_ESCALATION_ADMIN |
                               PERM_PERSON_READ | PERM_PERSON_WRITE | PERM_PERSON_ADMIN},
    [ROLE_COORDINATOR] = {"coordinator", "Locality co-ordinator",
                          PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_ALLOCATE |
                              PERM_PERSON_READ | PERM_PERSON_WRITE},
    [ROLE_ANALYST] = {"analyst", "Performance analyst",
                      PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_REPORT_READ},
    [ROLE_ADMIN] = {"admin", "Administrator",
                    PERM_CONTACT_CREATE | PERM_CONTACT_READ | PERM_AUDIT_READ | PERM_USER_ADMIN |
                        PERM_REPORT_READ | PERM_DIRECTORY_ADMIN | PERM_ALLOCATE | PERM_SLA_ADMIN |
                        PERM_ESCALATION_ADMIN | PERM_PERSON_READ | PERM_PERSON_ADMIN},
};

const char *role_name(enum role r)
{
    return r > ROLE_NONE && r < ROLE_COUNT ? roles[r].name : "";
}

const char *role_label(enum role r)
{
    return r > ROLE_NONE && r < ROLE_COUNT ? roles[r].label : "";
}

enum role role_parse(const char *name)
{
    for (int r = ROLE_NONE + 1; name && r < ROLE_COUNT; r++)
        if (strcmp(name, roles[r].name) == 0)
            return (enum role)r;
    return ROLE_NONE;
}

int role_can(enum role r, enum permission p)
{
    return r > ROLE_NONE && r < ROLE_COUNT && (roles[r].perms & (unsigned)p) == (unsigned)p;
}

static const struct {
    unsigned bit;
    const char *name;
} permission_names[] = {
    {PERM_CONTACT_CREATE, "contact.create"},   {PERM_CONTACT_READ, "contact.read"},
    {PERM_AUDIT_READ, "audit.read"},           {PERM_USER_ADMIN, "user.admin"},
    {PERM_REPORT_READ, "report.read"},         {PERM_PERSON_READ, "person.read"},
    {PERM_PERSON_WRITE, "person.write"},       {PERM_PERSON_ADMIN, "person.admin"},
    {PERM_DIRECTORY_ADMIN, "directory.admin"}, {PERM_ALLOCATE, "allocate"},
    {PERM_SLA_ADMIN, "sla.admin"},             {PERM_ESCALATION_ADMIN, "escalation.admin"},
};

void role_each_permission(enum role r, void (*fn)(const char *name, void *arg), void *arg)
{
    for (size_t i = 0; i < sizeof(permission_names) / sizeof(permission_names[0]); i++)
        if (role_can(r, (enum permission)permission_names[i].bit))
            fn(permission_names[i].name, arg);
}
