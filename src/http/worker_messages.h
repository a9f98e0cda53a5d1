/*
 * worker_messages: JSON over store/store_worker_message — call-back promises
 * (/api/contacts/{id}/callback-promise), messages to a practitioner
 * (/api/contacts/{id}/message-to-worker, /api/worker-messages/{id}/returned), written items
 * (/api/contacts/{id}/written-items) and functions done on behalf of the allocated team
 * (/api/contacts/{id}/on-behalf). The rules are domain/worker_message; docs/routing.md has the
 * JSON.
 */
#ifndef FD_HTTP_WORKER_MESSAGES_H
#define FD_HTTP_WORKER_MESSAGES_H

#include "http/server.h"

void worker_messages_promise(struct request *req);
void worker_messages_promises(struct request *req);
void worker_messages_send(struct request *req);
void worker_messages_list(struct request *req);
void worker_messages_returned(struct request *req);
void worker_messages_written(struct request *req);
void worker_messages_written_list(struct request *req);
void worker_messages_on_behalf(struct request *req);
void worker_messages_on_behalf_list(struct request *req);

#endif
