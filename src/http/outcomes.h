/*
 * outcomes: the outcome code set (GET /api/outcomes) and recording a contact's outcome
 * (POST /api/contacts/{id}/outcome); the rules are domain/outcome, the rows store/store_outcome.
 */
#ifndef FD_HTTP_OUTCOMES_H
#define FD_HTTP_OUTCOMES_H

#include "http/server.h"

void outcomes_list(struct request *req);
void outcomes_record(struct request *req);

#endif
