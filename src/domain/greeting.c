/*
 * greeting: checking a greeting script and filling its placeholders. Plain text in, plain
 * text out: the browser shows it with textContent, so no escaping happens here. A placeholder
 * is a name in braces; only {name} and {team} are known, and a brace that does not belong to
 * one of them is refused, so a typing slip such as "{nmae}" or "{worker}" is caught when the
 * script is saved rather than read out to a caller.
 */
#include "domain/greeting.h"

#include <stdio.h>
#include <string.h>

#include "domain/contact.h"

#define PLACEHOLDER_NAME_MAX 32 /* bytes between the braces that are shown in a message */

static const char *const known[] = {GREETING_PLACEHOLDER, GREETING_TEAM_PLACEHOLDER, NULL};

/* The known placeholder s starts with, or NULL. */
static const char *known_at(const char *s)
{
    for (size_t i = 0; known[i]; i++)
        if (strncmp(s, known[i], strlen(known[i])) == 0)
            return known[i];
    return NULL;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* Every brace in script belongs to a known placeholder. */
static enum err check_placeholders(const char *script, struct err_info *info)
{
    for (const char *p = script; *p; p++) {
        if (*p == '}')
            return err_set(info, E_INVALID, "script",
                           "a '}' must close {name} or {team}: the greeting may use only those "
                           "placeholders");
        if (*p != '{')
            continue;
        const char *k = known_at(p);
        if (k) {
            p += strlen(k) - 1;
            continue;
        }
        size_t n = 0;
        while (n < PLACEHOLDER_NAME_MAX && name_char(p[1 + n]))
            n++;
        if (n > 0 && p[1 + n] == '}')
            return err_set(info, E_INVALID, "script",
                           "{%.*s} is not a placeholder: use {name} for the worker's name and "
                           "{team} for the team's name",
                           (int)n, p + 1);
        return err_set(info, E_INVALID, "script",
                       "a '{' must open {name} or {team}: the greeting may use only those "
                       "placeholders");
    }
    return E_OK;
}

enum err greeting_script_check(const char *script, struct err_info *info)
{
    if (contact_text_blank(script))
        return err_set(info, E_INVALID, "script", "enter the greeting script");
    long n = utf8_length(script);
    if (n < 0)
        return err_set(info, E_INVALID, "script", "the greeting must be valid UTF-8 text");
    if (n > GREETING_SCRIPT_MAX)
        return err_set(info, E_INVALID, "script", "the greeting must be %d characters or fewer",
                       GREETING_SCRIPT_MAX);
    for (const unsigned char *p = (const unsigned char *)script; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return err_set(info, E_INVALID, "script",
                           "the greeting must be one line of text, without tabs or control "
                           "characters");
    enum err rc = check_placeholders(script, info);
    if (rc)
        return rc;
    if (!strstr(script, GREETING_PLACEHOLDER))
        return err_set(info, E_INVALID, "script",
                       "the greeting must say where the worker's name goes, as {name}");
    return E_OK;
}

enum err greeting_reason_check(const char *reason, struct err_info *info)
{
    if (contact_text_blank(reason))
        return err_set(info, E_INVALID, "reason", "say why the greeting is changed");
    long n = utf8_length(reason);
    if (n < 0)
        return err_set(info, E_INVALID, "reason", "the reason must be valid UTF-8 text");
    if (n > GREETING_REASON_MAX)
        return err_set(info, E_INVALID, "reason", "the reason must be %d characters or fewer",
                       GREETING_REASON_MAX);
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

void greeting_render(const char *script, const char *name, const char *team, char *out,
                     size_t out_len)
{
    size_t used = 0;
    if (!out_len)
        return;
    out[0] = '\0';
    const char *p = script ? script : "";
    while (*p) {
        /* the next known placeholder, and the literal text before it */
        const char *hit = NULL, *which = NULL;
        for (const char *q = strchr(p, '{'); q && !hit; q = strchr(q + 1, '{')) {
            which = known_at(q);
            if (which)
                hit = q;
        }
        size_t lit = hit ? (size_t)(hit - p) : strlen(p);
        const char *value = "";
        if (hit)
            value =
                strcmp(which, GREETING_PLACEHOLDER) == 0 ? (name ? name : "") : (team ? team : "");
        int n = snprintf(out + used, out_len - used, "%.*s%s", (int)lit, p, value);
        if (n < 0 || (size_t)n >= out_len - used) {
            cut_whole(out);
            return;
        }
        used += (size_t)n;
        p += lit + (hit ? strlen(which) : 0);
    }
}

void greeting_fill(const char *script, const char *name, char *out, size_t out_len)
{
    greeting_render(script, name, NULL, out, out_len);
}

void greeting_default(const char *team_name, char *out, size_t out_len)
{
    /* {team} filled, {name} kept: render with name standing for itself */
    greeting_render(GREETING_DEFAULT_SCRIPT, GREETING_PLACEHOLDER, team_name, out, out_len);
}
