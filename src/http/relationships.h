/*
 * relationships: recording how two persons are related and ending it (L5, L8). A relationship
 * is read with each of its persons (http/persons), from that person's side.
 */
#ifndef FD_HTTP_RELATIONSHIPS_H
#define FD_HTTP_RELATIONSHIPS_H

#include "http/server.h"

void relationships_create(struct request *req);
void relationships_end(struct request *req);

#endif
