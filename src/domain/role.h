/*
 * role: who may do what (requirement X4). The seven roles and the permissions each holds are a
 * fixed policy here, in one table, so a reviewer can read the whole access model on one
 * screen. Record-level rules (restricted records, allocation) build on this in later modules.
 */
#ifndef FD_DOMAIN_ROLE_H
#define FD_DOMAIN_ROLE_H

enum role {
    ROLE_NONE = 0,
    ROLE_AGENT,        /* contact-centre agent */
    ROLE_PRACTITIONER, /* duty practitioner, PA, allocated worker */
    ROLE_MANAGER,      /* team manager */
    ROLE_DUTY_MANAGER, /* duty manager of the day */
    ROLE_COORDINATOR,  /* locality services co-ordinator */
    ROLE_ANALYST,      /* performance analyst */
    ROLE_ADMIN,        /* system administrator */
    ROLE_COUNT
};

enum permission {
    PERM_CONTACT_CREATE = 1 << 0,
    PERM_CONTACT_READ = 1 << 1,
    PERM_AUDIT_READ = 1 << 2,
    PERM_USER_ADMIN = 1 << 3,
    PERM_REPORT_READ = 1 << 4,
};

/* "agent", "practitioner", ... Static string; "" for ROLE_NONE. */
const char *role_name(enum role r);
/* ROLE_NONE when name is not a role. */
enum role role_parse(const char *name);
/* Human label: "Contact-centre agent", ... Static string. */
const char *role_label(enum role r);
int role_can(enum role r, enum permission p);

#endif
