/*
 * warning: staff-safety warning markers on a person (requirement A13) — the type of risk, when
 * the marker started, a review date at most 12 months on, whether the person was told (and how)
 * or why not, the manager who agreed it, and its reviews: each review either continues the
 * marker to a new review date (again at most 12 months on) or ends it. Whoever opens the person
 * sees the markers first. This module holds the rules on plain structs; rows are
 * store/store_warning, JSON http/warnings.
 */
#ifndef FD_DOMAIN_WARNING_H
#define FD_DOMAIN_WARNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/person_valid.h"

#define WARNING_TEXT_MAX 1000 /* detail, how told, why not told, review note (characters) */
#define WARNING_TEXT_SIZE (WARNING_TEXT_MAX * 4 + 1)
#define WARNING_REVIEW_MONTHS 12 /* the longest a marker may go without review */
#define WARNING_REVIEWS_MAX 16   /* reviews read into one struct: the newest (store keeps all) */
#define WARNING_NOTE_MAX 500     /* a review's note */

enum warning_type {
    WARNING_TYPE_NONE = 0,
    WARNING_VIOLENCE,          /* violent or threatening behaviour */
    WARNING_VERBAL_ABUSE,      /* verbal abuse, harassment */
    WARNING_WEAPONS,           /* weapons known to be kept or carried */
    WARNING_SEXUAL_BEHAVIOUR,  /* sexualised behaviour towards staff */
    WARNING_ANIMALS,           /* dangerous animals at the address */
    WARNING_OTHERS_AT_ADDRESS, /* risk from someone else at the address */
    WARNING_SUBSTANCES,        /* drug or alcohol related risk at visits */
    WARNING_INFECTION,         /* infection control precautions */
    WARNING_LONE_WORKING,      /* do not visit alone */
    WARNING_OTHER,
    WARNING_TYPE_COUNT
};

enum warning_outcome {
    WARNING_OUTCOME_NONE = 0,
    WARNING_OUTCOME_CONTINUE, /* still needed: a new review date */
    WARNING_OUTCOME_END,      /* no longer needed */
    WARNING_OUTCOME_COUNT
};

struct warning_review {
    int64_t id;
    int64_t warning_id;
    struct pdate reviewed_on;
    enum warning_outcome outcome;
    struct pdate next_review_on; /* CONTINUE only */
    char note[WARNING_NOTE_MAX * 4 + 1];
    int64_t agreed_by; /* the manager (user id) */
    char agreed_by_name[401];
    int64_t created_at, created_by;
};

struct warning {
    int64_t id;
    int64_t person_id;
    enum warning_type type;
    char detail[WARNING_TEXT_SIZE]; /* what staff should know, briefly */
    struct pdate starts_on;         /* full dates */
    struct pdate review_on;
    bool told;                               /* was the person told about the marker? */
    char told_how[WARNING_TEXT_SIZE];        /* when told: how (letter, in person...) */
    char not_told_reason[WARNING_TEXT_SIZE]; /* when not told: why not */
    int64_t agreed_by;                       /* the manager who agreed it (user id) */
    char agreed_by_name[401];
    int64_t created_at, created_by;
    /* filled by reads */
    size_t n_reviews; /* oldest first */
    struct warning_review reviews[WARNING_REVIEWS_MAX];
};

/* "violence", ... ; "" for none. Static. */
const char *warning_type_name(enum warning_type t);
enum warning_type warning_type_parse(const char *s);
/* "Violent or threatening behaviour", ... Static. */
const char *warning_type_label(enum warning_type t);
const char *warning_outcome_name(enum warning_outcome o);
enum warning_outcome warning_outcome_parse(const char *s);

/* The last day a review may fall on: the same day WARNING_REVIEW_MONTHS months after from (or
 * the month's last day: 29 February goes to 28 February). from must be a full date. */
struct pdate warning_review_limit(const struct pdate *from);

/*
 * Checks a new marker on the local date today: a type; a full start date not after today; a
 * full review date after the start and no later than warning_review_limit(start); told with how,
 * or not told with why not; the agreeing manager named; detail within its length. Names the
 * field ("review_on").
 */
enum err warning_validate(const struct warning *w, const struct pdate *today,
                          struct err_info *info) MUST_CHECK;

/*
 * Checks a review of w (with its earlier reviews) on today: the marker has not ended; a full
 * review date not after today nor before the start or the last review; CONTINUE with a next
 * review date after the review and no later than warning_review_limit(reviewed_on); END without
 * one; the agreeing manager named. E_CONFLICT when the marker has ended already.
 */
enum err warning_review_validate(const struct warning *w, const struct warning_review *r,
                                 const struct pdate *today, struct err_info *info) MUST_CHECK;

/* Whether w is in force (not ended by a review). */
bool warning_is_active(const struct warning *w);
/* The date the next review is due: the last CONTINUE review's next date, else review_on. */
struct pdate warning_next_review(const struct warning *w);
/* Whether the next review date is today or past (and w is active). */
bool warning_review_overdue(const struct warning *w, const struct pdate *today);

#endif
