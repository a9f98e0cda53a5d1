/*
 * persons: the person API (issue 3) — search (X2), create with the duplicate check, read,
 * correct (A10) and the history of corrections, merge with its redirect, restriction and
 * break-glass opening of restricted records (W13). Every read of a record and every search is
 * audited in the same transaction as the read. JSON shapes are http/person_json; rules are
 * domain/person, domain/person_access; rows store/store_person and store/store_person_search.
 */
#ifndef FD_HTTP_PERSONS_H
#define FD_HTTP_PERSONS_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/person_access.h"
#include "domain/user.h"
#include "http/server.h"
#include "store/store.h"

void persons_search(struct request *req);
void persons_create(struct request *req);
void persons_get(struct request *req);
void persons_update(struct request *req);
void persons_history(struct request *req);
void persons_merge(struct request *req);
void persons_access(struct request *req);
void persons_restrict(struct request *req);

/* Who is asking, copied from the request for use on the writer. */
struct person_viewer {
    struct user user;
    char session_hash[65];
};
void persons_viewer(const struct request *req, struct person_viewer *out);

/*
 * For handlers of things that hang off a person (warnings, relationships): whether the viewer
 * may see person id's details. E_NOTFOUND when there is no such person; E_CONFLICT (info says
 * where to go) when it was merged away; E_DENIED with a message when the record is restricted
 * and not open to the viewer.
 */
enum err persons_require_access(struct store_tx *tx, const struct person_viewer *v, int64_t id,
                                struct person_access *out, struct err_info *info) MUST_CHECK;

#endif
