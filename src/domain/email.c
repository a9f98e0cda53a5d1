/*
 * email: GMime reads the message; this walks its parts. The text is the message's inline
 * text/plain parts joined (or, failing those, its first inline HTML part made plain); every
 * other leaf part, and every attached message, is an attachment. Strings handed out are
 * valid UTF-8 (invalid sequences replaced), so nothing downstream has to check again.
 */
#include "domain/email.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "domain/contact.h"

/* Deeper nesting than this is not a real message. */
#define MAX_DEPTH 32
#define CONTENT_TYPE_MAX 127
#define ADDRESS_MAX 254

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    g_mime_init();
}

/* A valid-UTF-8 heap copy of s (NULL gives ""), caller frees. */
static char *utf8_dup(const char *s)
{
    if (!s)
        return xstrdup("");
    char *valid = g_utf8_make_valid(s, -1);
    char *out = xstrdup(valid);
    g_free(valid);
    return out;
}

void email_message_release(struct email_message *m)
{
    free(m->from_name);
    free(m->from_address);
    free(m->subject);
    free(m->message_id);
    free(m->text);
    for (size_t i = 0; i < m->n_attachments; i++) {
        free(m->attachments[i].filename);
        free(m->attachments[i].content_type);
        free(m->attachments[i].data);
    }
    free(m->attachments);
    memset(m, 0, sizeof(*m));
}

struct walk {
    struct email_message *m;
    struct buf plain;
    int n_plain;
    char *html; /* the first inline HTML part, g_free */
    struct err_info *info;
    enum err rc;
};

/* A file name safe to show and to offer for download: the last path segment, no control
 * characters, at most EMAIL_FILENAME_MAX characters; "attachment-N" when nothing is left. */
static char *clean_filename(const char *name, size_t n)
{
    struct buf b = BUF_INIT;
    if (name) {
        char *valid = g_utf8_make_valid(name, -1);
        const char *base = valid;
        for (const char *p = valid; *p; p++)
            if (*p == '/' || *p == '\\')
                base = p + 1;
        for (const unsigned char *p = (const unsigned char *)base; *p; p++)
            if (*p >= 0x20 && *p != 0x7F)
                buf_addc(&b, (char)*p);
        g_free(valid);
    }
    size_t keep = utf8_prefix(b.data, EMAIL_FILENAME_MAX);
    b.data[keep] = '\0';
    b.len = keep;
    const char *trimmed = b.data + strspn(b.data, " .");
    char *out = *trimmed ? xstrdup(trimmed) : NULL;
    buf_release(&b);
    if (!out) {
        char fallback[32];
        snprintf(fallback, sizeof(fallback), "attachment-%zu", n);
        out = xstrdup(fallback);
    }
    return out;
}

/* A MIME type is made of tokens: printable ASCII. GMime hands on whatever bytes the header
 * held, and one that is not UTF-8 cannot go into JSON, so the attachment vanished from the
 * contact's list. */
static int printable_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7F)
            return 0;
    return 1;
}

static char *mime_type_of(GMimeObject *obj)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    char *out = xstrdup(type && strlen(type) <= CONTENT_TYPE_MAX && printable_ascii(type)
                            ? type
                            : "application/octet-stream");
    g_free(type);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

