/*
 * greetings: the HTTP face of greeting scripts (H7, docs/lines.md). GET /api/greeting gives the
 * script for the line a call came in on, filled with the signed-in worker's name; /api/lines
 * lists the lines an agent can answer with their scripts and the default script, and lets an
 * administrator change a line's script (or the default) with a reason, each change a new
 * version. Rules are domain/greeting, rows store/store_greeting.
 */
#ifndef FD_HTTP_GREETINGS_H
#define FD_HTTP_GREETINGS_H

#include "http/server.h"

void greetings_get(struct request *req);             /* GET /api/greeting?line= */
void greetings_lines(struct request *req);           /* GET /api/lines */
void greetings_line_put(struct request *req);        /* PUT /api/lines/{id}/greeting */
void greetings_line_history(struct request *req);    /* GET /api/lines/{id}/greeting/history */
void greetings_default_put(struct request *req);     /* PUT /api/lines/default/greeting */
void greetings_default_history(struct request *req); /* GET .../default/greeting/history */

#endif
