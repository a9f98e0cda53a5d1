/*
 * store_person: person rows. A person's current version is the one with the highest number;
 * its other names, addresses and phones hang off the version row, so a correction writes a
 * complete new version and nothing is overwritten. The search index (person_search: one row of
 * matching fields per current person; person_keys: their blocking keys from domain/match) is
 * derived data, replaced in the same transaction as each write.
 */
#include "store/store_person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/xalloc.h"
#include "domain/allocation.h"
#include "domain/contact.h"
#include "domain/match.h"
#include "store/db.h"
#include "store/store_allocation.h"
#include "store/store_audit.h"
#include "store/store_contact.h"
#include "store/store_household.h"
#include "store/store_relationship.h"

#define VERSION_COLS                                                                               \
    "SELECT v.id, v.version, v.given_name, v.family_name, v.date_of_birth,"                        \
    " v.expected_date_of_birth, v.sex, v.gender_identity, v.ethnicity, v.first_language,"          \
    " v.interpreter_needed, v.bsl_needed, v.communication_needs, v.nhs_number, v.upn,"             \
    " v.local_id, v.email, v.care_leaver, v.left_care_on, v.restricted, v.created_at,"             \
    " v.created_by, p.created_at, p.created_by, COALESCE(m.into_id, 0), v.reason,"                 \
    " v.changed_fields, COALESCE(u.name, '')"                                                      \
    " FROM persons p JOIN person_versions v ON v.person_id = p.id"                                 \
    " LEFT JOIN person_merges m ON m.person_id = p.id"                                             \
    " LEFT JOIN users u ON u.id = v.created_by "

static void date_from_text(const char *text, struct pdate *out)
{
    struct err_info ignored;
    if (person_valid_date_parse(text, NULL, out, &ignored) != E_OK)
        memset(out, 0, sizeof(*out));
}

static void copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

/* Fills p's scalar fields from a VERSION_COLS row; returns the version row id. */
static int64_t row_to_person(sqlite3_stmt *st, int64_t person_id, struct person *p)
{
    person_init(p);
    p->id = person_id;
    int64_t version_id = sqlite3_column_int64(st, 0);
    p->version = sqlite3_column_int(st, 1);
    copy_text(p->given, sizeof(p->given), db_col_text(st, 2));
    copy_text(p->family, sizeof(p->family), db_col_text(st, 3));
    date_from_text(db_col_text(st, 4), &p->dob);
    date_from_text(db_col_text(st, 5), &p->expected_dob);
    p->sex = db_col_text(st, 6)[0] ? db_col_text(st, 6)[0] : 'U';
    copy_text(p->gender_identity, sizeof(p->gender_identity), db_col_text(st, 7));
    copy_text(p->ethnicity, sizeof(p->ethnicity), db_col_text(st, 8));
    copy_text(p->first_language, sizeof(p->first_language), db_col_text(st, 9));
    p->interpreter_needed = sqlite3_column_int(st, 10) != 0;
    p->bsl_needed = sqlite3_column_int(st, 11) != 0;
    copy_text(p->communication_needs, sizeof(p->communication_needs), db_col_text(st, 12));
    copy_text(p->nhs, sizeof(p->nhs), db_col_text(st, 13));
    copy_text(p->upn, sizeof(p->upn), db_col_text(st, 14));
    copy_text(p->local_id, sizeof(p->local_id), db_col_text(st, 15));
    copy_text(p->email, sizeof(p->email), db_col_text(st, 16));
    p->care_leaver = sqlite3_column_int(st, 17) != 0;
    date_from_text(db_col_text(st, 18), &p->left_care_on);
    p->restricted = sqlite3_column_int(st, 19) != 0;
    p->updated_at = sqlite3_column_int64(st, 20);
    p->updated_by = sqlite3_column_int64(st, 21);
    p->created_at = sqlite3_column_int64(st, 22);
    p->created_by = sqlite3_column_int64(st, 23);
    p->merged_into = sqlite3_column_int64(st, 24);
    return version_id;
}

