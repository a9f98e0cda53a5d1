/*
 * utf8: a character starts at every byte that is not a continuation byte (10xxxxxx).
 */
#include "core/utf8.h"

size_t utf8_prefix(const char *s, long max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (long n = 0; p[i] && n < max_chars; n++) {
        i++;
        while ((p[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}