/* Takes the bytes of one attachment (copied), checking the caps first. */
static void add_attachment(struct walk *w, const char *filename, char *content_type,
                           const unsigned char *data, size_t len)
{
    struct email_message *m = w->m;
    char *name = clean_filename(filename, m->n_attachments + 1);
    if (m->n_attachments >= EMAIL_ATTACHMENTS_MAX_COUNT) {
        w->rc = err_set(w->info, E_TOOBIG, "attachments",
                        "the message has more than %d attachments", EMAIL_ATTACHMENTS_MAX_COUNT);
    } else if (len > EMAIL_ATTACHMENT_MAX_BYTES) {
        w->rc = err_set(w->info, E_TOOBIG, "attachments",
                        "the attachment '%.100s' is larger than %u MiB", name,
                        EMAIL_ATTACHMENT_MAX_BYTES / (1024 * 1024));
    } else if (m->attachments_bytes + len > EMAIL_ATTACHMENTS_TOTAL_MAX_BYTES) {
        w->rc = err_set(w->info, E_TOOBIG, "attachments",
                        "the attachments come to more than %u MiB in all",
                        EMAIL_ATTACHMENTS_TOTAL_MAX_BYTES / (1024 * 1024));
    }
    if (w->rc) {
        free(name);
        free(content_type);
        return;
    }
    m->attachments = xrealloc(m->attachments, (m->n_attachments + 1) * sizeof(*m->attachments));
    struct email_attachment *a = &m->attachments[m->n_attachments++];
    a->filename = name;
    a->content_type = content_type;
    a->len = len;
    a->data = NULL;
    if (len) {
        a->data = xmalloc(len);
        memcpy(a->data, data, len);
    }
    m->attachments_bytes += len;
}

/* Writes obj's decoded content (or, for a whole message, its serialised form) to memory. */
static GMimeStream *decoded(GMimeObject *obj)
{
    GMimeStream *mem = g_mime_stream_mem_new();
    if (GMIME_IS_PART(obj)) {
        GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(obj));
        if (content)
            g_mime_data_wrapper_write_to_stream(content, mem);
    } else {
        g_mime_object_write_to_stream(obj, NULL, mem);
    }
    return mem;
}

static void add_part(struct walk *w, GMimeObject *obj, const char *filename, char *content_type)
{
    GMimeStream *mem = decoded(obj);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    add_attachment(w, filename, content_type, bytes->data, bytes->len);
    g_object_unref(mem);
}

static void walk_object(struct walk *w, GMimeObject *obj, int depth)
{
    if (w->rc || !obj)
        return;
    if (depth > MAX_DEPTH) {
        w->rc = err_set(w->info, E_INVALID, "message", "the message is nested too deeply");
        return;
    }
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n && !w->rc; i++)
            walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        if (!inner)
            return;
        const char *name = g_mime_object_get_content_disposition_parameter(obj, "filename");
        char fallback[64];
        if (!name) {
            snprintf(fallback, sizeof(fallback), "attached-message-%zu.eml",
                     w->m->n_attachments + 1);
            name = fallback;
        }
        add_part(w, GMIME_OBJECT(inner), name, xstrdup("message/rfc822"));
        return;
    }
    if (!GMIME_IS_PART(obj))
        return;
    GMimePart *part = GMIME_PART(obj);
    const char *filename = g_mime_part_get_filename(part);
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    if (GMIME_IS_TEXT_PART(obj) && !filename && !g_mime_part_is_attachment(part) && ct) {
        if (g_mime_content_type_is_type(ct, "text", "plain")) {
            char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(obj));
            char *valid = g_utf8_make_valid(text ? text : "", -1);
            if (w->n_plain++)
                buf_adds(&w->plain, "\n");
            buf_adds(&w->plain, valid);
            g_free(valid);
            g_free(text);
            return;
        }
        if (g_mime_content_type_is_type(ct, "text", "html")) {
            if (!w->html)
                w->html = g_mime_text_part_get_text(GMIME_TEXT_PART(obj));
            return; /* the HTML twin of a plain text part says the same again */
        }
    }
    add_part(w, obj, filename, mime_type_of(obj));
}

/* The first mailbox in list (looking inside groups), or NULL. */
static InternetAddressMailbox *first_mailbox(InternetAddressList *list, int depth)
{
    int n = list ? internet_address_list_length(list) : 0;
    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia))
            return INTERNET_ADDRESS_MAILBOX(ia);
        if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2) {
            InternetAddressMailbox *mb = first_mailbox(
                internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), depth + 1);
            if (mb)
                return mb;
        }
    }
    return NULL;
}

static int plausible_address(const char *addr)
{
    size_t n = strlen(addr);
    const char *at = strchr(addr, '@');
    if (n == 0 || n > ADDRESS_MAX || !at || at == addr || at[1] == '\0' || strchr(at + 1, '@'))
        return 0;
    for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
        if (*p <= 0x20 || *p == 0x7F || *p == '<' || *p == '>')
            return 0;
    return 1;
}

