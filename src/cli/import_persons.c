/*
 * import_persons: `frontdoor import persons --db PATH FILE.csv` (issue 3), run by
 * cli/cmd_import.c under the contract in cli/import.h. Pass 1 reads every row into a person and
 * checks it with person_validate, and checks that no NHS number, UPN or local id is given twice
 * in the file or already recorded; nothing is kept but those identifiers, so a file of any
 * length fits in memory. Pass 2, only when pass 1 found nothing wrong, reads the file again and
 * writes each person through store_person_insert_bulk (audited person.create "import"), then
 * writes the collected blocking keys in key order (store_person_bulk_flush), all in the
 * import's one transaction. It does not look for fuzzy duplicates: a migration moves a legacy
 * system's records as they are; finding its duplicates is a job for search and merge after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/import.h"
#include "core/xalloc.h"
#include "domain/directory.h"
#include "domain/match.h"
#include "domain/person.h"
#include "store/store_person.h"
#include "store/store_person_search.h"

#define VALUE_MAX 4200

static const char *const columns[] = {"local_id",
                                      "given_name",
                                      "family_name",
                                      "known_as",
                                      "previous_family_name",
                                      "alias",
                                      "date_of_birth",
                                      "expected_date_of_birth",
                                      "sex",
                                      "gender_identity",
                                      "ethnicity",
                                      "first_language",
                                      "interpreter_needed",
                                      "bsl_needed",
                                      "communication_needs",
                                      "nhs_number",
                                      "upn",
                                      "address_line1",
                                      "address_line2",
                                      "locality",
                                      "postcode",
                                      "country",
                                      "moved_in",
                                      "phone",
                                      "phone2",
                                      "email",
                                      "care_leaver",
                                      "left_care_on",
                                      "restricted",
                                      NULL};
static const char *const required[] = {"given_name", "family_name", NULL};

/* --- a set of identifiers seen in the file ---------------------------------------------------- */

struct seen {
    size_t cap, n;
    char **keys;  /* "nhs:9434765919" */
    size_t *rows; /* the row it was on */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void seen_grow(struct seen *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    char **keys = xcalloc(cap, sizeof(*keys));
    size_t *rows = xcalloc(cap, sizeof(*rows));
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->keys[i])
            continue;
        size_t j = (size_t)hash(s->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = s->keys[i];
        rows[j] = s->rows[i];
    }
    free(s->keys);
    free(s->rows);
    s->keys = keys;
    s->rows = rows;
    s->cap = cap;
}

/* Adds key for row; returns the earlier row with it, or 0 when new. */
static size_t seen_add(struct seen *s, const char *key, size_t row)
{
    if ((s->n + 1) * 2 > s->cap)
        seen_grow(s);
    size_t j = (size_t)hash(key) & (s->cap - 1);
    while (s->keys[j]) {
        if (!strcmp(s->keys[j], key))
            return s->rows[j];
        j = (j + 1) & (s->cap - 1);
    }
    s->keys[j] = xstrdup(key);
    s->rows[j] = row;
    s->n++;
    return 0;
}

static void seen_release(struct seen *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s->rows);
    memset(s, 0, sizeof(*s));
}

/* --- reading a row -------------------------------------------------------------------------- */

static int next_row(struct import_run *run)
{
    struct err_info info = {{0}, {0}};
    enum err rc = csv_next(&run->reader, &info);
    if (rc == E_OK)
        return 1;
    if (rc != E_NOTFOUND)
        import_error(run, 0, NULL, "%s", info.message);
    return 0;
}

/* Copies column col into dst (size bytes); an error naming the column when it is too long. */
static void text(struct import_run *run, size_t row, const char *col, char *dst, size_t size)
{
    char v[VALUE_MAX];
    import_get(run, col, v, sizeof(v));
    if (strlen(v) >= size) {
        import_error(run, row, col, "the value is too long");
        dst[0] = '\0';
        return;
    }
    memcpy(dst, v, strlen(v) + 1);
}

static void date(struct import_run *run, size_t row, const char *col, struct pdate *out)
{
    char v[64];
    import_get(run, col, v, sizeof(v));
    struct err_info info = {{0}, {0}};
    if (person_valid_date_parse(v, col, out, &info) != E_OK)
        import_error(run, row, col,
                     "'%.20s' is not a date: write 2010-05-14, or 2010-05 or 2010 "
                     "when only that is known",
                     v);
}

static void flag(struct import_run *run, size_t row, const char *col, bool *out)
{
    char v[64];
    struct err_info info = {{0}, {0}};
    if (directory_bool(import_get(run, col, v, sizeof(v)), false, col, out, &info) != E_OK)
        import_error_info(run, row, &info);
}

