/*
 * audit: the audit event and its hash chain (requirements A10, W13). An event records who did
 * what to which record, when, in which request and why. Each event's hash covers its canonical
 * bytes and the previous event's hash, so editing, deleting or reordering any stored event breaks
 * the chain. This module computes and checks; store/store_audit keeps the rows.
 */
#ifndef FD_DOMAIN_AUDIT_H
#define FD_DOMAIN_AUDIT_H

#include <stdint.h>

#define AUDIT_HASH_HEX 65 /* hex BLAKE2b-256 and NUL */

struct audit_event {
    int64_t seq;            /* 1, 2, 3 ... in chain order */
    int64_t at;             /* UTC ms */
    int64_t user_id;        /* 0 for the system */
    const char *action;     /* "contact.create", "contact.read", ... borrowed */
    const char *entity;     /* "contact", "user", ... borrowed */
    int64_t entity_id;      /* 0 when not about one record */
    const char *request_id; /* borrowed; "" outside a request */
    const char *reason;     /* borrowed; "" when none was given */
    char prev_hash[AUDIT_HASH_HEX];
    char hash[AUDIT_HASH_HEX];
};

/* The hash that the first event chains from. */
extern const char audit_genesis[AUDIT_HASH_HEX];

/* Sets e->hash from e's fields and e->prev_hash. */
void audit_seal(struct audit_event *e);
/* 1 when e->hash is right for e's fields and prev_hash, else 0. */
int audit_check(const struct audit_event *e);

#endif
