/*
 * tasks: JSON over store/store_task — setting a task (POST /api/tasks; a review request with
 * no owner goes to the person's allocated worker or reviewing team, W7), reading one, and
 * closing it as done or cancelled, and the tasks about one contact (GET
 * /api/contacts/{id}/tasks). The rules are domain/task; docs/routing.md has the JSON.
 */
#ifndef FD_HTTP_TASKS_H
#define FD_HTTP_TASKS_H

#include "http/server.h"

void tasks_create(struct request *req);
void tasks_get(struct request *req);
void tasks_done(struct request *req);
void tasks_cancel(struct request *req);
/* GET /api/contacts/{id}/tasks: every task about the contact, oldest first; 404 when there is
 * no such contact. Audited (task.list). */
void tasks_for_contact(struct request *req);

#endif
