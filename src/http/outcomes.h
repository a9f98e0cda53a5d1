/*
 * outcomes: the outcome code set — read (GET /api/outcomes), added to and changed by
 * administrators with every version kept (POST /api/outcomes, PUT /api/outcomes/{code},
 * GET /api/outcomes/{code}/history; docs/outcomes.md) — and recording a contact's outcome
 * (POST /api/contacts/{id}/outcome); the rules are domain/outcome, the rows store/store_outcome.
 */
#ifndef FD_HTTP_OUTCOMES_H
#define FD_HTTP_OUTCOMES_H

#include "http/server.h"

void outcomes_list(struct request *req);
void outcomes_add(struct request *req);
void outcomes_change(struct request *req);
void outcomes_history(struct request *req);
void outcomes_record(struct request *req);

#endif
