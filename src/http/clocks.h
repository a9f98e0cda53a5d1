/*
 * clocks: the HTTP face of service-level clocks (issue 5) — lists sorted by time left, one
 * clock with its history and the messages it caused, pausing and resuming, recording why a
 * deadline was missed, acknowledging an escalation, the event feed that starts and stops
 * clocks, a contact's clocks, the deadlines dashboard, and the test clock. Rules are
 * domain/deadline and domain/escalation, rows store/store_clock, "now" store/scheduler.
 */
#ifndef FD_HTTP_CLOCKS_H
#define FD_HTTP_CLOCKS_H

#include <jansson.h>

#include "http/server.h"

struct store_clock_left;

/* A clock's time left as the API shows it everywhere ({text, ms, working, overdue}), or JSON
 * null when it is not known. New reference. */
json_t *clocks_time_left_json(const struct store_clock_left *left);

void clocks_list(struct request *req);          /* GET /api/clocks */
void clocks_get(struct request *req);           /* GET /api/clocks/{id} */
void clocks_pause(struct request *req);         /* POST /api/clocks/{id}/pause */
void clocks_resume(struct request *req);        /* POST /api/clocks/{id}/resume */
void clocks_breach_reason(struct request *req); /* POST /api/clocks/{id}/breach-reason */
void clocks_acknowledge(struct request *req);   /* POST /api/clocks/{id}/acknowledge */
void clocks_event(struct request *req);         /* POST /api/clock-events */
void clocks_for_contact(struct request *req);   /* GET /api/contacts/{id}/clocks */
void clocks_dashboard(struct request *req);     /* GET /api/dashboard/deadlines */
void clocks_advance_time(struct request *req);  /* POST /api/test/advance-time */

#endif
