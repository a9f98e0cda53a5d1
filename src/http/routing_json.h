/*
 * routing_json: JSON in and out for what follows a routing answer (http/worker_messages,
 * http/referrals, http/tasks, http/desk) — call-back promises, messages to a practitioner,
 * written items, actions on behalf of a team, referrals and tasks — one x_to_json per type so
 * each reads the same wherever it appears, and the strict readers for the field types their
 * bodies use (an instant, a yes/no that may be unknown). Times go out as UTC ISO-8601 ("Z");
 * absent ids and times as null.
 */
#ifndef FD_HTTP_ROUTING_JSON_H
#define FD_HTTP_ROUTING_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/referral.h"
#include "domain/task.h"
#include "domain/worker_message.h"
#include "http/server.h"

/* *out = the instant at key (ISO 8601 with Z or an offset); 0 when absent or null. E_INVALID
 * naming key otherwise. */
enum err routing_json_time(json_t *obj, const char *key, int64_t *out,
                           struct err_info *info) MUST_CHECK;
/* *out = true/false at key; dflt when absent or null. E_INVALID when not a boolean. */
enum err routing_json_bool(json_t *obj, const char *key, bool dflt, bool *out,
                           struct err_info *info) MUST_CHECK;
/* *out = TRI_YES / TRI_NO for true / false, TRI_UNKNOWN for absent or null. */
enum err routing_json_tri(json_t *obj, const char *key, enum tri *out,
                          struct err_info *info) MUST_CHECK;

/* For routes whose body is optional (json_body 0): parses a non-empty body as a JSON object
 * into req->json (owned by the request, as for json_body routes). An empty body leaves
 * req->json NULL. E_INVALID when the body is there but not a JSON object. */
enum err routing_json_optional_body(struct request *req, struct err_info *info) MUST_CHECK;

/* An optional body holding at most one text field, named field ({"note": "..."}): *out gets
 * its value (borrowed from req->json), or NULL when there is no body or the field is absent.
 * E_INVALID naming the field for any other field or a value that is not a string. */
enum err routing_json_optional_text(struct request *req, const char *field, const char **out,
                                    struct err_info *info) MUST_CHECK;

/* New references; the caller owns them. */
json_t *callback_promise_to_json(const struct callback_promise *p);
json_t *worker_message_to_json(const struct worker_message *m);
json_t *written_item_to_json(const struct written_item *w);
json_t *on_behalf_to_json(const struct on_behalf_action *a);
json_t *referral_to_json(const struct referral *r);
/* The task with "overdue" worked out at now_ms. */
json_t *task_to_json(const struct task *t, int64_t now_ms);

#endif