/* A validation error's field as the file's column. */
static const char *column_of(const char *field)
{
    static const struct {
        const char *field, *column;
    } map[] = {
        {"addresses[0].postcode", "postcode"},
        {"addresses[0].line1", "address_line1"},
        {"addresses[0].line2", "address_line2"},
        {"addresses[0].locality", "locality"},
        {"addresses[0].from", "moved_in"},
        {"addresses[0]", "postcode"},
        {"phones[0].number", "phone"},
        {"phones[1].number", "phone2"},
        {"other_names[0].given_name", "known_as"},
        {"other_names", "alias"},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (!strcmp(field, map[i].field))
            return map[i].column;
    if (!strncmp(field, "other_names[", 12))
        return "alias";
    return field;
}

static void add_name(struct person *p, enum person_name_kind kind, const char *given,
                     const char *family)
{
    if (p->n_names >= PERSON_OTHER_NAMES_MAX)
        return;
    struct person_name *n = &p->names[p->n_names++];
    n->kind = kind;
    snprintf(n->given, sizeof(n->given), "%s", given);
    snprintf(n->family, sizeof(n->family), "%s", family);
}

/* Reads the current row into p and validates it; problems are reported against row. */
static void read_person(struct import_run *run, size_t row, const struct pdate *today,
                        struct person *p)
{
    size_t before = run->n_errors;
    char v[VALUE_MAX];
    person_init(p);
    text(run, row, "given_name", p->given, sizeof(p->given));
    text(run, row, "family_name", p->family, sizeof(p->family));
    text(run, row, "local_id", p->local_id, sizeof(p->local_id));
    import_get(run, "known_as", v, sizeof(v));
    if (v[0] && strlen(v) < PERSON_NAME_SIZE)
        add_name(p, PERSON_NAME_KNOWN_AS, v, p->family);
    import_get(run, "previous_family_name", v, sizeof(v));
    if (v[0] && strlen(v) < PERSON_NAME_SIZE)
        add_name(p, PERSON_NAME_PREVIOUS, p->given, v);
    import_get(run, "alias", v, sizeof(v));
    if (v[0] && strlen(v) < PERSON_NAME_SIZE) {
        char *space = strrchr(v, ' ');
        if (space) {
            *space = '\0';
            add_name(p, PERSON_NAME_ALIAS, v, space + 1);
        } else {
            add_name(p, PERSON_NAME_ALIAS, "", v);
        }
    }
    date(run, row, "date_of_birth", &p->dob);
    date(run, row, "expected_date_of_birth", &p->expected_dob);
    import_get(run, "sex", v, sizeof(v));
    if (v[0] && (strlen(v) != 1 || !strchr("MFUmfu", v[0])))
        import_error(run, row, "sex", "'%.10s' is not M, F or U", v);
    else
        p->sex = v[0] ? (char)(v[0] & ~0x20) : 'U';
    text(run, row, "gender_identity", p->gender_identity, sizeof(p->gender_identity));
    import_get(run, "ethnicity", v, sizeof(v));
    for (char *c = v; *c; c++)
        *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
    if (strlen(v) >= sizeof(p->ethnicity))
        import_error(run, row, "ethnicity", "'%.10s' is not a census ethnicity code", v);
    else
        memcpy(p->ethnicity, v, strlen(v) + 1);
    text(run, row, "first_language", p->first_language, sizeof(p->first_language));
    flag(run, row, "interpreter_needed", &p->interpreter_needed);
    flag(run, row, "bsl_needed", &p->bsl_needed);
    text(run, row, "communication_needs", p->communication_needs, sizeof(p->communication_needs));
    struct err_info info = {{0}, {0}};
    import_get(run, "nhs_number", v, sizeof(v));
    if (v[0] && person_valid_nhs_number(v, "nhs_number", p->nhs, &info) != E_OK)
        import_error_info(run, row, &info);
    text(run, row, "upn", p->upn, sizeof(p->upn));
    struct person_address *a = &p->addresses[0];
    text(run, row, "address_line1", a->line1, sizeof(a->line1));
    text(run, row, "address_line2", a->line2, sizeof(a->line2));
    text(run, row, "locality", a->locality, sizeof(a->locality));
    text(run, row, "postcode", a->postcode, sizeof(a->postcode));
    text(run, row, "country", a->country, sizeof(a->country));
    date(run, row, "moved_in", &a->from);
    p->n_addresses = a->line1[0] || a->line2[0] || a->locality[0] || a->postcode[0];
    const char *phone_cols[] = {"phone", "phone2"};
    for (int i = 0; i < 2; i++) {
        import_get(run, phone_cols[i], v, sizeof(v));
        if (!v[0])
            continue;
        struct person_phone *ph = &p->phones[p->n_phones];
        if (person_valid_phone(v, phone_cols[i], ph->number, &info) != E_OK) {
            import_error_info(run, row, &info);
            continue;
        }
        ph->kind = ph->number[1] == '7' ? PERSON_PHONE_MOBILE : PERSON_PHONE_OTHER;
        p->n_phones++;
    }
    text(run, row, "email", p->email, sizeof(p->email));
    flag(run, row, "care_leaver", &p->care_leaver);
    date(run, row, "left_care_on", &p->left_care_on);
    flag(run, row, "restricted", &p->restricted);
    if (run->n_errors != before)
        return;
    if (person_validate(p, today, &info) != E_OK)
        import_error(run, row, column_of(info.field), "%s", info.message);
}

/* The person already recorded with identifier key ("nhs:..."), 0 when none. */
static enum err recorded(struct store_tx *tx, const char *key, int64_t *id_out)
{
    size_t n = 0;
    *id_out = 0;
    return store_person_key_lookup(tx, key, id_out, 1, &n);
}

/* The identifier keys of p: its NHS number, UPN and local id as matching indexes them. */
static void identifier_keys(const struct person *p, struct match_keys *out)
{
    out->n = 0;
    const char *ids[3] = {p->nhs, p->upn, p->local_id};
    for (int i = 0; i < 3; i++) {
        if (!ids[i][0])
            continue;
        struct match_person mp;
        memset(&mp, 0, sizeof(mp));
        if (i == 0)
            mp.nhs = ids[i];
        else if (i == 1)
            mp.upn = ids[i];
        else
            mp.other_id = ids[i];
        struct match_keys k;
        match_blocking_keys(&mp, &k);
        for (size_t j = 0; j < k.n && out->n < MATCH_KEYS_MAX; j++)
            memcpy(out->key[out->n++], k.key[j], MATCH_KEY_SIZE);
    }
}

static const char *key_column(const char *key)
{
    if (!strncmp(key, "nhs:", 4))
        return "nhs_number";
    if (!strncmp(key, "upn:", 4))
        return "upn";
    return "local_id";
}

static enum err import_persons(struct store_tx *tx, struct import_run *run)
{
    struct pdate today = person_today(run->now_ms);
    struct person *p = xmalloc(sizeof(*p));
    struct match_keys *keys = xmalloc(sizeof(*keys));
    struct seen seen = {0};
    enum err rc = E_OK;
    /* pass 1: check every row */
    while (!rc && next_row(run)) {
        size_t row = run->reader.row;
        read_person(run, row, &today, p);
        identifier_keys(p, keys);
        for (size_t i = 0; !rc && i < keys->n; i++) {
            size_t other = seen_add(&seen, keys->key[i], row);
            if (other) {
                import_error(run, row, key_column(keys->key[i]), "the same as on row %zu", other);
                continue;
            }
            int64_t id = 0;
            rc = recorded(tx, keys->key[i], &id);
            if (!rc && id)
                import_error(run, row, key_column(keys->key[i]), "already recorded for person %lld",
                             (long long)id);
        }
    }
    seen_release(&seen);
    free(keys);
    if (!rc && run->n_errors)
        rc = E_INVALID;
    /* pass 2: write, reading the file again */
    if (!rc) {
        csv_reader_release(&run->reader);
        csv_reader_init(&run->reader, run->data, run->len);
        struct csv_header skip = {0};
        struct err_info info = {{0}, {0}};
        rc = csv_header_read(&run->reader, &skip, &info);
        csv_header_release(&skip);
        struct store_person_bulk bulk;
        store_person_bulk_init(&bulk);
        if (!rc)
            rc = store_person_bulk_tune(tx);
        while (!rc && next_row(run)) {
            read_person(run, run->reader.row, &today, p);
            if (run->n_errors) {
                rc = E_INVALID;
                break;
            }
            rc = store_person_insert_bulk(tx, p, "import", &bulk);
            if (!rc)
                run->n_created++;
        }
        if (!rc)
            rc = store_person_bulk_flush(tx, &bulk);
        store_person_bulk_release(&bulk);
    }
    free(p);
    if (!rc && run->n_errors)
        rc = E_INVALID;
    return rc;
}

const struct import_kind import_kind_persons = {
    .name = "persons",
    .summary = "persons (always new records; an NHS number, UPN or local id already recorded is "
               "refused)",
    .columns = columns,
    .required = required,
    .help = "               given_name*, family_name* (one of them may be empty), local_id,\n"
            "               known_as, previous_family_name, alias (\"Given Family\"),\n"
            "               date_of_birth or expected_date_of_birth (2010-05-14, 2010-05, 2010),\n"
            "               sex (M/F/U), gender_identity, ethnicity (CIN code), first_language,\n"
            "               interpreter_needed, bsl_needed (yes/no), communication_needs,\n"
            "               nhs_number, upn, address_line1, address_line2, locality, postcode,\n"
            "               country (GB), moved_in, phone, phone2, email, care_leaver (yes/no),\n"
            "               left_care_on, restricted (yes/no)\n",
    .run = import_persons,
};
