/*
 * fuzz_email: a raw message as POST /api/intake/email receives it, through email_parse, then
 * the contact's caller and summary from it; and the same bytes as HTML through
 * email_html_to_text. Checks what email.h promises of a parsed message: a plausible sender
 * address, strings that are valid UTF-8 (one-line where they must be), attachment file names
 * that are non-empty, free of paths and control characters and within EMAIL_FILENAME_MAX
 * characters, lower-case content types, the count and byte caps kept, and a summary within the
 * characters asked for.
 */
#include <glib.h>

#include "domain/contact.h"
#include "domain/email.h"
#include "fuzz.h"

static void check_text(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(g_utf8_validate(s, -1, NULL));
}

static void check_one_line(const char *s)
{
    check_text(s);
    FUZZ_CHECK(strpbrk(s, "\r\n") == NULL);
}

static void check_attachment(const struct email_attachment *a)
{
    check_text(a->filename);
    FUZZ_CHECK(a->filename[0] != '\0');
    FUZZ_CHECK(g_utf8_strlen(a->filename, -1) <= EMAIL_FILENAME_MAX);
    FUZZ_CHECK(strpbrk(a->filename, "/\\") == NULL);
    for (const unsigned char *p = (const unsigned char *)a->filename; *p; p++)
        FUZZ_CHECK(*p >= 0x20 && *p != 0x7F);
    check_text(a->content_type);
    for (const char *p = a->content_type; *p; p++)
        FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'));
    FUZZ_CHECK(a->len <= EMAIL_ATTACHMENT_MAX_BYTES);
    FUZZ_CHECK(a->len == 0 || a->data != NULL);
}

static void check_summary(const struct email_message *m, long max_chars)
{
    char *summary = email_summary(m, max_chars);
    check_text(summary);
    FUZZ_CHECK(utf8_length(summary) <= max_chars);
    free(summary);
}

static void check_message(const struct email_message *m)
{
    check_text(m->from_address);
    FUZZ_CHECK(strchr(m->from_address, '@') != NULL);
    FUZZ_CHECK(strpbrk(m->from_address, " \t\r\n<>") == NULL);
    check_one_line(m->from_name);
    check_one_line(m->subject);
    check_text(m->message_id);
    check_text(m->text);
    FUZZ_CHECK(strlen(m->text) <= EMAIL_TEXT_MAX_BYTES);
    FUZZ_CHECK(m->sent_at >= 0);
    FUZZ_CHECK(m->n_attachments <= EMAIL_ATTACHMENTS_MAX_COUNT);
    size_t total = 0;
    for (size_t i = 0; i < m->n_attachments; i++) {
        check_attachment(&m->attachments[i]);
        total += m->attachments[i].len;
    }
    FUZZ_CHECK(total == m->attachments_bytes);
    FUZZ_CHECK(total <= EMAIL_ATTACHMENTS_TOTAL_MAX_BYTES);
    const char *caller = email_caller(m);
    check_one_line(caller);
    FUZZ_CHECK(caller[0] != '\0');
    check_summary(m, 0);
    check_summary(m, 40);
    check_summary(m, 2000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct email_message m;
    struct err_info info = {0};
    if (email_parse(data, size, &m, &info) == E_OK)
        check_message(&m);
    email_message_release(&m);

    char *html = fuzz_cstr(data, size);
    char *text = email_html_to_text(html);
    check_text(text);
    free(text);
    free(html);
    return 0;
}
