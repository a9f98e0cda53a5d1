/*
 * jsonin: reading request bodies — refusing unknown fields and fields of the wrong type, each
 * as E_INVALID naming the field, so every handler reads its input the same strict way.
 */
#ifndef FD_HTTP_JSONIN_H
#define FD_HTTP_JSONIN_H

#include <jansson.h>

#include "core/err.h"

/* E_INVALID naming the first key of obj that is not in allowed (NULL-terminated). */
enum err jsonin_only(json_t *obj, const char *const allowed[], struct err_info *info) MUST_CHECK;
/* The same with a second list of allowed keys (either may be NULL). */
enum err jsonin_only_either(json_t *obj, const char *const allowed[], const char *const also[],
                            struct err_info *info) MUST_CHECK;
/* *out = the string at key, borrowed from obj; NULL when absent or null. E_INVALID when present
 * but not a string, or when it holds a NUL byte. */
enum err jsonin_string(json_t *obj, const char *key, const char **out, struct err_info *info)
    MUST_CHECK;

#endif
