/*
 * contacts: the /api/contacts resource — record a contact, read one (as it stands now, or its
 * history of versions), list them, amend one (a new version with a reason: A10), hand it over
 * to a colleague who must accept (C8, H12), "my work", and the code sets a contact form offers.
 * Reads are audited through the writer, so a response is sent only once its audit event is
 * committed. Decisions, outcomes and queues are http/decisions, http/outcomes, http/queues.
 */
#ifndef FD_HTTP_CONTACTS_H
#define FD_HTTP_CONTACTS_H

#include "http/server.h"

void contacts_create(struct request *req);
void contacts_get(struct request *req);
void contacts_list(struct request *req);
void contacts_amend(struct request *req);
void contacts_versions(struct request *req);
void contacts_handover(struct request *req);
void contacts_handover_accept(struct request *req);
void contacts_handover_decline(struct request *req);
/* POST /api/contacts/{id}/take: the signed-in user owns the unowned contact (C8). */
void contacts_take(struct request *req);
void contacts_mine(struct request *req);
void contacts_codes(struct request *req);

#endif
