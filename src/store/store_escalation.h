/*
 * store_escalation: who holds each capacity an escalation chain names (H9, L10). The owner and
 * the owner's line manager come from the directory (workers, linked to sign-ins by user_id);
 * the duty manager of each weekday from the duty manager rota; the Senior District Officer and,
 * when set, the head of service from escalation_contacts. Without a head of service set there,
 * it is the first head of service above the owner in the line management, else the directory's
 * head of service. Workers whose last working day has passed are not told. It is not the
 * choosing of a person for a step (domain/escalation) nor the telling (store/store_clock).
 */
#ifndef FD_STORE_STORE_ESCALATION_H
#define FD_STORE_STORE_ESCALATION_H

#include <stdint.h>

#include "core/err.h"
#include "core/ukclock.h"
#include "domain/escalation.h"
#include "store/store.h"

/* The service-wide settings: the weekday rota and the two named contacts (found is false
 * where nobody is set). */
struct store_escalation_setup {
    struct escalation_person duty_rota[7]; /* by enum ukclock_weekday, Monday first */
    struct escalation_person head_of_service;
    struct escalation_person senior_district_officer;
};

enum err store_escalation_setup_get(struct store_tx *tx,
                                    struct store_escalation_setup *out) MUST_CHECK;
/* Puts worker_id on the rota for weekday wd, or nobody when worker_id is 0 (writer only).
 * E_NOTFOUND when there is no such worker. Audited as duty_rota.set. */
enum err store_escalation_rota_set(struct store_tx *tx, enum ukclock_weekday wd, int64_t worker_id,
                                   int64_t now) MUST_CHECK;
/* Names worker_id as the head of service or the Senior District Officer, or nobody when 0
 * (writer only). E_INVALID for another capacity, E_NOTFOUND when there is no such worker.
 * Audited as escalation_contact.set. */
enum err store_escalation_contact_set(struct store_tx *tx, enum escalation_tell capacity,
                                      int64_t worker_id, int64_t now) MUST_CHECK;

/* Everyone a chain may reach for a clock owned by owner_user_id or owner_worker_id (either may
 * be 0), as things stand at now (UTC ms). */
enum err store_escalation_people(struct store_tx *tx, int64_t owner_user_id,
                                 int64_t owner_worker_id, int64_t now,
                                 struct escalation_people *out) MUST_CHECK;

#endif
