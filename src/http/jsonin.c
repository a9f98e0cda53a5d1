/*
 * jsonin: strict body reading. Unknown fields are refused rather than ignored, so a client's
 * typo ("sumary") is a clear 400, not silently lost data.
 */
#include "http/jsonin.h"

#include <string.h>

static int listed(const char *const list[], const char *key)
{
    for (int i = 0; list && list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return 1;
    return 0;
}

enum err jsonin_only(json_t *obj, const char *const allowed[], struct err_info *info)
{
    return jsonin_only_either(obj, allowed, NULL, info);
}

enum err jsonin_only_either(json_t *obj, const char *const allowed[], const char *const also[],
                            struct err_info *info)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        (void)value;
        if (!listed(allowed, key) && !listed(also, key))
            return err_set(info, E_INVALID, key, "'%.60s' is not a field this request accepts",
                           key);
    }
    return E_OK;
}

enum err jsonin_string(json_t *obj, const char *key, const char **out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_string(v))
        return err_set(info, E_INVALID, key, "'%s' must be text", key);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set(info, E_INVALID, key, "'%s' must not contain a NUL character", key);
    *out = json_string_value(v);
    return E_OK;
}
