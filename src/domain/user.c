/*
 * user: sign-in policy. The delay grows so that guessing is slow even before the lock, and the
 * lock is time-limited so an attacker cannot lock staff out for good (an admin can unlock).
 */
#include "domain/user.h"

#include <string.h>

#include "domain/contact.h"

enum err user_validate(const struct user *u, struct err_info *info)
{
    size_t n = strlen(u->username);
    if (n == 0 || n > USERNAME_MAX)
        return err_set(info, E_INVALID, "username", "username must be 1 to %d characters",
                       USERNAME_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = u->username[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return err_set(info, E_INVALID, "username",
                           "username may use only a-z, 0-9, '.', '_' and '-'");
    }
    long len = utf8_length(u->name);
    if (len <= 0 || len > USER_NAME_MAX)
        return err_set(info, E_INVALID, "name", "name must be 1 to %d characters", USER_NAME_MAX);
    if (u->role == ROLE_NONE)
        return err_set(info, E_INVALID, "role",
                       "role must be one of agent, practitioner, manager, duty_manager, "
                       "coordinator, analyst, admin");
    return E_OK;
}

enum err user_password_check(const char *password, struct err_info *info)
{
    size_t n = password ? strlen(password) : 0;
    if (n < USER_PASSWORD_MIN)
        return err_set(info, E_INVALID, "password", "password must be at least %d characters",
                       USER_PASSWORD_MIN);
    if (n > USER_PASSWORD_MAX)
        return err_set(info, E_INVALID, "password", "password must be at most %d characters",
                       USER_PASSWORD_MAX);
    return E_OK;
}

int user_is_locked(const struct user *u, int64_t now_ms)
{
    return u->locked_until > now_ms;
}

int user_failure_delay_ms(int failed_count)
{
    int d = 250 * failed_count;
    return d > 2000 ? 2000 : d;
}
