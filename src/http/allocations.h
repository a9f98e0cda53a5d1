/*
 * allocations: who holds a person's case (W1) over HTTP — allocate a person to a worker or
 * team and end an allocation (PERM_ALLOCATE, audited), list a person's allocations with their
 * history, and the front door's check "is worker X allocated to person Y, or is team T
 * responsible for their assessment or review?". Reading a person's allocations reads their
 * record, so both reads are audited and run on the writer.
 */
#ifndef FD_HTTP_ALLOCATIONS_H
#define FD_HTTP_ALLOCATIONS_H

#include "http/server.h"

void allocations_create(struct request *req);
void allocations_end(struct request *req);
void allocations_for_person(struct request *req);
void allocations_check(struct request *req);

#endif
