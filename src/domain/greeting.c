/*
 * greeting: filling {name} in a greeting script. Plain text in, plain text out: the browser
 * shows it with textContent, so no escaping happens here.
 */
#include "domain/greeting.h"

#include <stdio.h>
#include <string.h>

#include "domain/contact.h"

enum err greeting_script_check(const char *script, struct err_info *info)
{
    if (contact_text_blank(script))
        return err_set(info, E_INVALID, "script", "enter the greeting script");
    long n = utf8_length(script);
    if (n < 0 || n > GREETING_SCRIPT_MAX)
        return err_set(info, E_INVALID, "script",
                       "the greeting must be valid text of %d characters or fewer",
                       GREETING_SCRIPT_MAX);
    if (!strstr(script, GREETING_PLACEHOLDER))
        return err_set(info, E_INVALID, "script",
                       "the greeting must say where the worker's name goes, as {name}");
    return E_OK;
}

/* Drops a UTF-8 character that truncation left incomplete at the end of s. */
static void cut_whole(char *s)
{
    size_t len = strlen(s), i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    if (i - 1 + need > len)
        s[i - 1] = '\0';
}

void greeting_fill(const char *script, const char *name, char *out, size_t out_len)
{
    size_t used = 0, plen = strlen(GREETING_PLACEHOLDER);
    if (!out_len)
        return;
    out[0] = '\0';
    const char *p = script ? script : "";
    while (*p) {
        const char *hit = strstr(p, GREETING_PLACEHOLDER);
        size_t lit = hit ? (size_t)(hit - p) : strlen(p);
        int n = snprintf(out + used, out_len - used, "%.*s%s", (int)lit, p,
                         hit ? (name ? name : "") : "");
        if (n < 0 || (size_t)n >= out_len - used) {
            cut_whole(out);
            return;
        }
        used += (size_t)n;
        p += lit + (hit ? plen : 0);
    }
}

void greeting_default(const char *team_name, char *out, size_t out_len)
{
    snprintf(out, out_len, "%s, " GREETING_PLACEHOLDER " speaking. How can I help?",
             team_name ? team_name : "");
}
