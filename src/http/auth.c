/*
 * auth: sessions are looked up by the hash of the cookie, so the table holds no usable
 * credential. An idle session ends after SESSION_IDLE_MS; last_seen is written at most once a
 * minute (fire and forget), so reads do not each cost a commit.
 */
#include "http/auth.h"

#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/store_user.h"

struct lookup {
    const char *hash;
    int is_token;
    struct session_row session;
    struct user user;
    struct token_row token;
};

static enum err lookup_apply(struct store_tx *tx, void *arg)
{
    struct lookup *l = arg;
    if (l->is_token)
        return store_token_get(tx, l->hash, &l->token);
    enum err rc = store_session_get(tx, l->hash, &l->session);
    if (rc)
        return rc;
    return store_user_by_id(tx, l->session.user_id, &l->user);
}

static enum err touch_apply(struct store_tx *tx, void *arg)
{
    return store_session_touch(tx, arg);
}

static void touch_done(void *arg, enum err rc)
{
    (void)rc;
    free(arg);
}

static enum err end_apply(struct store_tx *tx, void *arg)
{
    return store_session_end(tx, arg);
}

enum err auth_resolve(struct request *req, struct err_info *info)
{
    const char *bearer = request_header(req, "Authorization");
    const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, AUTH_COOKIE);
    struct lookup l;
    memset(&l, 0, sizeof(l));
    char hash[SECRET_HASH_HEX_LEN];
    if (bearer && strncmp(bearer, "Bearer ", 7) == 0) {
        secret_token_hash(bearer + 7, hash);
        l.is_token = 1;
    } else if (cookie && *cookie) {
        secret_token_hash(cookie, hash);
    } else {
        return err_set(info, E_AUTH, "", "sign in to continue");
    }
    l.hash = hash;
    enum err rc = store_read(req->app->store, lookup_apply, &l);
    if (rc == E_NOTFOUND)
        return err_set(info, E_AUTH, "", l.is_token ? "the token is not valid"
                                                    : "your session has ended: sign in again");
    if (rc)
        return rc;
    if (l.is_token) {
        req->auth = AUTH_TOKEN;
        req->token = l.token;
        return E_OK;
    }
    int64_t now = timefmt_now_ms();
    if (!l.user.active || now - l.session.last_seen > SESSION_IDLE_MS) {
        store_submit(req->app->store, end_apply, xstrdup(hash), touch_done);
        return err_set(info, E_AUTH, "", "your session has ended: sign in again");
    }
    if (now - l.session.last_seen > SESSION_TOUCH_MS)
        store_submit(req->app->store, touch_apply, xstrdup(hash), touch_done);
    req->auth = AUTH_SESSION;
    req->user = l.user;
    memcpy(req->session_hash, hash, sizeof(req->session_hash));
    memcpy(req->csrf_token, l.session.csrf_token, sizeof(req->csrf_token));
    secret_wipe(&l, sizeof(l));
    return E_OK;
}

int auth_csrf_ok(struct request *req)
{
    const char *sent = request_header(req, "X-CSRF-Token");
    return sent && req->csrf_token[0] && secret_equal(sent, req->csrf_token);
}
