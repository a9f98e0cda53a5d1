/*
 * sessions: the /api/session resource — signing in and out, and who am I. Passwords are
 * checked on the slow pool, never on an HTTP thread.
 */
#ifndef FD_HTTP_SESSIONS_H
#define FD_HTTP_SESSIONS_H

#include "http/server.h"

void sessions_create(struct request *req);
void sessions_get(struct request *req);
void sessions_delete(struct request *req);
/* The JSON a client sees for a user (no secrets). New reference. */
json_t *sessions_user_json(const struct user *u);

#endif
