/*
 * user: a person who signs in to frontdoor, and the sign-in rules — password length, how
 * failed attempts slow down and then lock an account, and how long a session lives idle.
 * Passwords themselves are hashed in core/secret; rows are kept by store/store_user.
 */
#ifndef FD_DOMAIN_USER_H
#define FD_DOMAIN_USER_H

#include <stdint.h>

#include "core/err.h"
#include "domain/role.h"

#define USER_NAME_MAX 100
#define USERNAME_MAX 64
#define USER_PASSWORD_MIN 12
#define USER_PASSWORD_MAX 256
#define USER_MAX_FAILURES 5                     /* consecutive failures that lock */
#define USER_LOCK_MS (15 * 60 * 1000)           /* how long a lock lasts */
#define SESSION_IDLE_MS (30 * 60 * 1000)        /* inactivity that ends a session */
#define SESSION_TOUCH_MS (60 * 1000)            /* how stale last_seen may get */

struct user {
    int64_t id;
    char username[USERNAME_MAX + 1];
    char name[USER_NAME_MAX + 1];
    enum role role;
    int64_t team_id;                  /* 0 when none */
    char team_name[USER_NAME_MAX + 1];
    char password_hash[128];
    int failed_count;
    int64_t locked_until; /* UTC ms; 0 when not locked */
    int active;
};

/* Username: 1-64 of [a-z0-9._-]; name 1-100 characters; names the field at fault. */
enum err user_validate(const struct user *u, struct err_info *info) MUST_CHECK;
enum err user_password_check(const char *password, struct err_info *info) MUST_CHECK;
/* 1 when the account is locked at now_ms. */
int user_is_locked(const struct user *u, int64_t now_ms);
/* Delay before answering a failed sign-in, growing with consecutive failures (ms). */
int user_failure_delay_ms(int failed_count);

#endif
