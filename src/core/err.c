/*
 * err: naming and filling in errors. Mapping to HTTP statuses lives in http/respond.c, not here.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum err err_set(struct err_info *info, enum err code, const char *field, const char *fmt, ...)
{
    if (!info)
        return code;
    snprintf(info->field, sizeof(info->field), "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info->message, sizeof(info->message), fmt, ap);
    va_end(ap);
    return code;
}

void err_list_add(struct err_list *list, const struct err_info *info)
{
    if (list->n < ERR_LIST_MAX)
        list->items[list->n++] = *info;
}

const char *err_name(enum err code)
{
    switch (code) {
    case E_OK: return "ok";
    case E_NOMEM: return "no_memory";
    case E_INVALID: return "invalid";
    case E_NOTFOUND: return "not_found";
    case E_CONFLICT: return "conflict";
    case E_DENIED: return "forbidden";
    case E_BUSY: return "busy";
    case E_TOOBIG: return "too_big";
    case E_IO: return "io";
    case E_DB: return "database";
    case E_AUTH: return "unauthorized";
    case E_LOCKED: return "locked";
    }
    return "unknown";
}
