/*
 * desk: the two views of one person's or one team's work — "my work" (GET /api/my/work: open
 * tasks, my teams' unowned tasks, the contacts I own, handovers offered to me, unread messages,
 * messages left for me not yet returned) and the clear desk (GET /api/clear-desk, A11:
 * referrals not yet on the receiving team's workflow, those returned today, transfers decided
 * with no referral made, and contacts still without an outcome). Reads only; each is audited
 * by the store functions it calls.
 */
#ifndef FD_HTTP_DESK_H
#define FD_HTTP_DESK_H

#include "http/server.h"

void desk_my_work(struct request *req);
void desk_clear(struct request *req);

#endif
