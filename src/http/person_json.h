/*
 * person_json: JSON in and out for persons and what hangs off them — warning markers,
 * relationships, households — shared by http/persons, http/warnings, http/relationships and
 * http/households, so a person reads the same everywhere. Every person object starts with its
 * "warnings" (A13: whoever opens a person sees the markers first). Reading is strict like
 * http/jsonin: unknown fields and wrong types are E_INVALID naming the field
 * ("addresses[0].postcode"). Dates are "YYYY-MM-DD", partial dates "YYYY-MM" or "YYYY",
 * instants UTC ISO-8601.
 */
#ifndef FD_HTTP_PERSON_JSON_H
#define FD_HTTP_PERSON_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/household.h"
#include "domain/person.h"
#include "domain/person_access.h"
#include "domain/relationship.h"
#include "domain/warning.h"

/* "2010-05-14", "2010-05", "2010", or JSON null when unknown. New reference. */
json_t *pdate_to_json(const struct pdate *d);

/* A warning marker: type, label, dates, whether told, the manager, its reviews, whether it is
 * active and due for review on today. brief leaves out the detail, how told and the reviews
 * (for records the reader may not open). */
json_t *warning_to_json(const struct warning *w, const struct pdate *today, bool brief);
/* An array of the markers, active first. */
json_t *warnings_to_json(const struct warning *w, size_t n, const struct pdate *today, bool brief);

/* The whole person as a reader with full access sees it, warnings first, with what is derived
 * on today (age, child or adult, care leaver over 21). Takes ownership of warnings (an array,
 * may be NULL for []). */
json_t *person_to_json(const struct person *p, json_t *warnings, const struct pdate *today,
                       const struct person_access *access);
/* What a reader without access to a restricted record sees: that it exists, the name, the
 * warnings (brief), and how to open it. Takes ownership of warnings. */
json_t *person_limited_json(const struct person *p, json_t *warnings);

/*
 * Applies the person fields present in obj to *p (a person from person_init when creating, the
 * current version when correcting); fields absent keep their value, null clears one. Fields
 * other than a person's are refused unless listed in extra (NULL-terminated, may be NULL):
 * the caller reads those ("reason", "confirm_new"...). Not validated here (person_validate).
 */
enum err person_from_json(json_t *obj, struct person *p, const char *const extra[],
                          struct err_info *info) MUST_CHECK;

/* A new warning marker from {type, detail, starts_on, review_on, told, told_how,
 * not_told_reason, agreed_by}; not validated here. */
enum err warning_from_json(json_t *obj, struct warning *w, struct err_info *info) MUST_CHECK;
/* A review from {reviewed_on, outcome, next_review_on, note, agreed_by}. */
enum err warning_review_from_json(json_t *obj, struct warning_review *r,
                                  struct err_info *info) MUST_CHECK;

/* A relationship as seen from person self: {id, type, label, person: {id, name}, note, ...}. */
json_t *relationship_to_json(const struct relationship *r, int64_t self, const char *other_name);
/* A household with its members (may be NULL). */
json_t *household_to_json(const struct household *h, const struct household_member *m, size_t n);
json_t *household_member_to_json(const struct household_member *m);

#endif
