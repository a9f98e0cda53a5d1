/*
 * audit_log: GET /api/audit — the audit trail of a record, for managers and administrators.
 */
#ifndef FD_HTTP_AUDIT_LOG_H
#define FD_HTTP_AUDIT_LOG_H

#include "http/server.h"

void audit_log_list(struct request *req);

#endif
