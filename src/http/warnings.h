/*
 * warnings: the warning-marker API (A13) — add a marker to a person, review one (continue to a
 * new review date, or end it). Markers are read with the person (http/persons), first. Rules
 * are domain/warning, rows store/store_warning.
 */
#ifndef FD_HTTP_WARNINGS_H
#define FD_HTTP_WARNINGS_H

#include "http/server.h"

void warnings_create(struct request *req);
void warnings_review(struct request *req);

#endif
