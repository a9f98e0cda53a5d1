/*
 * assets: lookup in the compiled-in table (build/gen/assets.c). A linear scan: the table holds
 * a few dozen entries and lookups are rare next to the API.
 */
#include "http/assets.h"

#include <string.h>

const struct asset *assets_find(const char *path)
{
    for (unsigned long i = 0; i < assets_count; i++)
        if (strcmp(assets_table[i].path, path) == 0)
            return &assets_table[i];
    return NULL;
}
