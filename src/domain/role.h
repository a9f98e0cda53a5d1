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
    /* persons (issue 3): bits 5-7 */
    PERM_PERSON_READ = 1 << 5,  /* search persons, open records (restricted ones: W13 rules) */
    PERM_PERSON_WRITE = 1 << 6, /* create, correct, warnings, relationships, households */
    PERM_PERSON_ADMIN = 1 << 7, /* merge duplicates, restrict or lift a restriction */
    /* the service directory (issue 3): bits 8-15 are the directory's, so persons and others
     * can take 5-7 and 16 up without a clash */
    PERM_DIRECTORY_ADMIN = 1 << 8, /* create and change teams, workers, closed days */
    PERM_ALLOCATE = 1 << 9,        /* allocate a person to a worker or team, end it */
    /* deadlines (issue 5): bits 16-19 */
    PERM_SLA_ADMIN = 1 << 16,        /* change service-level policies */
    PERM_ESCALATION_ADMIN = 1 << 17, /* change the duty manager rota and escalation contacts */
};

/* "agent", "practitioner", ... Static string; "" for ROLE_NONE. */
const char *role_name(enum role r);
/* ROLE_NONE when name is not a role. */
enum role role_parse(const char *name);
/* Human label: "Contact-centre agent", ... Static string. */
const char *role_label(enum role r);
int role_can(enum role r, enum permission p);
/* Calls fn with the name of each permission r holds ("contact.create", ...), so clients can
 * show only what a user may do without copying this table. */
void role_each_permission(enum role r, void (*fn)(const char *name, void *arg), void *arg);

#endif
