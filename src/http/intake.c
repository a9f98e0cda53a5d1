/*
 * intake: a message is parsed on the slow pool (tens of megabytes of MIME would hold an HTTP
 * thread too long) and written from there with store_write, as the calling token. The parsed
 * message lives until the response is made.
 */
#include "http/intake.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "domain/contact.h"
#include "domain/email.h"
#include "http/respond.h"
#include "store/store_contact.h"
#include "store/store_intake.h"

struct email_job {
    struct email_message message;
    struct contact contact;
    char *caller, *summary; /* heap, freed with the job */
    char raw_sha256[STORE_SHA256_HEX_LEN];
    size_t raw_size;
    int64_t actor;
    const char *request_id;
    int duplicate;
    struct err_info info;
};

static int is_rfc822(const char *ct)
{
    static const char type[] = "message/rfc822";
    size_t n = sizeof(type) - 1;
    return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static enum err email_apply(struct store_tx *tx, void *arg)
{
    struct email_job *job = arg;
    store_tx_set_actor(tx, job->actor, job->request_id);
    job->duplicate = 0;
    enum err rc = store_intake_email_find(tx, job->message.message_id, job->message.from_address,
                                          &job->contact.id, job->contact.reference);
    if (rc == E_OK) {
        job->duplicate = 1;
        return E_OK;
    }
    if (rc != E_NOTFOUND)
        return rc;
    rc = store_contact_insert(tx, &job->contact);
    if (rc)
        return rc;
    return store_intake_email_insert(tx, job->contact.id, &job->message, job->raw_size,
                                     job->raw_sha256);
}

/* The caller as staff read it: the sender's name when the address is kept as the caller's
 * email (with_address 0), else "Name <address>" so the address is not lost; the address alone
 * when there is no name. */
static char *caller_of(const struct email_message *m, int with_address)
{
    const char *name = m->from_name + strspn(m->from_name, " ");
    size_t len = strlen(name) + strlen(m->from_address) + 4;
    char *out = xmalloc(len);
    if (*name && with_address)
        snprintf(out, len, "%s <%s>", name, m->from_address);
    else
        snprintf(out, len, "%s", *name ? name : m->from_address);
    out[utf8_prefix(out, CONTACT_CALLER_MAX)] = '\0';
    return out;
}

static void email_slow(struct request *req)
{
    struct email_job *job = req->apply_arg;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)req->body.data, req->body.len);
    sodium_bin2hex(job->raw_sha256, sizeof(job->raw_sha256), digest, sizeof(digest));
    job->raw_size = req->body.len;
    enum err rc = email_parse(req->body.data, req->body.len, &job->message, &job->info);
    if (!rc) {
        int64_t now = timefmt_now_ms();
        job->caller = caller_of(&job->message, 0);
        job->summary = email_summary(&job->message, CONTACT_SUMMARY_MAX);
        job->contact.channel = CHANNEL_EMAIL;
        job->contact.received_at = now;
        job->contact.caller_name = job->caller;
        job->contact.summary = job->summary;
        job->contact.caller_email = job->message.from_address;
        rc = contact_validate(&job->contact, now, &job->info);
        if (rc == E_INVALID && strcmp(job->info.field, "caller_email") == 0) {
            /* an address mail can carry but the contact's rules do not take: keep it with the
             * email only */
            job->contact.caller_email = NULL;
            free(job->caller);
            job->caller = caller_of(&job->message, 1);
            job->contact.caller_name = job->caller;
            memset(&job->info, 0, sizeof(job->info));
            rc = contact_validate(&job->contact, now, &job->info);
        }
    }
    if (!rc)
        rc = store_write(req->app->store, email_apply, job);
    req->async_rc = rc;
}

static void job_release(struct email_job *job)
{
    email_message_release(&job->message);
    free(job->caller);
    free(job->summary);
    job->caller = job->summary = NULL;
}

static void email_done(struct request *req, enum err rc)
{
    struct email_job *job = req->apply_arg;
    size_t n_attachments = job->message.n_attachments;
    job_release(job);
    if (rc) {
        respond_err(req, rc, job->info.message[0] ? &job->info : NULL);
        return;
    }
    json_t *body = json_pack("{s:I, s:s}", "id", (json_int_t)job->contact.id, "reference",
                             job->contact.reference);
    if (job->duplicate) {
        json_object_set_new(body, "duplicate", json_true());
    } else {
        json_object_set_new(body, "attachments", json_integer((json_int_t)n_attachments));
    }
    respond_json(req, job->duplicate ? 200 : 201, body);
    char location[64];
    snprintf(location, sizeof(location), "/api/contacts/%lld", (long long)job->contact.id);
    respond_header(req, "Location", location);
}

void intake_email(struct request *req)
{
    if (!is_rfc822(request_header(req, "Content-Type"))) {
        respond_error(req, 415, "unsupported_media_type",
                      "send the email as it was received, as message/rfc822", NULL);
        return;
    }
    struct email_job *job = arena_alloc(&req->arena, sizeof(*job));
    job->actor = request_actor(req);
    job->request_id = req->id;
    req->apply_arg = job;
    request_slow(req, email_slow, email_done);
}
