/*
 * decisions: triage and decisions on a contact (domain/decision) — POST and GET
 * /api/contacts/{id}/decisions, and POST /api/decisions/{id}/authorise for a manager's later
 * sign-off. Who may decide is worked out on the writer from the signed-in user's worker in the
 * directory, so a refusal (403) and the gates (409) name exactly what is missing.
 */
#ifndef FD_HTTP_DECISIONS_H
#define FD_HTTP_DECISIONS_H

#include "http/server.h"

void decisions_create(struct request *req);
void decisions_list(struct request *req);
void decisions_authorise(struct request *req);

#endif
