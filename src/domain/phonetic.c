/*
 * phonetic: NYSIIS as described by Taft (1970): fix up the start and end of the name, keep the
 * first letter, then translate the rest letter by letter (vowels to A, sound-alike consonants to
 * one letter), collapsing runs, and tidy the end. The rules are applied to a working copy, so a
 * later rule sees the earlier translations, as in the original.
 */
#include "domain/phonetic.h"

#include <ctype.h>
#include <string.h>

#define WORK_MAX 64

static int is_vowel(char c)
{
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

void phonetic_nysiis(const char *in, char *out, size_t cap)
{
    char s[WORK_MAX + 3]; /* room to look ahead two places past the end */
    size_t n = 0;
    for (; in && *in && n < WORK_MAX; in++)
        if (isalpha((unsigned char)*in) && (unsigned char)*in < 128)
            s[n++] = (char)toupper((unsigned char)*in);
    memset(s + n, 0, sizeof(s) - n);
    out[0] = '\0';
    if (n == 0)
        return;

    /* The start of the name. */
    if (starts(s, "MAC"))
        s[1] = 'C';
    else if (starts(s, "KN"))
        s[0] = 'N';
    else if (s[0] == 'K')
        s[0] = 'C';
    else if (starts(s, "PH") || starts(s, "PF"))
        s[0] = s[1] = 'F';
    else if (starts(s, "SCH"))
        s[1] = s[2] = 'S';

    /* The end of the name. */
    if (ends(s, n, "EE") || ends(s, n, "IE")) {
        s[n - 2] = 'Y';
        s[--n] = '\0';
    } else if (ends(s, n, "DT") || ends(s, n, "RT") || ends(s, n, "RD") || ends(s, n, "NT") ||
               ends(s, n, "ND")) {
        s[n - 2] = 'D';
        s[--n] = '\0';
    }

    char key[WORK_MAX + 1];
    size_t k = 0;
    key[k++] = s[0];
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (c == 'E' && s[i + 1] == 'V') {
            s[i] = 'A';
            s[i + 1] = 'F';
        } else if (is_vowel(c)) {
            s[i] = 'A';
        } else if (c == 'Q') {
            s[i] = 'G';
        } else if (c == 'Z') {
            s[i] = 'S';
        } else if (c == 'M') {
            s[i] = 'N';
        } else if (c == 'K') {
            s[i] = s[i + 1] == 'N' ? 'N' : 'C';
        } else if (c == 'S' && s[i + 1] == 'C' && s[i + 2] == 'H') {
            s[i + 1] = s[i + 2] = 'S';
        } else if (c == 'P' && s[i + 1] == 'H') {
            s[i] = s[i + 1] = 'F';
        } else if (c == 'H' &&
                   (!is_vowel(s[i - 1]) || (i + 1 < n && !is_vowel(s[i + 1])) || i + 1 == n)) {
            s[i] = s[i - 1];
        } else if (c == 'W' && is_vowel(s[i - 1])) {
            s[i] = s[i - 1];
        }
        if (s[i] != key[k - 1])
            key[k++] = s[i];
    }
    /* The end of the key. */
    if (k > 1 && key[k - 1] == 'S')
        k--;
    if (k > 2 && key[k - 2] == 'A' && key[k - 1] == 'Y') {
        key[k - 2] = 'Y';
        k--;
    }
    if (k > 1 && key[k - 1] == 'A')
        k--;
    if (k > cap - 1)
        k = cap - 1;
    memcpy(out, key, k);
    out[k] = '\0';
}
