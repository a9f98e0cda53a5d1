/*
 * audit: canonical bytes and hashing. The canonical form is a fixed field order, each field
 * length-prefixed, so no choice of text in one field can imitate another field's boundary.
 * BLAKE2b (libsodium's generichash) is used for speed; it is computation, not I/O.
 */
#include "domain/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

const char audit_genesis[AUDIT_HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void feed_str(crypto_generichash_state *st, const char *s)
{
    if (!s)
        s = "";
    unsigned char len[8];
    uint64_t n = strlen(s);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(st, len, sizeof(len));
    crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void feed_int(crypto_generichash_state *st, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)v);
    feed_str(st, text);
}

static void compute(const struct audit_event *e, char out[AUDIT_HASH_HEX])
{
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof(h));
    feed_str(&st, "frontdoor-audit-v1");
    feed_int(&st, e->seq);
    feed_int(&st, e->at);
    feed_int(&st, e->user_id);
    feed_str(&st, e->action);
    feed_str(&st, e->entity);
    feed_int(&st, e->entity_id);
    feed_str(&st, e->request_id);
    feed_str(&st, e->reason);
    feed_str(&st, e->prev_hash);
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof(h));
}

void audit_seal(struct audit_event *e)
{
    compute(e, e->hash);
}

int audit_check(const struct audit_event *e)
{
    char want[AUDIT_HASH_HEX];
    compute(e, want);
    return strcmp(want, e->hash) == 0;
}
