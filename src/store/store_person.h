/*
 * store_person: persons in the database (issue 3) — creating one, reading its current version
 * or any earlier one, correcting it (a new version with who, when, why and which fields
 * changed: A10), its history, merging a duplicate into the record that survives, following a
 * merged-away record to its survivor, and the facts and break-glass openings that decide who
 * may see a restricted record (W13). Every write keeps the search index (person_search and
 * person_keys, read by store/store_person_search) in step in the same transaction, and appends
 * its audit event. Reads here are not audited: the caller audits the read it serves with
 * store_person_audit_read, in the same transaction.
 */
#ifndef FD_STORE_STORE_PERSON_H
#define FD_STORE_STORE_PERSON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/person.h"
#include "domain/person_access.h"
#include "domain/user.h"
#include "store/store.h"

/* Stores p (validated by the caller) as a new person with version 1 written for reason (may be
 * NULL: "created"); sets p->id, version, created_at/by, updated_at/by. Writer only. Audited as
 * person.create. */
enum err store_person_insert(struct store_tx *tx, struct person *p, const char *reason) MUST_CHECK;

/*
 * Bulk loading (imports, benchmarks): store_person_insert_bulk is store_person_insert except
 * that the person's blocking keys are collected in b instead of written at once;
 * store_person_bulk_flush writes every collected key in key order, which touches each page of
 * the key index once instead of once per key (an order of magnitude faster at scale), and must
 * run before the transaction ends. store_person_bulk_tune gives the writer's connection a
 * larger page cache for the rest of its life (bulk loaders close it soon after).
 */
struct store_person_bulk {
    size_t n, cap;
    struct store_person_bulk_key *keys; /* owned */
};
void store_person_bulk_init(struct store_person_bulk *b);
void store_person_bulk_release(struct store_person_bulk *b);
enum err store_person_insert_bulk(struct store_tx *tx, struct person *p, const char *reason,
                                  struct store_person_bulk *b) MUST_CHECK;
enum err store_person_bulk_flush(struct store_tx *tx, struct store_person_bulk *b) MUST_CHECK;
enum err store_person_bulk_tune(struct store_tx *tx) MUST_CHECK;

/* The current version of person id into out, with merged_into set when the record was merged
 * away. E_NOTFOUND when there is no such person. Not audited. */
enum err store_person_get(struct store_tx *tx, int64_t id, struct person *out) MUST_CHECK;
/* The number of persons (merged away or not). */
enum err store_person_count(struct store_tx *tx, int64_t *out) MUST_CHECK;
/* True when person id exists (merged away or not). */
enum err store_person_exists(struct store_tx *tx, int64_t id, bool *out) MUST_CHECK;

/*
 * Writes p (p->id set; validated by the caller) as the next version of that person, for
 * reason. expected_version, when not 0, must be the current version (else E_CONFLICT: someone
 * else corrected it meanwhile). E_NOTFOUND; E_CONFLICT when the record was merged away;
 * E_INVALID when nothing changed. changed_out (may be NULL) receives the changed fields, comma-
 * separated. On success p holds the stored version. Audited as person.correct with the reason
 * and the fields.
 */
enum err store_person_correct(struct store_tx *tx, struct person *p, int expected_version,
                              const char *reason, struct buf *changed_out,
                              struct err_info *info) MUST_CHECK;

/* One version in a person's history: the record as it was, and who wrote it, when and why. */
struct person_version_meta {
    int version;
    const char *reason;         /* borrowed for the callback */
    const char *changed_fields; /* "family_name,addresses"; "" for version 1 */
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name; /* "" when unknown (the system) */
};
typedef void (*store_person_version_fn)(const struct person *p, const struct person_version_meta *m,
                                        void *arg);
/* Calls fn for every version of person id, oldest first. E_NOTFOUND. Not audited. */
enum err store_person_history(struct store_tx *tx, int64_t id, store_person_version_fn fn,
                              void *arg) MUST_CHECK;

/* What a merge moved, for the answer. */
struct person_merge_result {
    int64_t survivor_id;
    size_t n_allocations, n_relationships, n_households, n_contacts;
    int survivor_version; /* after the names of the merged record were added, if they were */
};

/*
 * Merges person id into into_id for reason (writer only): id stays, read-only, pointing at
 * into_id; it leaves the search index; its current allocations, relationships and household
 * memberships are ended with the reason "merged into N" and added again for into_id (unless
 * into_id has them already); contacts about it get a new version naming into_id instead; its name,
 * when different, becomes an alias of into_id in a new version; warning markers of merged-away
 * records are read with the survivor's. E_NOTFOUND for either person; E_CONFLICT when either was
 * merged already or they are the same person. Audited as person.merge on both.
 */
enum err store_person_merge(struct store_tx *tx, int64_t id, int64_t into_id, const char *reason,
                            struct person_merge_result *out, struct err_info *info) MUST_CHECK;

/* The record that survives person id after every merge, or 0 when id was not merged. */
enum err store_person_survivor(struct store_tx *tx, int64_t id, int64_t *survivor_out) MUST_CHECK;
/* Persons merged into id (directly or through others), up to max, into out; count in *n_out. */
enum err store_person_merged_from(struct store_tx *tx, int64_t id, int64_t *out, size_t max,
                                  size_t *n_out) MUST_CHECK;

/*
 * The facts person_access_decide needs for user u (signed in with session_hash, may be "") and
 * person id at now_ms: whether the record is restricted, whether u's worker holds a current
 * allocation of the person, whether u belongs to a responsible team (the team of a current
 * allocation, or a team of the allocated worker; u's teams are their worker's teams and their
 * sign-in's team), and any break-glass opening of this session still in force.
 */
enum err store_person_access_facts(struct store_tx *tx, int64_t id, const struct user *u,
                                   const char *session_hash, int64_t now_ms,
                                   struct person_access_facts *out) MUST_CHECK;
/* Records a break-glass opening of person id by the transaction's actor for session_hash,
 * until now + PERSON_ACCESS_GRANT_MS (*expires_out). Audited as person.access_override with
 * the reason. Writer only. */
enum err store_person_access_grant(struct store_tx *tx, int64_t id, const char *session_hash,
                                   const char *reason, int64_t *expires_out) MUST_CHECK;

/* Appends the audit event of reading person id's record (action "person.read", ...). */
enum err store_person_audit_read(struct store_tx *tx, int64_t id, const char *action,
                                 const char *reason) MUST_CHECK;

/* Rebuilds the whole search index from the current versions (after MATCH_KEYS_VERSION
 * changed); *n_out persons indexed. Writer only. */
enum err store_person_reindex(struct store_tx *tx, size_t *n_out) MUST_CHECK;
/* True when some indexed person's keys were built by another MATCH_KEYS_VERSION. */
enum err store_person_index_stale(struct store_tx *tx, bool *out) MUST_CHECK;

#endif