/* Reads the other names, addresses and phones of version_id into p. */
static enum err load_children(struct store_tx *tx, int64_t version_id, struct person *p)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT kind, given_name, family_name FROM person_other_names"
                                   " WHERE version_id = ? ORDER BY position");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, version_id);
    int rc;
    p->n_names = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->n_names < PERSON_OTHER_NAMES_MAX) {
        struct person_name *n = &p->names[p->n_names++];
        n->kind = person_name_kind_parse(db_col_text(st, 0));
        copy_text(n->given, sizeof(n->given), db_col_text(st, 1));
        copy_text(n->family, sizeof(n->family), db_col_text(st, 2));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_err(rc);

    st = db_stmt(tx, "SELECT line1, line2, locality, postcode, country, from_date, to_date"
                     " FROM person_addresses WHERE version_id = ? ORDER BY position");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, version_id);
    p->n_addresses = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->n_addresses < PERSON_ADDRESSES_MAX) {
        struct person_address *a = &p->addresses[p->n_addresses++];
        copy_text(a->line1, sizeof(a->line1), db_col_text(st, 0));
        copy_text(a->line2, sizeof(a->line2), db_col_text(st, 1));
        copy_text(a->locality, sizeof(a->locality), db_col_text(st, 2));
        copy_text(a->postcode, sizeof(a->postcode), db_col_text(st, 3));
        copy_text(a->country, sizeof(a->country), db_col_text(st, 4));
        date_from_text(db_col_text(st, 5), &a->from);
        date_from_text(db_col_text(st, 6), &a->to);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_err(rc);

    st = db_stmt(tx, "SELECT number, kind FROM person_phones WHERE version_id = ?"
                     " ORDER BY position");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, version_id);
    p->n_phones = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->n_phones < PERSON_PHONES_MAX) {
        struct person_phone *ph = &p->phones[p->n_phones++];
        copy_text(ph->number, sizeof(ph->number), db_col_text(st, 0));
        ph->kind = person_phone_kind_parse(db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_person_get(struct store_tx *tx, int64_t id, struct person *out)
{
    sqlite3_stmt *st = db_stmt(tx, VERSION_COLS "WHERE p.id = ? ORDER BY v.version DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    }
    int64_t version_id = row_to_person(st, id, out);
    sqlite3_reset(st);
    return load_children(tx, version_id, out);
}

enum err store_person_count(struct store_tx *tx, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT COUNT(*) FROM persons");
    if (!st)
        return E_DB;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_person_exists(struct store_tx *tx, int64_t id, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM persons WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* --- the search index ----------------------------------------------------------------------- */

static void index_keys(const struct person *p, struct match_keys *keys)
{
    struct person_match_scratch scratch;
    struct match_person mp;
    person_to_match(p, &scratch, &mp);
    match_blocking_keys(&mp, keys);
}

/* Removes person id from the index. old (may be NULL) is the version the index was built from:
 * its keys are deleted one by one, which needs no index on person_id; without it, or when the
 * keys came from another MATCH_KEYS_VERSION, the person's keys are found by a scan. */
static enum err unindex(struct store_tx *tx, int64_t id, const struct person *old)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT keys_version FROM person_search WHERE person_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int keys_version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_err(rc);
    if (keys_version < 0)
        return E_OK; /* not indexed */
    enum err e;
    if (old && keys_version == MATCH_KEYS_VERSION) {
        struct match_keys *keys = xmalloc(sizeof(*keys));
        index_keys(old, keys);
        e = E_OK;
        for (size_t i = 0; !e && i < keys->n; i++) {
            st = db_stmt(tx, "DELETE FROM person_keys WHERE key = ? AND person_id = ?");
            if (!st) {
                e = E_DB;
                break;
            }
            db_bind_text(st, 1, keys->key[i]);
            sqlite3_bind_int64(st, 2, id);
            e = db_step_done(st);
        }
        free(keys);
    } else {
        st = db_stmt(tx, "DELETE FROM person_keys WHERE person_id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, id);
        e = db_step_done(st);
    }
    if (e)
        return e;
    st = db_stmt(tx, "DELETE FROM person_search WHERE person_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return db_step_done(st);
}

struct store_person_bulk_key {
    char key[MATCH_KEY_SIZE];
    int64_t person_id;
};

void store_person_bulk_init(struct store_person_bulk *b)
{
    memset(b, 0, sizeof(*b));
}

void store_person_bulk_release(struct store_person_bulk *b)
{
    free(b->keys);
    memset(b, 0, sizeof(*b));
}

static enum err insert_key(struct store_tx *tx, const char *key, int64_t person_id)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO person_keys (key, person_id) VALUES (?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, person_id);
    return db_step_done(st);
}

/* Adds p (current version version_id) to the index; its keys go to bulk when not NULL. */
static enum err index_person_to(struct store_tx *tx, const struct person *p, int64_t version_id,
                                struct store_person_bulk *bulk)
{
    struct person_match_scratch scratch;
    struct match_person mp;
    person_to_match(p, &scratch, &mp);
    struct buf names = BUF_INIT, phones = BUF_INIT;
    for (size_t i = 0; i < p->n_names; i++)
        buf_addf(&names, "%s|%s\n", p->names[i].given, p->names[i].family);
    for (size_t i = 0; i < p->n_phones; i++)
        buf_addf(&phones, "%s\n", p->phones[i].number);
    char dob[PERSON_DATE_SIZE];
    person_valid_date_format(&mp.dob, dob);
    char sex[2] = {p->sex, '\0'};
    enum err rc = E_DB;
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO person_search (person_id, version_id, given_name, family_name,"
            " other_names, dob, sex, postcode, address, locality, nhs_number, upn, phones, email,"
            " local_id, restricted, keys_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (st) {
        sqlite3_bind_int64(st, 1, p->id);
        sqlite3_bind_int64(st, 2, version_id);
        db_bind_text(st, 3, p->given);
        db_bind_text(st, 4, p->family);
        db_bind_text(st, 5, names.data);
        db_bind_text(st, 6, dob);
        db_bind_text(st, 7, sex);
        db_bind_text(st, 8, mp.postcode ? mp.postcode : "");
        db_bind_text(st, 9, mp.address ? mp.address : "");
        db_bind_text(st, 10, mp.locality ? mp.locality : "");
        db_bind_text(st, 11, p->nhs);
        db_bind_text(st, 12, p->upn);
        db_bind_text(st, 13, phones.data);
        db_bind_text(st, 14, p->email);
        db_bind_text(st, 15, p->local_id);
        sqlite3_bind_int(st, 16, p->restricted);
        sqlite3_bind_int(st, 17, MATCH_KEYS_VERSION);
        rc = db_step_done(st);
    }
    buf_release(&names);
    buf_release(&phones);
    if (rc)
        return rc;
    struct match_keys *keys = xmalloc(sizeof(*keys));
    match_blocking_keys(&mp, keys);
    for (size_t i = 0; !rc && i < keys->n; i++) {
        if (!bulk) {
            rc = insert_key(tx, keys->key[i], p->id);
            continue;
        }
        if (bulk->n == bulk->cap) {
            bulk->cap = bulk->cap ? bulk->cap * 2 : 4096;
            bulk->keys = xrealloc(bulk->keys, bulk->cap * sizeof(*bulk->keys));
        }
        struct store_person_bulk_key *k = &bulk->keys[bulk->n++];
        memcpy(k->key, keys->key[i], sizeof(k->key));
        k->person_id = p->id;
    }
    free(keys);
    return rc;
}

static enum err index_person(struct store_tx *tx, const struct person *p, int64_t version_id)
{
    return index_person_to(tx, p, version_id, NULL);
}

static int bulk_key_cmp(const void *a, const void *b)
{
    const struct store_person_bulk_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

enum err store_person_bulk_flush(struct store_tx *tx, struct store_person_bulk *b)
{
    qsort(b->keys, b->n, sizeof(*b->keys), bulk_key_cmp);
    enum err rc = E_OK;
    for (size_t i = 0; !rc && i < b->n; i++)
        rc = insert_key(tx, b->keys[i].key, b->keys[i].person_id);
    b->n = 0;
    return rc;
}

enum err store_person_bulk_tune(struct store_tx *tx)
{
    return db_exec(tx->conn, "PRAGMA cache_size = -262144"); /* 256 MiB */
}

/* --- writing versions ------------------------------------------------------------------------ */

/* Inserts p as version p->version of person p->id with its children; *version_id_out. */
static enum err write_version(struct store_tx *tx, const struct person *p, const char *reason,
                              const char *changed, int64_t *version_id_out)
{
    char dob[PERSON_DATE_SIZE], due[PERSON_DATE_SIZE], left[PERSON_DATE_SIZE];
    person_valid_date_format(&p->dob, dob);
    person_valid_date_format(&p->expected_dob, due);
    person_valid_date_format(&p->left_care_on, left);
    char sex[2] = {p->sex ? p->sex : 'U', '\0'};
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO person_versions (person_id, version, given_name, family_name,"
            " date_of_birth, expected_date_of_birth, sex, gender_identity, ethnicity,"
            " first_language, interpreter_needed, bsl_needed, communication_needs, nhs_number,"
            " upn, local_id, email, care_leaver, left_care_on, restricted, reason,"
            " changed_fields, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int(st, 2, p->version);
    db_bind_text(st, 3, p->given);
    db_bind_text(st, 4, p->family);
    db_bind_text(st, 5, dob);
    db_bind_text(st, 6, due);
    db_bind_text(st, 7, sex);
    db_bind_text(st, 8, p->gender_identity);
    db_bind_text(st, 9, p->ethnicity);
    db_bind_text(st, 10, p->first_language);
    sqlite3_bind_int(st, 11, p->interpreter_needed);
    sqlite3_bind_int(st, 12, p->bsl_needed);
    db_bind_text(st, 13, p->communication_needs);
    db_bind_text(st, 14, p->nhs);
    db_bind_text(st, 15, p->upn);
    db_bind_text(st, 16, p->local_id);
    db_bind_text(st, 17, p->email);
    sqlite3_bind_int(st, 18, p->care_leaver);
    db_bind_text(st, 19, left);
    sqlite3_bind_int(st, 20, p->restricted);
    db_bind_text(st, 21, reason ? reason : "");
    db_bind_text(st, 22, changed ? changed : "");
    sqlite3_bind_int64(st, 23, tx->now);
    sqlite3_bind_int64(st, 24, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    int64_t vid = sqlite3_last_insert_rowid(tx->conn->db);
    for (size_t i = 0; !rc && i < p->n_names; i++) {
        st = db_stmt(tx, "INSERT INTO person_other_names (version_id, position, kind, given_name,"
                         " family_name) VALUES (?, ?, ?, ?, ?)");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int(st, 2, (int)i);
        db_bind_text(st, 3, person_name_kind_name(p->names[i].kind));
        db_bind_text(st, 4, p->names[i].given);
        db_bind_text(st, 5, p->names[i].family);
        rc = db_step_done(st);
    }
    for (size_t i = 0; !rc && i < p->n_addresses; i++) {
        const struct person_address *a = &p->addresses[i];
        char from[PERSON_DATE_SIZE], to[PERSON_DATE_SIZE];
        person_valid_date_format(&a->from, from);
        person_valid_date_format(&a->to, to);
        st = db_stmt(tx, "INSERT INTO person_addresses (version_id, position, line1, line2,"
                         " locality, postcode, country, from_date, to_date)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int(st, 2, (int)i);
        db_bind_text(st, 3, a->line1);
        db_bind_text(st, 4, a->line2);
        db_bind_text(st, 5, a->locality);
        db_bind_text(st, 6, a->postcode);
        db_bind_text(st, 7, a->country[0] ? a->country : "GB");
        db_bind_text(st, 8, from);
        db_bind_text(st, 9, to);
        rc = db_step_done(st);
    }
    for (size_t i = 0; !rc && i < p->n_phones; i++) {
        st = db_stmt(tx, "INSERT INTO person_phones (version_id, position, number, kind)"
                         " VALUES (?, ?, ?, ?)");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int(st, 2, (int)i);
        db_bind_text(st, 3, p->phones[i].number);
        db_bind_text(st, 4, person_phone_kind_name(p->phones[i].kind));
        rc = db_step_done(st);
    }
    *version_id_out = vid;
    return rc;
}

static enum err insert_person(struct store_tx *tx, struct person *p, const char *reason,
                              struct store_person_bulk *bulk)
{
    if (!tx->writable)
        return E_DENIED;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO persons (created_at, created_by) VALUES (?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, tx->now);
    sqlite3_bind_int64(st, 2, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    p->id = sqlite3_last_insert_rowid(tx->conn->db);
    p->version = 1;
    p->created_at = p->updated_at = tx->now;
    p->created_by = p->updated_by = tx->user_id;
    p->merged_into = 0;
    int64_t vid;
    rc = write_version(tx, p, reason && *reason ? reason : "created", "", &vid);
    if (!rc)
        rc = index_person_to(tx, p, vid, bulk);
    if (!rc)
        rc = store_audit_append(tx, "person.create", "person", p->id, reason);
    return rc;
}

enum err store_person_insert(struct store_tx *tx, struct person *p, const char *reason)
{
    return insert_person(tx, p, reason, NULL);
}

enum err store_person_insert_bulk(struct store_tx *tx, struct person *p, const char *reason,
                                  struct store_person_bulk *b)
{
    return insert_person(tx, p, reason, b);
}

enum err store_person_correct(struct store_tx *tx, struct person *p, int expected_version,
                              const char *reason, struct buf *changed_out, struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    struct person *old = xmalloc(sizeof(*old));
    struct buf changed = BUF_INIT;
    enum err rc = store_person_get(tx, p->id, old);
    if (rc)
        goto out;
    if (old->merged_into) {
        rc = err_set(info, E_CONFLICT, "",
                     "this record was merged into person %lld: correct that "
                     "record instead",
                     (long long)old->merged_into);
        goto out;
    }
    if (expected_version && expected_version != old->version) {
        rc = err_set(info, E_CONFLICT, "version",
                     "the record was changed by someone else (now version %d): reload it and "
                     "make your correction again",
                     old->version);
        goto out;
    }
    person_diff(old, p, &changed);
    if (!changed.len) {
        rc = err_set(info, E_INVALID, "", "nothing was changed");
        goto out;
    }
    p->version = old->version + 1;
    p->created_at = old->created_at;
    p->created_by = old->created_by;
    p->updated_at = tx->now;
    p->updated_by = tx->user_id;
    p->merged_into = 0;
    int64_t vid;
    rc = write_version(tx, p, reason, changed.data, &vid);
    if (!rc)
        rc = unindex(tx, p->id, old);
    if (!rc)
        rc = index_person(tx, p, vid);
    if (!rc) {
        struct buf why = BUF_INIT;
        buf_addf(&why, "version %d (%s): %s", p->version, changed.data, reason ? reason : "");
        rc = store_audit_append(tx, "person.correct", "person", p->id, why.data);
        buf_release(&why);
    }
    if (!rc && changed_out) {
        buf_reset(changed_out);
        buf_adds(changed_out, changed.data);
    }
out:
    buf_release(&changed);
    free(old);
    return rc;
}

enum err store_person_history(struct store_tx *tx, int64_t id, store_person_version_fn fn,
                              void *arg)
{
    /* versions first (ids and metadata), then each one whole: the children's statements would
     * otherwise interleave with the outer one */
    sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM person_versions WHERE person_id = ?"
                                   " ORDER BY version");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int64_t *vids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            vids = xrealloc(vids, cap * sizeof(*vids));
        }
        vids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    enum err e = db_err(rc);
    if (!e && n == 0)
        e = E_NOTFOUND;
    struct person *p = xmalloc(sizeof(*p));
    for (size_t i = 0; !e && i < n; i++) {
        st = db_stmt(tx, VERSION_COLS "WHERE v.id = ?");
        if (!st) {
            e = E_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, vids[i]);
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            sqlite3_reset(st);
            e = rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
            break;
        }
        row_to_person(st, id, p);
        char *reason = xstrdup(db_col_text(st, 25));
        char *changed = xstrdup(db_col_text(st, 26));
        char *who = xstrdup(db_col_text(st, 27));
        sqlite3_reset(st);
        e = load_children(tx, vids[i], p);
        if (!e) {
            struct person_version_meta m = {
                .version = p->version,
                .reason = reason,
                .changed_fields = changed,
                .created_at = p->updated_at,
                .created_by = p->updated_by,
                .created_by_name = who,
            };
            fn(p, &m, arg);
        }
        free(reason);
        free(changed);
        free(who);
    }
    free(p);
    free(vids);
    return e;
}

/* --- merges --------------------------------------------------------------------------------- */

enum err store_person_survivor(struct store_tx *tx, int64_t id, int64_t *survivor_out)
{
    *survivor_out = 0;
    int64_t at = id;
    for (int hops = 0; hops < 64; hops++) {
        sqlite3_stmt *st = db_stmt(tx, "SELECT into_id FROM person_merges WHERE person_id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, at);
        int rc = sqlite3_step(st);
        int64_t next = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return db_err(rc);
        if (!next)
            break;
        at = next;
        *survivor_out = at;
    }
    return E_OK;
}

enum err store_person_merged_from(struct store_tx *tx, int64_t id, int64_t *out, size_t max,
                                  size_t *n_out)
{
    *n_out = 0;
    sqlite3_stmt *st = db_stmt(tx, "WITH RECURSIVE m(id) AS ("
                                   " SELECT person_id FROM person_merges WHERE into_id = ?1"
                                   " UNION SELECT pm.person_id FROM person_merges pm"
                                   " JOIN m ON pm.into_id = m.id)"
                                   " SELECT id FROM m ORDER BY id LIMIT ?2");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n_out < max)
        out[(*n_out)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_err(rc);
}

/* Moves the allocations of `from` that have not ended to `to`: each is ended with why and
 * recorded again for `to`, from its own start, unless `to` already has it. */
static enum err move_allocations(struct store_tx *tx, int64_t from, int64_t to, const char *why,
                                 size_t *n_moved)
{
    struct allocation *all = NULL;
    size_t n = 0;
    enum err rc = store_allocation_for_person(tx, from, "allocation.move", why, &all, &n);
    if (rc)
        return rc;
    struct allocation *copy = xmalloc(sizeof(*copy));
    for (size_t i = 0; !rc && i < n; i++) {
        struct allocation *a = &all[i];
        int64_t end = allocation_effective_end(a);
        if (end && end <= tx->now)
            continue;
        struct err_info info = {{0}, {0}};
        int64_t at = tx->now > a->starts_at ? tx->now : a->starts_at;
        *copy = *a;
        rc = store_allocation_end(tx, a->id, at, why, NULL, &info);
        if (rc)
            break;
        copy->id = 0;
        copy->person_id = to;
        copy->ended_at = 0;
        copy->end_reason[0] = '\0';
        snprintf(copy->note, sizeof(copy->note),
                 "moved from person %lld when it was merged%s%.3900s", (long long)from,
                 a->note[0] ? ": " : "", a->note);
        rc = store_allocation_insert(tx, copy, &info);
        if (rc == E_CONFLICT) {
            rc = E_OK; /* the survivor has this allocation already */
        } else if (!rc) {
            (*n_moved)++;
        }
    }
    free(copy);
    free(all);
    return rc;
}

/* Contacts whose current version names `from` among its subjects get a new version naming `to`
 * instead (store_contact_amend: the earlier versions keep `from`). */
static enum err move_contact_subjects(struct store_tx *tx, int64_t from, int64_t to,
                                      const char *why, size_t *n_moved)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT DISTINCT cs.contact_id FROM contact_subjects cs"
                                   " JOIN contact_versions v ON v.id = cs.version_id"
                                   " WHERE cs.person_id = ? AND v.version = (SELECT MAX(x.version)"
                                   " FROM contact_versions x WHERE x.contact_id = cs.contact_id)"
                                   " ORDER BY cs.contact_id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, from);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            ids = xrealloc(ids, cap * sizeof(*ids));
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    enum err rc = db_err(s);
    char reason[400];
    snprintf(reason, sizeof(reason), "subject person %lld %.300s", (long long)from, why);
    for (size_t i = 0; !rc && i < n; i++) {
        struct arena a;
        arena_init(&a);
        struct contact *c = arena_alloc(&a, sizeof(*c));
        rc = store_contact_fetch(tx, ids[i], c, &a);
        if (!rc) {
            size_t k = 0;
            bool has_to = false;
            for (size_t j = 0; j < c->n_subjects; j++)
                has_to = has_to || c->subjects[j] == to;
            for (size_t j = 0; j < c->n_subjects; j++) {
                if (c->subjects[j] == from && has_to)
                    continue; /* the survivor is named already */
                c->subjects[k++] = c->subjects[j] == from ? to : c->subjects[j];
            }
            c->n_subjects = k;
            rc = store_contact_amend(tx, c, CF_SUBJECTS, reason);
        }
        if (!rc)
            (*n_moved)++;
        arena_release(&a);
    }
    free(ids);
    return rc;
}

/* Whether name (given, family) is p's name or one of its other names, ignoring case. */
static bool has_name(const struct person *p, const char *given, const char *family)
{
    if (!strcasecmp(p->given, given) && !strcasecmp(p->family, family))
        return true;
    for (size_t i = 0; i < p->n_names; i++)
        if (!strcasecmp(p->names[i].given, given) && !strcasecmp(p->names[i].family, family))
            return true;
    return false;
}

enum err store_person_merge(struct store_tx *tx, int64_t id, int64_t into_id, const char *reason,
                            struct person_merge_result *out, struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    memset(out, 0, sizeof(*out));
    if (id == into_id)
        return err_set(info, E_CONFLICT, "into_id", "a record cannot be merged into itself");
    struct person *gone = xmalloc(sizeof(*gone));
    struct person *keep = xmalloc(sizeof(*keep));
    enum err rc = store_person_get(tx, id, gone);
    if (rc == E_NOTFOUND)
        rc = err_set(info, E_NOTFOUND, "", "there is no person %lld", (long long)id);
    if (!rc) {
        rc = store_person_get(tx, into_id, keep);
        if (rc == E_NOTFOUND)
            rc = err_set(info, E_INVALID, "into_id", "there is no person %lld", (long long)into_id);
    }
    if (rc)
        goto out;
    if (gone->merged_into) {
        rc = err_set(info, E_CONFLICT, "", "this record was merged into person %lld already",
                     (long long)gone->merged_into);
        goto out;
    }
    if (keep->merged_into) {
        rc = err_set(info, E_CONFLICT, "into_id",
                     "person %lld was itself merged into person %lld: merge into that record",
                     (long long)into_id, (long long)keep->merged_into);
        goto out;
    }
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO person_merges (person_id, into_id, reason,"
                                   " created_at, created_by) VALUES (?, ?, ?, ?, ?)");
    if (!st) {
        rc = E_DB;
        goto out;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, into_id);
    db_bind_text(st, 3, reason);
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    rc = db_step_done(st);
    if (!rc)
        rc = unindex(tx, id, gone);
    char why[1200];
    snprintf(why, sizeof(why), "merged into person %lld: %.1000s", (long long)into_id,
             reason ? reason : "");
    if (!rc)
        rc = move_allocations(tx, id, into_id, why, &out->n_allocations);
    if (!rc)
        rc = store_relationship_move(tx, id, into_id, why, &out->n_relationships);
    if (!rc)
        rc = store_household_move(tx, id, into_id, why, &out->n_households);
    if (!rc)
        rc = move_contact_subjects(tx, id, into_id, why, &out->n_contacts);
    /* the merged record's name becomes an alias of the survivor, so that it is found by it */
    if (!rc && !has_name(keep, gone->given, gone->family) &&
        keep->n_names < PERSON_OTHER_NAMES_MAX) {
        struct person_name *n = &keep->names[keep->n_names++];
        memset(n, 0, sizeof(*n));
        n->kind = PERSON_NAME_ALIAS;
        snprintf(n->given, sizeof(n->given), "%s", gone->given);
        snprintf(n->family, sizeof(n->family), "%s", gone->family);
        char because[1200];
        snprintf(because, sizeof(because), "name of person %lld, merged into this record: %.1000s",
                 (long long)id, reason ? reason : "");
        rc = store_person_correct(tx, keep, 0, because, NULL, info);
    }
    out->survivor_id = into_id;
    out->survivor_version = keep->version;
    if (!rc)
        rc = store_audit_append(tx, "person.merge", "person", id, why);
    if (!rc) {
        char from[1200];
        snprintf(from, sizeof(from), "person %lld merged into this record: %.1000s", (long long)id,
                 reason ? reason : "");
        rc = store_audit_append(tx, "person.merge", "person", into_id, from);
    }
out:
    free(gone);
    free(keep);
    return rc;
}

/* --- access ----------------------------------------------------------------------------------- */

/* The current allocations of a person, as a table expression (?1 person, ?3 now). */
#define CURRENT_ALLOCATIONS                                                                        \
    "SELECT a.worker_id, a.team_id FROM allocations a"                                             \
    " LEFT JOIN allocation_ends e ON e.allocation_id = a.id"                                       \
    " WHERE a.person_id = ?1 AND a.starts_at <= ?3 AND (a.ends_at = 0 OR a.ends_at > ?3)"          \
    " AND (e.ended_at IS NULL OR e.ended_at > ?3)"

static enum err query_flag(sqlite3_stmt *st, int64_t person, int64_t user, int64_t now, bool *out)
{
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, person);
    sqlite3_bind_int64(st, 2, user);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_person_access_facts(struct store_tx *tx, int64_t id, const struct user *u,
                                   const char *session_hash, int64_t now_ms,
                                   struct person_access_facts *out)
{
    memset(out, 0, sizeof(*out));
    out->role = u ? u->role : ROLE_NONE;
    sqlite3_stmt *st = db_stmt(tx, "SELECT restricted FROM person_versions WHERE person_id = ?"
                                   " ORDER BY version DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    out->restricted = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    if (rc != SQLITE_ROW)
        return db_err(rc);
    if (!out->restricted || !u)
        return E_OK;
    enum err e = query_flag(db_stmt(tx, "WITH cur AS (" CURRENT_ALLOCATIONS ")"
                                        " SELECT 1 FROM cur JOIN workers w ON w.id = cur.worker_id"
                                        " WHERE w.user_id = ?2 LIMIT 1"),
                            id, u->id, now_ms, &out->allocated_worker);
    if (!e)
        e = query_flag(
            db_stmt(tx, "WITH cur AS (" CURRENT_ALLOCATIONS "),"
                        " resp(team_id) AS (SELECT team_id FROM cur WHERE team_id IS NOT NULL"
                        " UNION SELECT wt.team_id FROM cur JOIN worker_teams wt"
                        " ON wt.worker_id = cur.worker_id),"
                        " mine(team_id) AS (SELECT wt.team_id FROM workers w JOIN worker_teams wt"
                        " ON wt.worker_id = w.id WHERE w.user_id = ?2"
                        " UNION SELECT team_id FROM users WHERE id = ?2 AND team_id IS NOT NULL)"
                        " SELECT 1 FROM resp JOIN mine ON mine.team_id = resp.team_id LIMIT 1"),
            id, u->id, now_ms, &out->team_member);
    if (e)
        return e;
    st = db_stmt(tx, "SELECT MAX(expires_at) FROM person_access_grants WHERE person_id = ?"
                     " AND user_id = ? AND session_hash = ? AND expires_at > ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, u->id);
    db_bind_text(st, 3, session_hash ? session_hash : "");
    sqlite3_bind_int64(st, 4, now_ms);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        out->granted = session_hash && *session_hash;
        out->grant_expires_at = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_person_access_grant(struct store_tx *tx, int64_t id, const char *session_hash,
                                   const char *reason, int64_t *expires_out)
{
    if (!tx->writable)
        return E_DENIED;
    if (!session_hash || !*session_hash)
        return E_DENIED;
    int64_t expires = tx->now + PERSON_ACCESS_GRANT_MS;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO person_access_grants (person_id, user_id,"
                                   " session_hash, reason, granted_at, expires_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, tx->user_id);
    db_bind_text(st, 3, session_hash);
    db_bind_text(st, 4, reason);
    sqlite3_bind_int64(st, 5, tx->now);
    sqlite3_bind_int64(st, 6, expires);
    enum err rc = db_step_done(st);
    if (!rc)
        rc = store_audit_append(tx, "person.access_override", "person", id, reason);
    if (!rc && expires_out)
        *expires_out = expires;
    return rc;
}

enum err store_person_audit_read(struct store_tx *tx, int64_t id, const char *action,
                                 const char *reason)
{
    return store_audit_append(tx, action, "person", id, reason);
}

/* --- reindexing ------------------------------------------------------------------------------ */

enum err store_person_index_stale(struct store_tx *tx, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM person_search WHERE keys_version <> ? LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int(st, 1, MATCH_KEYS_VERSION);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_person_reindex(struct store_tx *tx, size_t *n_out)
{
    *n_out = 0;
    if (!tx->writable)
        return E_DENIED;
    sqlite3_stmt *del = db_stmt(tx, "DELETE FROM person_keys");
    enum err rc = del ? db_step_done(del) : E_DB;
    if (!rc) {
        del = db_stmt(tx, "DELETE FROM person_search");
        rc = del ? db_step_done(del) : E_DB;
    }
    if (rc)
        return rc;
    /* ids first: indexing steps other statements */
    sqlite3_stmt *st = db_stmt(tx, "SELECT p.id FROM persons p WHERE NOT EXISTS"
                                   " (SELECT 1 FROM person_merges m WHERE m.person_id = p.id)"
                                   " ORDER BY p.id");
    if (!st)
        return E_DB;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            ids = xrealloc(ids, cap * sizeof(*ids));
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    rc = db_err(s);
    struct person *p = xmalloc(sizeof(*p));
    for (size_t i = 0; !rc && i < n; i++) {
        st = db_stmt(tx, "SELECT id FROM person_versions WHERE person_id = ?"
                         " ORDER BY version DESC LIMIT 1");
        if (!st) {
            rc = E_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        s = sqlite3_step(st);
        int64_t vid = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        rc = store_person_get(tx, ids[i], p);
        if (!rc)
            rc = index_person(tx, p, vid);
        if (!rc)
            (*n_out)++;
    }
    free(p);
    free(ids);
    if (!rc) {
        char why[64];
        snprintf(why, sizeof(why), "%zu persons, keys version %d", *n_out, MATCH_KEYS_VERSION);
        rc = store_audit_append(tx, "person.reindex", "person", 0, why);
    }
    return rc;
}
