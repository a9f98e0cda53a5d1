/*
 * health: liveness (/healthz) and the Prometheus exposition (/metrics).
 */
#ifndef FD_HTTP_HEALTH_H
#define FD_HTTP_HEALTH_H

#include "http/server.h"

void health_get(struct request *req);
void health_metrics(struct request *req);

#endif
