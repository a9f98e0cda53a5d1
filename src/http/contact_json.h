/*
 * contact_json: JSON in and out for the contact workflow's resources (http/contacts,
 * http/decisions, http/outcomes, http/queues) — one x_to_json and one x_from_json per type, so
 * a contact, a decision or an outcome reads the same wherever it appears. Reading is strict
 * like http/jsonin: unknown fields and wrong types are E_INVALID naming the field. Times go out
 * as UTC ISO-8601 ("...Z"); absent ids, times and codes as JSON null.
 */
#ifndef FD_HTTP_CONTACT_JSON_H
#define FD_HTTP_CONTACT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "domain/decision.h"
#include "domain/handover.h"
#include "domain/outcome.h"
#include "store/store.h"

/* What an amendment may carry besides the fields a request may set (contact_field_names). */
extern const char *const contact_json_amend_extra[];

/*
 * Reads the contact fields present in obj into *c (strings borrowed from obj) and sets the
 * enum contact_field bit of each in *present. A field given as null clears it. Does not
 * validate the result (domain/contact does). E_INVALID naming a mistyped or unknown value.
 */
enum err contact_from_json(json_t *obj, struct contact *c, unsigned *present,
                           struct err_info *info) MUST_CHECK;
/* Copies the fields in present from src to dst. A change of source without a source_code
 * asks for the new source's default code. */
void contact_apply_fields(struct contact *dst, const struct contact *src, unsigned present);

/* The contact as stored in one version (new reference; caller owns). */
json_t *contact_to_json(const struct contact *c);
/*
 * The contact as it stands now: contact_to_json plus its owner's pending handover, its
 * safeguarding concerns, its outcome, the queue it waits in, and the 999 guidance when someone
 * is in danger now. Reads through tx (not audited: the caller audits the read). *out is a new
 * reference on success.
 */
enum err contact_view_json(struct store_tx *tx, const struct contact *c, json_t **out) MUST_CHECK;

json_t *handover_to_json(const struct handover *h);
json_t *concern_to_json(const struct safeguarding_concern *s);
json_t *decision_to_json(const struct decision *d);
/* {"priority", "workflow", "recommendation", "care_act": {...}} of what decisions add up to. */
json_t *decision_state_to_json(const struct decision_state *s);
json_t *outcome_to_json(const struct outcome *o);
json_t *outcome_code_to_json(const struct outcome_code *oc);
json_t *queue_to_json(const struct contact_queue *q);
/* {"id": id, "name": name}, or null when id is 0. */
json_t *person_ref_json(int64_t id, const char *name);
/* UTC ISO-8601 text, or null for 0. */
json_t *time_json(int64_t at_ms);

/* A new decision {kind, value, rationale, work_plan?, team_id?} (not validated). */
enum err decision_from_json(json_t *obj, struct decision *d, struct err_info *info) MUST_CHECK;
/* A new outcome {code, rationale, signposted_to?, signposted_team_id?} (not validated). */
enum err outcome_from_json(json_t *obj, struct outcome *o, struct err_info *info) MUST_CHECK;

/* *out = the whole number at key, >= 1 (absent or null: 0). E_INVALID otherwise. */
enum err contact_json_id(json_t *obj, const char *key, int64_t *out,
                         struct err_info *info) MUST_CHECK;

#endif
