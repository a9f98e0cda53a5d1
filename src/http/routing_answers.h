/*
 * routing_answers: the routing answer (W1-W4, H8, H9, W13) for a saved contact (GET
 * /api/contacts/{id}/routing) and, the same answer computed by the same code, for the agent's
 * screen before the contact is saved (GET /api/routing?person=ID&worker=ID&team=ID) — gathers,
 * in one audited transaction, the allocations of every person asked about, the named worker's
 * availability, their free colleagues and the escalation path of the day, and answers with
 * domain/routing's decision, withholding who holds a restricted person's case from whoever may
 * not open the record. It records nothing but the audit events of the reads. docs/routing.md
 * has the JSON.
 */
#ifndef FD_HTTP_ROUTING_ANSWERS_H
#define FD_HTTP_ROUTING_ANSWERS_H

#include "http/server.h"

void routing_answers_get(struct request *req);
void routing_answers_before_saving(struct request *req);

#endif
