/*
 * public_requests: POST /api/public/requests, the public request-for-service form (L1), sent
 * without signing in. Before anything is stored it checks that the form was sent from this
 * site (Origin), limits how often one address may send it (http/ratelimit), and turns away
 * submissions that a person could not have made (a hidden field filled in, or a form sent
 * within seconds of being shown). The answer names only the new contact's reference: nothing
 * that was sent is echoed back. The rules of the form are domain/service_request.
 */
#ifndef FD_HTTP_PUBLIC_REQUESTS_H
#define FD_HTTP_PUBLIC_REQUESTS_H

#include "http/ratelimit.h"
#include "http/server.h"

/* At most 5 requests stored per address in 10 minutes (a burst of 5, one back every 2). */
extern const struct ratelimit_policy public_requests_submit_limit;
/* Every attempt, valid or not, counts here: 30 in 10 minutes (one back every 20 s). */
extern const struct ratelimit_policy public_requests_attempt_limit;
/* A person takes longer than this to fill in the form. */
#define PUBLIC_REQUEST_MIN_FORM_MS 3000

void public_requests_create(struct request *req);

#endif
