/*
 * contact: validation rules for recording a contact. Messages are written for the person at
 * the keyboard (GOV.UK error message style), since the web form shows them as they are.
 */
#include "domain/contact.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name, *label;
} channels[CHANNEL_COUNT] = {
    [CHANNEL_NONE] = {"", ""},
    [CHANNEL_PHONE] = {"phone", "Phone"},
    [CHANNEL_EMAIL] = {"email", "Email"},
    [CHANNEL_LETTER] = {"letter", "Letter"},
    [CHANNEL_WEB] = {"web", "Web form"},
    [CHANNEL_FACE_TO_FACE] = {"face_to_face", "Face to face"},
};

const char *channel_name(enum channel c)
{
    return c > CHANNEL_NONE && c < CHANNEL_COUNT ? channels[c].name : "";
}

const char *channel_label(enum channel c)
{
    return c > CHANNEL_NONE && c < CHANNEL_COUNT ? channels[c].label : "";
}

enum channel channel_parse(const char *name)
{
    for (int c = CHANNEL_NONE + 1; name && c < CHANNEL_COUNT; c++)
        if (strcmp(name, channels[c].name) == 0)
            return (enum channel)c;
    return CHANNEL_NONE;
}

long utf8_length(const char *s)
{
    long n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int extra;
        if (*p < 0x80)
            extra = 0;
        else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
            extra = 1;
        else if ((*p & 0xF0) == 0xE0)
            extra = 2;
        else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
            extra = 3;
        else
            return -1;
        p++;
        for (int i = 0; i < extra; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return -1;
        n++;
    }
    return n;
}

/* Text that is present, valid UTF-8, not only white space, and at most max characters. */
static enum err check_text(const char *s, long max, const char *field, const char *what,
                           struct err_info *info)
{
    if (!s || s[strspn(s, " \t\r\n")] == '\0')
        return err_set(info, E_INVALID, field, "enter %s", what);
    long n = utf8_length(s);
    if (n < 0)
        return err_set(info, E_INVALID, field, "%s must be valid UTF-8 text", what);
    if (n > max)
        return err_set(info, E_INVALID, field, "%s must be %ld characters or fewer", what, max);
    return E_OK;
}

enum err contact_validate(const struct contact *c, int64_t now_ms, struct err_info *info)
{
    if (c->channel <= CHANNEL_NONE || c->channel >= CHANNEL_COUNT)
        return err_set(info, E_INVALID, "channel",
                       "select how the contact was made: phone, email, letter, web or face_to_face");
    if (c->received_at <= 0)
        return err_set(info, E_INVALID, "received_at", "enter when the contact was received");
    if (c->received_at > now_ms + CONTACT_FUTURE_SLACK_MS)
        return err_set(info, E_INVALID, "received_at",
                       "the time the contact was received must be in the past");
    enum err rc = check_text(c->caller_name, CONTACT_CALLER_MAX, "caller_name",
                             "the name of the person who made contact", info);
    if (rc)
        return rc;
    return check_text(c->summary, CONTACT_SUMMARY_MAX, "summary", "a summary of the contact",
                      info);
}

void contact_reference(int year, int64_t seq, char out[CONTACT_REF_LEN])
{
    snprintf(out, CONTACT_REF_LEN, "C-%04d-%06lld", year, (long long)seq);
}
