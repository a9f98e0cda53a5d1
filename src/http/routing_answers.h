/*
 * routing_answers: the routing answer for a contact (GET /api/contacts/{id}/routing, W1-W4,
 * H8, H9) — gathers, in one audited transaction, the allocations of every person the contact
 * is about, the named worker's availability, their free colleagues and the escalation path of
 * the day, and answers with domain/routing's decision. docs/routing.md has the JSON.
 */
#ifndef FD_HTTP_ROUTING_ANSWERS_H
#define FD_HTTP_ROUTING_ANSWERS_H

#include "http/server.h"

void routing_answers_get(struct request *req);

#endif