/* Copies header and sender fields; E_INVALID naming "from" when there is no usable sender. */
static enum err read_headers(GMimeMessage *msg, struct email_message *m, struct err_info *info)
{
    InternetAddressMailbox *mb = first_mailbox(g_mime_message_get_from(msg), 0);
    if (!mb)
        mb = first_mailbox(g_mime_message_get_sender(msg), 0);
    const char *addr = mb ? internet_address_mailbox_get_addr(mb) : NULL;
    if (!addr || !plausible_address(addr))
        return err_set(info, E_INVALID, "from",
                       "the message has no From header with an email address");
    m->from_address = utf8_dup(addr);
    const char *name = internet_address_get_name(INTERNET_ADDRESS(mb));
    m->from_name = utf8_dup(name);
    /* a display name is one line of text */
    for (char *p = m->from_name; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    m->subject = utf8_dup(g_mime_message_get_subject(msg));
    for (char *p = m->subject; *p; p++)
        if (*p == '\r' || *p == '\n' || *p == '\t')
            *p = ' ';
    m->message_id = utf8_dup(g_mime_message_get_message_id(msg));
    GDateTime *date = g_mime_message_get_date(msg);
    m->sent_at = date ? (int64_t)g_date_time_to_unix(date) * 1000 : 0;
    if (m->sent_at < 0)
        m->sent_at = 0;
    return E_OK;
}

enum err email_parse(const void *raw, size_t len, struct email_message *out, struct err_info *info)
{
    memset(out, 0, sizeof(*out));
    pthread_once(&gmime_once, gmime_start);
    if (len == 0)
        return err_set(info, E_INVALID, "message", "the message is empty");
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(stream);
    if (!msg)
        return err_set(info, E_INVALID, "message", "the body is not an email message (RFC 5322)");
    enum err rc = read_headers(msg, out, info);
    struct walk w = {.m = out, .plain = BUF_INIT, .info = info};
    if (!rc) {
        walk_object(&w, g_mime_message_get_mime_part(msg), 0);
        rc = w.rc;
    }
    if (!rc) {
        if (w.n_plain) {
            out->text = buf_detach(&w.plain, NULL);
        } else if (w.html) {
            out->text = email_html_to_text(w.html);
            out->text_from_html = 1;
        } else {
            out->text = xstrdup("");
        }
        if (strlen(out->text) > EMAIL_TEXT_MAX_BYTES)
            rc = err_set(info, E_TOOBIG, "message",
                         "the message text is longer than %u MiB: send it as an attachment",
                         EMAIL_TEXT_MAX_BYTES / (1024 * 1024));
    }
    buf_release(&w.plain);
    g_free(w.html);
    g_object_unref(msg);
    return rc;
}

const char *email_caller(const struct email_message *m)
{
    return m->from_name && m->from_name[strspn(m->from_name, " ")] ? m->from_name : m->from_address;
}

/* s without leading and trailing white space, as (start, length). */
static const char *trim(const char *s, size_t *len_out)
{
    s += strspn(s, " \t\r\n");
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    *len_out = n;
    return s;
}

char *email_summary(const struct email_message *m, long max_chars)
{
    static const char cut_note[] = "\n[\xE2\x80\xA6 the full text is kept with the email]";
    size_t subject_len, text_len;
    const char *subject = trim(m->subject ? m->subject : "", &subject_len);
    const char *text = trim(m->text ? m->text : "", &text_len);
    struct buf b = BUF_INIT;
    if (subject_len)
        buf_add(&b, subject, subject_len);
    if (subject_len && text_len)
        buf_adds(&b, "\n\n");
    if (text_len)
        buf_add(&b, text, text_len);
    if (!b.len)
        buf_adds(&b, "(the email had no subject and no text)");
    long n = utf8_length(b.data);
    if (n > max_chars) {
        long note_chars = utf8_length(cut_note);
        long keep_chars = max_chars > note_chars ? max_chars - note_chars : 0;
        size_t keep = utf8_prefix(b.data, keep_chars);
        b.len = keep;
        b.data[keep] = '\0';
        if (max_chars > note_chars)
            buf_adds(&b, cut_note);
    }
    return buf_detach(&b, NULL);
}

/* Appends the UTF-8 encoding of code point cp. */
static void add_code_point(struct buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        buf_addc(b, (char)(0xC0 | (cp >> 6)));
        buf_addc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        buf_addc(b, (char)(0xE0 | (cp >> 12)));
        buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        buf_addc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        buf_addc(b, (char)(0xF0 | (cp >> 18)));
        buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        buf_addc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

/* Decodes the character reference at s ('&' ...) into b; returns the bytes consumed, or 0
 * when it is not one we know (the '&' is then kept as it is). */
static size_t add_reference(struct buf *b, const char *s)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {{"amp", "&"},   {"lt", "<"},   {"gt", ">"},
                 {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
    const char *semi = NULL;
    for (size_t i = 1; i < 12 && s[i]; i++) {
        if (s[i] == ';') {
            semi = s + i;
            break;
        }
    }
    if (!semi || semi == s + 1)
        return 0;
    size_t n = (size_t)(semi - s - 1);
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        const char *digits = s + 2 + hex;
        if (digits >= semi)
            return 0;
        char *end = NULL;
        unsigned long cp = strtoul(digits, &end, hex ? 16 : 10);
        if (end != semi || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        add_code_point(b, cp);
        return (size_t)(semi - s) + 1;
    }
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        if (strlen(named[i].name) == n && strncasecmp(s + 1, named[i].name, n) == 0) {
            buf_adds(b, named[i].text);
            return n + 2;
        }
    }
    return 0;
}

static int is_block_tag(const char *name)
{
    static const char *const blocks[] = {
        "br", "p",  "div", "li", "tr",         "table", "h1", "h2",      "h3",      "h4",
        "h5", "h6", "ul",  "ol", "blockquote", "pre",   "hr", "section", "article", NULL};
    for (int i = 0; blocks[i]; i++)
        if (strcasecmp(name, blocks[i]) == 0)
            return 1;
    return 0;
}

/* Adds a line break, keeping at most one blank line and none at the start. */
static void add_break(struct buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
    if (b->len == 0)
        return;
    if (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
        return;
    buf_addc(b, '\n');
}

char *email_html_to_text(const char *html)
{
    struct buf b = BUF_INIT;
    const char *p = html;
    while (*p) {
        if (strncmp(p, "<!--", 4) == 0) {
            const char *end = strstr(p + 4, "-->");
            p = end ? end + 3 : p + strlen(p);
            continue;
        }
        if (*p == '<') {
            const char *q = p + 1;
            int closing = *q == '/';
            q += closing;
            char name[16];
            size_t n = 0;
            while (isalnum((unsigned char)*q) && n < sizeof(name) - 1)
                name[n++] = (char)*q++;
            name[n] = '\0';
            const char *end = strchr(q, '>');
            p = end ? end + 1 : p + strlen(p);
            if (!closing && (strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0)) {
                /* skip the content up to the matching close tag */
                const char *close = p;
                while (*close && !(close[0] == '<' && close[1] == '/' &&
                                   strncasecmp(close + 2, name, n) == 0))
                    close++;
                const char *gt = *close ? strchr(close, '>') : NULL;
                p = gt ? gt + 1 : close;
                continue;
            }
            if (n && is_block_tag(name))
                add_break(&b);
            continue;
        }
        if (*p == '&') {
            size_t used = add_reference(&b, p);
            if (used) {
                p += used;
                continue;
            }
        }
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            if (b.len && b.data[b.len - 1] != ' ' && b.data[b.len - 1] != '\n')
                buf_addc(&b, ' ');
            p++;
            continue;
        }
        buf_addc(&b, *p++);
    }
    while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
        b.data[--b.len] = '\0';
    char *valid = g_utf8_make_valid(b.data, (gssize)b.len);
    char *out = xstrdup(valid);
    g_free(valid);
    buf_release(&b);
    return out;
}
