/*
 * contacts: the /api/contacts resource — record a contact, read one, list them. Reads are
 * audited through the writer, so a response is sent only once its audit event is committed.
 */
#ifndef FD_HTTP_CONTACTS_H
#define FD_HTTP_CONTACTS_H

#include "http/server.h"

void contacts_create(struct request *req);
void contacts_get(struct request *req);
void contacts_list(struct request *req);

#endif
