/*
 * greetings: GET /api/greeting?line=<team id or line code> — the script for the line a call
 * came in on, filled with the name of the signed-in worker who answers it (H7).
 */
#ifndef FD_HTTP_GREETINGS_H
#define FD_HTTP_GREETINGS_H

#include "http/server.h"

void greetings_get(struct request *req);

#endif
