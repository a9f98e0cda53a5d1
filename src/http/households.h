/*
 * households: households and families (L5, L8) — create one with its first members, read it,
 * add a member, record that a member left. A person's households are also read with the
 * person (http/persons).
 */
#ifndef FD_HTTP_HOUSEHOLDS_H
#define FD_HTTP_HOUSEHOLDS_H

#include "http/server.h"

void households_create(struct request *req);
void households_get(struct request *req);
void households_join(struct request *req);
void households_leave(struct request *req);

#endif
