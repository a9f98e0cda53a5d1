/*
 * store_person_search: blocking in SQL, scoring in C. Candidate ids are collected in an
 * open-addressing set so a person sharing several keys with the query is scored once; each
 * candidate is one primary-key read of person_search, prepared straight from the row's text.
 */
#include "store/store_person_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/db.h"

struct id_set {
    size_t cap; /* power of two */
    size_t n;
    int64_t *slots; /* 0 = empty */
};

static void set_init(struct id_set *s, size_t expect)
{
    s->cap = 64;
    while (s->cap < expect * 2)
        s->cap *= 2;
    s->n = 0;
    s->slots = xcalloc(s->cap, sizeof(*s->slots));
}

/* Adds id; true when it was new. */
static bool set_add(struct id_set *s, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
    size_t mask = s->cap - 1, i = (size_t)(h >> 20) & mask;
    while (s->slots[i]) {
        if (s->slots[i] == id)
            return false;
        i = (i + 1) & mask;
    }
    s->slots[i] = id;
    s->n++;
    return true;
}

/* Looks key up, adding new persons to set and to ids[*n]. */
static enum err gather(struct store_tx *tx, const char *key, size_t cap, struct id_set *set,
                       int64_t *ids, size_t *n)
{
    sqlite3_stmt *st =
        db_stmt(tx, "SELECT person_id FROM person_keys WHERE key = ? ORDER BY person_id LIMIT ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (set_add(set, id))
            ids[(*n)++] = id;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Splits "a|b\nc|d\n" lines in place into other names. */
static size_t split_names(char *text, struct match_name *names, size_t max)
{
    size_t n = 0;
    for (char *line = text; *line && n < max;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *bar = strchr(line, '|');
        if (bar) {
            *bar = '\0';
            names[n].given = line;
            names[n].family = bar + 1;
            n++;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    return n;
}

static size_t split_lines(char *text, const char **out, size_t max)
{
    size_t n = 0;
    for (char *line = text; *line && n < max;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line)
            out[n++] = line;
        if (!nl)
            break;
        line = nl + 1;
    }
    return n;
}

/* Reads candidate id's row and prepares it; E_NOTFOUND when it left the index meanwhile. */
static enum err load_candidate(struct store_tx *tx, int64_t id, struct match_prep *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT given_name, family_name, other_names, dob, sex,"
                                   " postcode, address, locality, nhs_number, upn, phones, email,"
                                   " local_id FROM person_search WHERE person_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    }
    struct match_person p;
    memset(&p, 0, sizeof(p));
    char names_text[2048], phones_text[256];
    struct match_name names[MATCH_OTHER_NAMES_MAX];
    const char *phones[MATCH_PHONES_MAX];
    p.given = db_col_text(st, 0);
    p.family = db_col_text(st, 1);
    snprintf(names_text, sizeof(names_text), "%s", db_col_text(st, 2));
    p.n_other_names = split_names(names_text, names, MATCH_OTHER_NAMES_MAX);
    p.other_names = names;
    struct err_info ignored;
    if (person_valid_date_parse(db_col_text(st, 3), NULL, &p.dob, &ignored) != E_OK)
        memset(&p.dob, 0, sizeof(p.dob));
    p.sex = db_col_text(st, 4)[0];
    p.postcode = db_col_text(st, 5);
    p.address = db_col_text(st, 6);
    p.locality = db_col_text(st, 7);
    p.nhs = db_col_text(st, 8);
    p.upn = db_col_text(st, 9);
    snprintf(phones_text, sizeof(phones_text), "%s", db_col_text(st, 10));
    p.n_phones = split_lines(phones_text, phones, MATCH_PHONES_MAX);
    p.phones = phones;
    p.email = db_col_text(st, 11);
    p.other_id = db_col_text(st, 12);
    match_prepare(&p, out); /* copies everything: the row may go */
    sqlite3_reset(st);
    return E_OK;
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct person_search_hit *x = a, *y = b;
    if (x->result.outright != y->result.outright)
        return x->result.outright ? -1 : 1;
    if (x->result.weight != y->result.weight)
        return x->result.weight > y->result.weight ? -1 : 1;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

enum err store_person_search(struct store_tx *tx, const struct match_person *query,
                             size_t cap_per_key, size_t limit, double min_weight,
                             struct person_search_hit *hits, size_t *n_hits,
                             struct person_search_stats *stats)
{
    *n_hits = 0;
    if (limit > PERSON_SEARCH_LIMIT_MAX)
        limit = PERSON_SEARCH_LIMIT_MAX;
    if (!cap_per_key)
        cap_per_key = PERSON_SEARCH_CAP_PER_KEY;
    struct person_search_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof(*stats));

    struct match_prep *q = xmalloc(sizeof(*q));
    struct match_prep *c = xmalloc(sizeof(*c));
    struct match_keys *keys = xmalloc(sizeof(*keys));
    match_prepare(query, q);
    match_blocking_keys_prepared(q, keys);

    size_t max_ids = keys->n * cap_per_key;
    int64_t *ids = xmalloc((max_ids ? max_ids : 1) * sizeof(*ids));
    struct id_set set;
    set_init(&set, max_ids);
    size_t n_ids = 0;
    enum err rc = E_OK;
    for (int pass = 0; pass < 2 && !rc; pass++) {
        for (size_t i = 0; !rc && i < keys->n; i++) {
            if (match_key_is_broad(keys->key[i]) != (pass == 1))
                continue;
            rc = gather(tx, keys->key[i], cap_per_key, &set, ids, &n_ids);
            stats->n_keys++;
            if (pass == 1)
                stats->broad = true;
        }
        if (n_ids)
            break; /* the broad keys only when the others found nobody */
    }
    /* read the candidates in id order: neighbouring rows share pages */
    qsort(ids, n_ids, sizeof(*ids), id_cmp);
    struct person_search_hit *all = xmalloc((n_ids ? n_ids : 1) * sizeof(*all));
    size_t n_all = 0;
    for (size_t i = 0; !rc && i < n_ids; i++) {
        enum err e = load_candidate(tx, ids[i], c);
        if (e == E_NOTFOUND)
            continue;
        if (e) {
            rc = e;
            break;
        }
        struct person_search_hit *h = &all[n_all];
        h->person_id = ids[i];
        match_score_prepared(q, c, &h->result);
        if (h->result.outright || h->result.weight >= min_weight)
            n_all++;
    }
    stats->n_candidates = n_ids;
    if (!rc) {
        qsort(all, n_all, sizeof(*all), hit_cmp);
        *n_hits = n_all < limit ? n_all : limit;
        memcpy(hits, all, *n_hits * sizeof(*hits));
    }
    free(all);
    free(set.slots);
    free(ids);
    free(keys);
    free(c);
    free(q);
    return rc;
}

enum err store_person_key_lookup(struct store_tx *tx, const char *key, int64_t *ids, size_t max,
                                 size_t *n_out)
{
    *n_out = 0;
    sqlite3_stmt *st =
        db_stmt(tx, "SELECT person_id FROM person_keys WHERE key = ? ORDER BY person_id LIMIT ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n_out < max)
        ids[(*n_out)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_err(rc);
}
