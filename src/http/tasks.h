/*
 * tasks: JSON over store/store_task — setting a task (POST /api/tasks; a review request with
 * no owner goes to the person's allocated worker or reviewing team, W7), reading one, and
 * closing it as done or cancelled. The rules are domain/task; docs/routing.md has the JSON.
 */
#ifndef FD_HTTP_TASKS_H
#define FD_HTTP_TASKS_H

#include "http/server.h"

void tasks_create(struct request *req);
void tasks_get(struct request *req);
void tasks_done(struct request *req);
void tasks_cancel(struct request *req);

#endif
