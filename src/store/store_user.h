/*
 * store_user: users, teams, sessions and integration tokens in the database. Each function is
 * one query and runs inside a store transaction (store_read or an apply function of
 * store_write). Writes append their audit events in the same transaction.
 */
#ifndef FD_STORE_STORE_USER_H
#define FD_STORE_STORE_USER_H

#include <stdint.h>

#include "core/err.h"
#include "domain/user.h"
#include "store/store.h"

/* Team id by name, creating the team when missing (writer only). */
enum err store_team_ensure(struct store_tx *tx, const char *name, const char *kind,
                           int64_t *id_out) MUST_CHECK;
/* Inserts u (id is set); E_CONFLICT when the username is taken. */
enum err store_user_insert(struct store_tx *tx, struct user *u) MUST_CHECK;
enum err store_user_by_username(struct store_tx *tx, const char *username, struct user *out)
    MUST_CHECK;
enum err store_user_by_id(struct store_tx *tx, int64_t id, struct user *out) MUST_CHECK;
/* Calls fn for each user in username order. */
enum err store_user_each(struct store_tx *tx, void (*fn)(const struct user *u, void *arg),
                         void *arg) MUST_CHECK;
/* Records a failed sign-in; locks the account at the limit (audited). *locked_out set 1 when
 * this failure locked it. */
enum err store_user_sign_in_failed(struct store_tx *tx, int64_t user_id, int *locked_out)
    MUST_CHECK;
/* Clears failures after a good sign-in. */
enum err store_user_sign_in_ok(struct store_tx *tx, int64_t user_id) MUST_CHECK;
enum err store_user_unlock(struct store_tx *tx, int64_t user_id) MUST_CHECK;

struct session_row {
    int64_t user_id;
    char csrf_token[64];
    int64_t last_seen;
};
/* Stores a session under the hash of its token. */
enum err store_session_insert(struct store_tx *tx, const char *token_hash, int64_t user_id,
                              const char *csrf_token) MUST_CHECK;
/* A live (not ended) session by token hash. */
enum err store_session_get(struct store_tx *tx, const char *token_hash, struct session_row *out)
    MUST_CHECK;
enum err store_session_touch(struct store_tx *tx, const char *token_hash) MUST_CHECK;
enum err store_session_end(struct store_tx *tx, const char *token_hash) MUST_CHECK;

struct token_row {
    int64_t id;
    char name[USER_NAME_MAX + 1];
    char scope[128];
};
enum err store_token_insert(struct store_tx *tx, const char *name, const char *scope,
                            const char *token_hash, int64_t *id_out) MUST_CHECK;
enum err store_token_get(struct store_tx *tx, const char *token_hash, struct token_row *out)
    MUST_CHECK;

#endif
