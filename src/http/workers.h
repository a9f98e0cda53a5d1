/*
 * workers: the /api/workers resource — the staff directory (issue 3): list and search workers
 * with whether each is available now, read one, create and change them (PERM_DIRECTORY_ADMIN),
 * and a worker's availability (H8, W2) and calendar. A calendar entry is added as JSON or a
 * whole iCalendar file is imported (Content-Type text/calendar) by the worker themselves or a
 * directory admin; only they see entry titles, everyone else sees the kind and the times.
 */
#ifndef FD_HTTP_WORKERS_H
#define FD_HTTP_WORKERS_H

#include "http/server.h"

void workers_list(struct request *req);
void workers_get(struct request *req);
void workers_create(struct request *req);
void workers_update(struct request *req);
void workers_availability(struct request *req);
void workers_calendar_list(struct request *req);
void workers_calendar_add(struct request *req);

#endif
