/*
 * sla_policies: the HTTP face of service-level policies (issue 5) and of who is told when a
 * deadline is missed — the weekday duty manager rota, the head of service and the Senior
 * District Officer. Policies are data an administrator edits; every change is a new version
 * with its reason. Rules are domain/deadline, rows store/store_sla and store/store_escalation.
 */
#ifndef FD_HTTP_SLA_POLICIES_H
#define FD_HTTP_SLA_POLICIES_H

#include "http/server.h"

void sla_policies_list(struct request *req);       /* GET /api/sla-policies */
void sla_policies_get(struct request *req);        /* GET /api/sla-policies/{id} */
void sla_policies_create(struct request *req);     /* POST /api/sla-policies */
void sla_policies_update(struct request *req);     /* PUT /api/sla-policies/{id} */
void escalation_contacts_get(struct request *req); /* GET /api/escalation-contacts */
void escalation_contacts_put(struct request *req); /* PUT /api/escalation-contacts */

#endif
