/*
 * attachments: list and download, each run on the writer so that the audit event commits
 * with the read. The bytes are copied out of the database into a buffer the response owns.
 */
#include "http/attachments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/timefmt.h"
#include "http/respond.h"
#include "store/store_intake.h"

/* Types a browser will not run as part of this site; everything else downloads as bytes. */
static const char *const safe_types[] = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "message/rfc822",
    NULL};

const char *attachments_safe_type(const char *content_type)
{
    for (int i = 0; content_type && safe_types[i]; i++)
        if (strcmp(content_type, safe_types[i]) == 0)
            return content_type;
    return "application/octet-stream";
}

void attachments_disposition(const char *filename, char *out, size_t out_len)
{
    struct buf b = BUF_INIT;
    buf_adds(&b, "attachment; filename=\"");
    for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* one "_" per non-ASCII character */
        int plain = *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' && *p != '%';
        buf_addc(&b, plain ? (char)*p : '_');
    }
    buf_adds(&b, "\"; filename*=UTF-8''");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
        /* RFC 8187 attr-char */
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("!#$&+-.^_`|~", *p)) {
            buf_addc(&b, (char)*p);
        } else {
            buf_addc(&b, '%');
            buf_addc(&b, hex[*p >> 4]);
            buf_addc(&b, hex[*p & 15]);
        }
    }
    snprintf(out, out_len, "%s", b.data);
    buf_release(&b);
}

struct listing {
    int64_t contact_id;
    json_t *items;
};

static void add_item(const struct contact_attachment *a, void *arg)
{
    struct listing *l = arg;
    char created[TIMEFMT_LEN], href[64];
    timefmt_utc(a->created_at, created);
    snprintf(href, sizeof(href), "/api/attachments/%lld", (long long)a->id);
    json_array_append_new(
        l->items,
        json_pack("{s:I, s:i, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id, "position",
                  a->position, "filename", a->filename, "content_type", a->content_type, "size",
                  (json_int_t)a->size, "sha256", a->sha256, "created_at", created, "href", href));
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items); /* a retried batch runs this again */
    return store_intake_attachments_list(tx, l->contact_id, add_item, l);
}

static void listed(struct request *req, enum err rc)
{
    struct listing *l = req->apply_arg;
    if (rc) {
        json_decref(l->items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", l->items));
}

void attachments_list(struct request *req)
{
    struct listing *l = arena_alloc(&req->arena, sizeof(*l));
    l->contact_id = req->path_id;
    l->items = json_array();
    request_write(req, list_apply, l, listed);
}

struct download {
    int64_t id;
    struct contact_attachment a;
    void *data;
};

static void download_clear(struct download *d)
{
    free((char *)d->a.filename);
    free((char *)d->a.content_type);
    free((char *)d->a.sha256);
    free(d->data);
    memset(&d->a, 0, sizeof(d->a));
    d->data = NULL;
}

static enum err download_apply(struct store_tx *tx, void *arg)
{
    struct download *d = arg;
    download_clear(d); /* a retried batch runs this again */
    return store_intake_attachment_read(tx, d->id, &d->a, &d->data);
}

static void downloaded(struct request *req, enum err rc)
{
    struct download *d = req->apply_arg;
    if (rc) {
        download_clear(d);
        respond_err(req, rc, NULL);
        return;
    }
    char disposition[4096];
    attachments_disposition(d->a.filename, disposition, sizeof(disposition));
    respond_bytes(req, 200, d->data, (size_t)d->a.size, attachments_safe_type(d->a.content_type));
    d->data = NULL; /* the response owns it now */
    respond_header(req, "Content-Disposition", disposition);
    respond_header(req, "X-Content-SHA256", d->a.sha256);
    download_clear(d);
}

void attachments_download(struct request *req)
{
    struct download *d = arena_alloc(&req->arena, sizeof(*d));
    d->id = req->path_id;
    request_write(req, download_apply, d, downloaded);
}
