/*
 * sessions: sign-in. An unknown username costs the same argon2id work as a wrong password, so
 * timing does not reveal which usernames exist. Failed attempts are slowed (domain/user) and
 * lock the account at the limit, each recorded in the audit log.
 */
#include "http/sessions.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/secret.h"
#include "core/timefmt.h"
#include "http/auth.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_audit.h"
#include "store/store_user.h"

struct sign_in {
    const char *username, *password;
    struct user user;
    enum err rc;
    char token[SECRET_TOKEN_LEN];
    char token_hash[SECRET_HASH_HEX_LEN];
    char csrf[SECRET_TOKEN_LEN];
    int locked_now;
};

static void add_permission(const char *name, void *arg)
{
    json_array_append_new(arg, json_string(name));
}

json_t *sessions_user_json(const struct user *u)
{
    json_t *perms = json_array();
    role_each_permission(u->role, add_permission, perms);
    json_t *user = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)u->id, "username",
                     u->username, "name", u->name, "role", role_name(u->role), "role_label",
                     role_label(u->role), "team", u->team_name[0] ? u->team_name : NULL);
    json_object_set_new(user, "permissions", perms);
    return user;
}

static enum err find_user(struct store_tx *tx, void *arg)
{
    struct sign_in *s = arg;
    return store_user_by_username(tx, s->username, &s->user);
}

static enum err record_failure(struct store_tx *tx, void *arg)
{
    struct sign_in *s = arg;
    store_tx_set_actor(tx, s->user.id, "");
    return store_user_sign_in_failed(tx, s->user.id, &s->locked_now);
}

static enum err record_success(struct store_tx *tx, void *arg)
{
    struct sign_in *s = arg;
    store_tx_set_actor(tx, s->user.id, "");
    enum err rc = store_session_insert(tx, s->token_hash, s->user.id, s->csrf);
    if (rc)
        return rc;
    return store_user_sign_in_ok(tx, s->user.id);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A real argon2id string whose password nobody knows, to spend equal time on unknown users. */
static char dummy_hash[SECRET_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char pw[SECRET_TOKEN_LEN];
    secret_token_new(pw);
    if (secret_password_hash(pw, dummy_hash))
        dummy_hash[0] = '\0';
}

/* Runs on the slow pool. */
static void check_password(struct request *req)
{
    struct sign_in *s = req->apply_arg;
    pthread_once(&dummy_once, make_dummy_hash);
    enum err rc = store_read(req->app->store, find_user, s);
    if (rc && rc != E_NOTFOUND) {
        s->rc = rc;
        return;
    }
    int known = rc == E_OK && s->user.active;
    int ok = secret_password_verify(known ? s->user.password_hash : dummy_hash, s->password);
    if (known && user_is_locked(&s->user, timefmt_now_ms())) {
        s->rc = E_LOCKED;
        return;
    }
    if (!ok || !known) {
        if (known) {
            rc = store_write(req->app->store, record_failure, s);
            if (rc) {
                s->rc = rc;
                return;
            }
            sleep_ms(user_failure_delay_ms(s->user.failed_count + 1));
        }
        s->rc = s->locked_now ? E_LOCKED : E_AUTH;
        return;
    }
    secret_token_new(s->token);
    secret_token_hash(s->token, s->token_hash);
    secret_token_new(s->csrf);
    s->rc = store_write(req->app->store, record_success, s);
}

static void respond_session(struct request *req, const struct user *u, const char *csrf)
{
    json_t *body = json_pack("{s:o, s:s}", "user", sessions_user_json(u), "csrf_token", csrf);
    respond_json(req, 200, body);
}

static void sign_in_done(struct request *req, enum err rc)
{
    (void)rc;
    struct sign_in *s = req->apply_arg;
    if (s->rc == E_AUTH) {
        respond_error(req, 401, "unauthorized", "the username or password is not right", NULL);
    } else if (s->rc) {
        respond_err(req, s->rc, NULL);
    } else {
        respond_session(req, &s->user, s->csrf);
        char cookie[168];
        snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
                 AUTH_COOKIE, s->token, req->app->secure_cookies ? "; Secure" : "");
        respond_header(req, "Set-Cookie", cookie);
    }
    secret_wipe(s, sizeof(*s));
}

void sessions_create(struct request *req)
{
    static const char *const fields[] = {"username", "password", NULL};
    struct err_info info = {{0}, {0}};
    struct sign_in *s = arena_alloc(&req->arena, sizeof(*s));
    enum err rc = jsonin_only(req->json, fields, &info);
    if (!rc)
        rc = jsonin_string(req->json, "username", &s->username, &info);
    if (!rc)
        rc = jsonin_string(req->json, "password", &s->password, &info);
    if (!rc && (!s->username || !*s->username))
        rc = err_set(&info, E_INVALID, "username", "enter your username");
    if (!rc && (!s->password || !*s->password))
        rc = err_set(&info, E_INVALID, "password", "enter your password");
    if (!rc && (strlen(s->username) > USERNAME_MAX || strlen(s->password) > USER_PASSWORD_MAX))
        rc = err_set(&info, E_AUTH, "", "the username or password is not right");
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    req->apply_arg = s;
    request_slow(req, check_password, sign_in_done);
}

void sessions_get(struct request *req)
{
    respond_session(req, &req->user, req->csrf_token);
}

static enum err end_session(struct store_tx *tx, void *arg)
{
    struct request *req = arg;
    return store_session_end(tx, req->session_hash);
}

static void signed_out(struct request *req, enum err rc)
{
    if (rc && rc != E_NOTFOUND) {
        respond_err(req, rc, NULL);
        return;
    }
    respond_empty(req, 204);
    char cookie[136];
    snprintf(cookie, sizeof(cookie), "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
             AUTH_COOKIE, req->app->secure_cookies ? "; Secure" : "");
    respond_header(req, "Set-Cookie", cookie);
}

void sessions_delete(struct request *req)
{
    request_write(req, end_session, req, signed_out);
}
