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

size_t utf8_char_size(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        unsigned lo = p[0] == 0xE0 ? 0xA0 : 0x80, hi = p[0] == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        unsigned lo = p[0] == 0xF0 ? 0x90 : 0x80, hi = p[0] == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}
