/*
 * messages: a signed-in user's in-app inbox (issue 5) — the messages frontdoor's outbox
 * addressed to them (warnings, escalations), newest first with the unread count, and marking
 * one read. Emails are delivered by store/mailer and are not listed here.
 */
#ifndef FD_HTTP_MESSAGES_H
#define FD_HTTP_MESSAGES_H

#include "http/server.h"

void messages_list(struct request *req); /* GET /api/messages */
void messages_read(struct request *req); /* POST /api/messages/{id}/read */

#endif
