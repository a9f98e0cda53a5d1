/*
 * escalation: who is told when a deadline is missed, and in what order (requirements H9, L10).
 * A policy's chain is a list of steps, each naming a capacity ("the owner", "the owner's line
 * manager", "the duty manager of the day", "the head of service", "the Senior District
 * Officer") and a delay after the step before it (the first step's delay runs from the
 * deadline). This module parses and writes chains, picks the person for a step from the people
 * the caller looked up (the duty manager from the weekday rota, by the Europe/London weekday of
 * the step), and words the messages, which carry a reference and a link, never a narrative.
 * It is not the timing of steps in working time (domain/deadline), not the lookup of people
 * (store/store_clock) and not delivery (store/mailer); it does no I/O.
 */
#ifndef FD_DOMAIN_ESCALATION_H
#define FD_DOMAIN_ESCALATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ukclock.h"

enum {
    ESCALATION_MAX_STEPS = 8,
    ESCALATION_TEXT_MAX = 256, /* a chain written out, with its NUL */
    ESCALATION_NAME_MAX = 128,
    ESCALATION_EMAIL_MAX = 256,
    /* a step's delay is at most 30 days' worth of minutes */
    ESCALATION_MAX_AFTER_MINUTES = 30 * 24 * 60,
};

/* The capacity in which someone is told. */
enum escalation_tell {
    ESCALATION_OWNER = 0,
    ESCALATION_LINE_MANAGER,
    ESCALATION_DUTY_MANAGER,
    ESCALATION_HEAD_OF_SERVICE,
    ESCALATION_SENIOR_DISTRICT_OFFICER,
    ESCALATION_TELL_COUNT
};

struct escalation_step {
    enum escalation_tell tell;
    int64_t after_minutes; /* after the step before (the first: after the deadline), >= 0 */
};

struct escalation_chain {
    size_t n_steps;
    struct escalation_step steps[ESCALATION_MAX_STEPS];
};

/* "owner", "line_manager", "duty_manager", "head_of_service", "senior_district_officer".
 * Static strings; "" when out of range. */
const char *escalation_tell_name(enum escalation_tell t);
/* "the owner", "the owner's line manager", ... for messages and the history. Static. */
const char *escalation_tell_label(enum escalation_tell t);
/* E_INVALID unless name is one of the names above. */
MUST_CHECK enum err escalation_tell_parse(const char *name, enum escalation_tell *out);

/* Parses "owner:0,line_manager:15,duty_manager:15" (spaces allowed around the parts; "" is an
 * empty chain). E_INVALID with a message for a person on anything else: unknown capacity, a
 * delay that is not a whole number from 0 to ESCALATION_MAX_AFTER_MINUTES, or more than
 * ESCALATION_MAX_STEPS steps. */
MUST_CHECK enum err escalation_chain_parse(const char *text, struct escalation_chain *out,
                                           struct err_info *info);
/* Writes the chain as escalation_chain_parse reads it into out[ESCALATION_TEXT_MAX]. */
void escalation_chain_format(const struct escalation_chain *c,
                             char out[static ESCALATION_TEXT_MAX]);
/* E_INVALID (field "escalation") when a step's delay is out of range. */
MUST_CHECK enum err escalation_chain_validate(const struct escalation_chain *c,
                                              struct err_info *info);

/* Someone who can be told: a signed-in user (user_id > 0, for the in-app inbox), a worker in
 * the directory (worker_id > 0), or both; email may be "". found is false when nobody holds
 * the capacity (no line manager recorded, nobody on the rota that day). */
struct escalation_person {
    bool found;
    int64_t user_id;
    int64_t worker_id;
    char name[ESCALATION_NAME_MAX];
    char email[ESCALATION_EMAIL_MAX];
};

/* The people a chain may reach for one clock, looked up by the caller. duty_rota is indexed by
 * enum ukclock_weekday (Monday first). */
struct escalation_people {
    struct escalation_person owner;
    struct escalation_person line_manager;
    struct escalation_person head_of_service;
    struct escalation_person senior_district_officer;
    struct escalation_person duty_rota[7];
};

/* The Europe/London weekday of instant at_ms (UTC ms): whose day it is on the duty rota. */
enum ukclock_weekday escalation_weekday(int64_t at_ms);

/* The person to tell for a step happening at at_ms; NULL when nobody holds that capacity then
 * (the step is recorded as skipped, with escalation_skip_reason). Borrowed from people. */
const struct escalation_person *escalation_pick(const struct escalation_people *people,
                                                enum escalation_tell tell, int64_t at_ms);
/* Why nobody could be told, for the clock's history, into out[len]: "no line manager is
 * recorded for the owner", "nobody is on the duty manager rota for Saturday", ... */
void escalation_skip_reason(enum escalation_tell tell, int64_t at_ms, char *out, size_t len);

/* What a message is about. */
enum escalation_notice {
    ESCALATION_NOTICE_WARNING = 0, /* the deadline is near; to the owner */
    ESCALATION_NOTICE_BREACH,      /* a chain step after the deadline passed */
};

/* The facts a message may carry: the policy's name, the record's reference (never its
 * content), a link (a path such as "/contacts/12"), the deadline, and for a chain step the
 * capacity and the owner's name. Strings borrowed. */
struct escalation_facts {
    enum escalation_notice notice;
    enum escalation_tell tell;
    const char *policy_name;
    const char *reference;
    const char *link;
    const char *owner_name; /* "" when the clock has no owner */
    int64_t due_at_ms;
};

/* Writes the subject, the in-app text and the email text for a message; each is truncated to
 * fit len. The email text carries the policy, the reference and the deadline only: the mailer
 * adds the link (the service's address + f->link), so nothing else about the person leaves the
 * building (minimum personal data). */
void escalation_subject(const struct escalation_facts *f, char *out, size_t len);
void escalation_text(const struct escalation_facts *f, char *out, size_t len);
void escalation_email_text(const struct escalation_facts *f, char *out, size_t len);

#endif
