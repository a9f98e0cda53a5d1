/*
 * migrate: the numbered schema migrations and their application. Each migration runs in its
 * own transaction with its version recorded, so start-up is idempotent and a half-applied
 * migration cannot exist. Private to src/store.
 */
#ifndef FD_STORE_MIGRATE_H
#define FD_STORE_MIGRATE_H

#include "core/err.h"
#include "store/db.h"

/* Applies every migration newer than the database's version; *version_out gets the result. */
enum err migrate_apply(struct db_conn *c, int *version_out, struct err_info *info) MUST_CHECK;
/* The newest version this build knows. */
int migrate_latest(void);

#endif
