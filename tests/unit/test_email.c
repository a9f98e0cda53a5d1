/* Reading emails for intake: sender, subject, text (plain, HTML, charsets), attachments and
 * their caps, refusals, and the contact summary cut to the limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "domain/contact.h"
#include "domain/email.h"

/* Whether needle occurs in the len bytes at hay. */
static int contains(const unsigned char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

static enum err parse(const char *raw, struct email_message *m, struct err_info *info)
{
    return email_parse(raw, strlen(raw), m, info);
}

static void test_plain_message(void **state)
{
    (void)state;
    const char *raw = "From: Jo Smith <jo.smith@school.example.org>\r\n"
                      "To: firstresponse@council.example.gov.uk\r\n"
                      "Subject: Concern about a pupil\r\n"
                      "Date: Mon, 23 Nov 2026 09:15:00 +0000\r\n"
                      "Message-ID: <abc123@school.example.org>\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "\r\n"
                      "Amy has come to school hungry three days running.\r\n";
    struct email_message m;
    struct err_info info = {{0}, {0}};
    assert_int_equal(parse(raw, &m, &info), E_OK);
    assert_string_equal(m.from_name, "Jo Smith");
    assert_string_equal(m.from_address, "jo.smith@school.example.org");
    assert_string_equal(email_caller(&m), "Jo Smith");
    assert_string_equal(m.subject, "Concern about a pupil");
    assert_string_equal(m.message_id, "abc123@school.example.org");
    assert_int_equal(m.sent_at, 1795425300000LL);
    assert_non_null(strstr(m.text, "hungry three days running"));
    assert_int_equal(m.text_from_html, 0);
    assert_int_equal(m.n_attachments, 0);
    char *summary = email_summary(&m, CONTACT_SUMMARY_MAX);
    assert_true(strncmp(summary, "Concern about a pupil\n\nAmy has come", 35) == 0);
    free(summary);
    email_message_release(&m);
}

static void test_attachment_decoded(void **state)
{
    (void)state;
    unsigned char pdf[300];
    for (size_t i = 0; i < sizeof(pdf); i++)
        pdf[i] = (unsigned char)(i * 7 + 3);
    memcpy(pdf, "%PDF-1.4\n", 9);
    gchar *b64 = g_base64_encode(pdf, sizeof(pdf));
    struct buf raw = BUF_INIT;
    buf_addf(&raw,
             "From: warden@sheltered.example.org\r\n"
             "Subject: Referral\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n"
             "--XYZ\r\n"
             "Content-Type: multipart/alternative; boundary=\"ALT\"\r\n\r\n"
             "--ALT\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee the form.\r\n"
             "--ALT\r\nContent-Type: text/html\r\n\r\n<p>See the <b>form</b>.</p>\r\n"
             "--ALT--\r\n"
             "--XYZ\r\n"
             "Content-Type: application/PDF; name=\"referral.pdf\"\r\n"
             "Content-Disposition: attachment; filename=\"../../etc/referral.pdf\"\r\n"
             "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
             "--XYZ\r\n"
             "Content-Type: message/rfc822\r\n\r\n"
             "From: someone@example.org\r\nSubject: earlier\r\n\r\nForwarded text.\r\n"
             "--XYZ--\r\n",
             b64);
    g_free(b64);
    struct email_message m;
    struct err_info info = {{0}, {0}};
    assert_int_equal(email_parse(raw.data, raw.len, &m, &info), E_OK);
    buf_release(&raw);
    assert_string_equal(m.from_name, "");
    assert_string_equal(email_caller(&m), "warden@sheltered.example.org");
    /* the HTML twin is not a second copy of the text, nor an attachment */
    assert_string_equal(m.text, "See the form.");
    assert_int_equal(m.n_attachments, 2);
    assert_string_equal(m.attachments[0].filename, "referral.pdf");
    assert_string_equal(m.attachments[0].content_type, "application/pdf");
    assert_int_equal(m.attachments[0].len, sizeof(pdf));
    assert_memory_equal(m.attachments[0].data, pdf, sizeof(pdf));
    assert_string_equal(m.attachments[1].content_type, "message/rfc822");
    assert_string_equal(m.attachments[1].filename, "attached-message-2.eml");
    assert_true(contains(m.attachments[1].data, m.attachments[1].len, "Forwarded text."));
    assert_int_equal(m.attachments_bytes, sizeof(pdf) + m.attachments[1].len);
    email_message_release(&m);
}

/* A content type whose bytes are not printable ASCII (so maybe not UTF-8, which JSON needs)
 * is stored as application/octet-stream (found by fuzz_email). */
static void test_content_type_not_ascii(void **state)
{
    (void)state;
    static const char raw[] = "From: someone@example.org\r\n"
                              "Content-Type: image/pn\xf6g; name=\"photo.png\"\r\n"
                              "Content-Disposition: attachment\r\n\r\n"
                              "not really a picture\r\n";
    struct email_message m;
    struct err_info info = {{0}, {0}};
    assert_int_equal(parse(raw, &m, &info), E_OK);
    assert_int_equal(m.n_attachments, 1);
    assert_string_equal(m.attachments[0].filename, "photo.png");
    assert_string_equal(m.attachments[0].content_type, "application/octet-stream");
    email_message_release(&m);
}

static void test_html_only_and_charsets(void **state)
{
    (void)state;
    const char *raw = "From: =?UTF-8?B?U2nDom4gTydCcmllbg==?= <siobhan@example.org>\r\n"
                      "Subject: =?ISO-8859-1?Q?Caf=E9_visit?=\r\n"
                      "Content-Type: text/html; charset=iso-8859-1\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                      "<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
                      "<body><p>Caf=E9 &amp; shop</p><p>Line&nbsp;two &#8212; &#x41;</p>"
                      "<!-- hidden --></body></html>\r\n";
    struct email_message m;
    struct err_info info = {{0}, {0}};
    assert_int_equal(parse(raw, &m, &info), E_OK);
    assert_string_equal(m.subject, "Caf\xC3\xA9 visit");
    assert_string_equal(m.from_name, "Si\xC3\xA2n O'Brien");
    assert_int_equal(m.text_from_html, 1);
    assert_string_equal(m.text, "Caf\xC3\xA9 & shop\n\nLine two \xE2\x80\x94 A");
    email_message_release(&m);
}

static void test_refusals(void **state)
{
    (void)state;
    struct email_message m;
    struct err_info info = {{0}, {0}};
    assert_int_equal(parse("Subject: no sender\r\n\r\nhello\r\n", &m, &info), E_INVALID);
    assert_string_equal(info.field, "from");
    email_message_release(&m);
    assert_int_equal(parse("From: not an address\r\n\r\nhello\r\n", &m, &info), E_INVALID);
    assert_string_equal(info.field, "from");
    email_message_release(&m);
    assert_int_equal(email_parse("", 0, &m, &info), E_INVALID);
    assert_string_equal(info.field, "message");
    email_message_release(&m);
    static const unsigned char junk[] = {0x00, 0xff, 0x10, 0x80, 0x00, 0x41};
    assert_int_equal(email_parse(junk, sizeof(junk), &m, &info), E_INVALID);
    email_message_release(&m);
}

/* A message with n attachments of size bytes each. */
static char *big_message(int n, size_t size, size_t *len_out)
{
    unsigned char *data = malloc(size);
    memset(data, 'x', size);
    gchar *b64 = g_base64_encode(data, size);
    free(data);
    struct buf raw = BUF_INIT;
    buf_adds(&raw, "From: a@example.org\r\nSubject: big\r\n"
                   "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
                   "--B\r\nContent-Type: text/plain\r\n\r\nbig one\r\n");
    for (int i = 0; i < n; i++)
        buf_addf(&raw,
                 "--B\r\nContent-Type: application/octet-stream\r\n"
                 "Content-Disposition: attachment; filename=f%d.bin\r\n"
                 "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n",
                 i, b64);
    buf_adds(&raw, "--B--\r\n");
    g_free(b64);
    return buf_detach(&raw, len_out);
}

static void test_size_caps(void **state)
{
    (void)state;
    struct email_message m;
    struct err_info info = {{0}, {0}};
    size_t len;
    char *raw = big_message(1, EMAIL_ATTACHMENT_MAX_BYTES + 1, &len);
    assert_int_equal(email_parse(raw, len, &m, &info), E_TOOBIG);
    assert_string_equal(info.field, "attachments");
    assert_non_null(strstr(info.message, "f0.bin"));
    email_message_release(&m);
    free(raw);
    /* three of 8 MiB: each under the cap, together over 20 MiB */
    raw = big_message(3, 8u * 1024 * 1024, &len);
    assert_int_equal(email_parse(raw, len, &m, &info), E_TOOBIG);
    assert_non_null(strstr(info.message, "in all"));
    email_message_release(&m);
    free(raw);
    raw = big_message(2, EMAIL_ATTACHMENT_MAX_BYTES, &len);
    assert_int_equal(email_parse(raw, len, &m, &info), E_OK);
    assert_int_equal(m.n_attachments, 2);
    assert_int_equal(m.attachments_bytes, 2 * EMAIL_ATTACHMENT_MAX_BYTES);
    email_message_release(&m);
    free(raw);
}

static void test_summary_cut(void **state)
{
    (void)state;
    struct buf text = BUF_INIT;
    for (int i = 0; i < 3000; i++)
        buf_adds(&text, "\xC3\xA9t\xC3\xA9 "); /* 4 characters, 6 bytes */
    char none[] = "", address[] = "x@example.org", subject[] = "  Long one ";
    struct email_message m = {
        .from_name = none, .from_address = address, .subject = subject, .text = text.data};
    char *s = email_summary(&m, CONTACT_SUMMARY_MAX);
    assert_int_equal(utf8_length(s), CONTACT_SUMMARY_MAX);
    assert_true(strncmp(s, "Long one\n\n\xC3\xA9t\xC3\xA9", 14) == 0);
    assert_non_null(strstr(s, "the full text is kept with the email]"));
    free(s);
    buf_release(&text);

    char blank[] = " \r\n", just[] = "Just text\n";
    struct email_message empty = {.subject = none, .text = blank};
    s = email_summary(&empty, 100);
    assert_string_equal(s, "(the email had no subject and no text)");
    free(s);
    struct email_message text_only = {.subject = none, .text = just};
    s = email_summary(&text_only, 100);
    assert_string_equal(s, "Just text");
    free(s);
    assert_int_equal(utf8_prefix("a\xC3\xA9z", 2), 3);
    assert_int_equal(utf8_prefix("abc", 10), 3);
    assert_int_equal(utf8_prefix("\xE2\x80\xA6x", 1), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_message),
        cmocka_unit_test(test_attachment_decoded),
        cmocka_unit_test(test_content_type_not_ascii),
        cmocka_unit_test(test_html_only_and_charsets),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_size_caps),
        cmocka_unit_test(test_summary_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
