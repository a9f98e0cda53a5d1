/*
 * queues: the work queues (C1, A11) — GET /api/queues/contact_centre, /api/queues/duty and
 * /api/queues/teams/{id} (a team's incoming referrals): open contacts (no outcome yet) in the
 * queue, longest waiting first. Reading a queue shows callers' details, so it is audited.
 */
#ifndef FD_HTTP_QUEUES_H
#define FD_HTTP_QUEUES_H

#include "http/server.h"

void queues_contact_centre(struct request *req);
void queues_duty(struct request *req);
void queues_team(struct request *req);

#endif
