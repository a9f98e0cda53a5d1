/*
 * err: the one error enum every fallible function in frontdoor returns. It is not an error
 * *message*: the message and the offending field travel in struct err_info where a caller
 * needs them (validation), and one place (http/respond.c) maps an err to an HTTP status.
 */
#ifndef FD_CORE_ERR_H
#define FD_CORE_ERR_H

#include <stddef.h>

#define MUST_CHECK __attribute__((warn_unused_result))

enum err {
    E_OK = 0,
    E_NOMEM,
    E_INVALID,  /* input failed validation: see err_info.field */
    E_NOTFOUND,
    E_CONFLICT, /* state forbids it (duplicate, already done) */
    E_DENIED,   /* not allowed for this user */
    E_BUSY,     /* transient: try again */
    E_TOOBIG,
    E_IO,
    E_DB,
    E_AUTH, /* not signed in or bad credentials */
    E_LOCKED, /* account locked */
};

/* Detail for an error that a user must be told about. Fixed buffers: no ownership. */
struct err_info {
    char field[64];    /* offending input field, "" when none */
    char message[256]; /* lower-case, no full stop */
};

/* Several errors of one request, in the order a form asks for the fields (validation that
 * reports every field at fault at once). Fixed size: no ownership; more than ERR_LIST_MAX are
 * dropped, the first ones kept. */
#define ERR_LIST_MAX 16
struct err_list {
    size_t n;
    struct err_info items[ERR_LIST_MAX];
};

/* Appends a copy of info to list unless the list is full. */
void err_list_add(struct err_list *list, const struct err_info *info);

/* Fills info (if not NULL) and returns code, so callers can write `return err_set(...)`. */
enum err err_set(struct err_info *info, enum err code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Stable lower-case name of an error code ("invalid", "not_found", ...). Static string. */
const char *err_name(enum err code);

#endif
