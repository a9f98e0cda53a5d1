/*
 * fuzz_person_search: a person-search query (or a record being indexed) through match: one
 * field per line of the input — given, family, an alias's given and family, date of birth,
 * sex, postcode, NHS number, UPN, phone, email, other id, address, locality — with the
 * identifiers put in their normal form by person_valid first, as the API does. Then the
 * blocking keys, the score against a fixed record and against itself, and the building blocks
 * (match_normalise, match_jaro_winkler, phonetic_nysiis, nickname, utf8_prefix) on each line.
 * Checks: keys are short printable ASCII without duplicates; scores are in [0, 1] and a record
 * scores no lower against itself than against another; normalised text is lower-case letters,
 * digits and single spaces within its buffer; phonetic keys are upper-case letters within
 * theirs; nickname_related is symmetric; a UTF-8 prefix is a prefix of at most the characters
 * asked for.
 */
#include <math.h>

#include "core/utf8.h"
#include "domain/contact.h"
#include "domain/match.h"
#include "domain/nickname.h"
#include "domain/person_valid.h"
#include "domain/phonetic.h"
#include "fuzz.h"

enum {
    L_GIVEN,
    L_FAMILY,
    L_ALIAS_GIVEN,
    L_ALIAS_FAMILY,
    L_DOB,
    L_SEX,
    L_POSTCODE,
    L_NHS,
    L_UPN,
    L_PHONE,
    L_EMAIL,
    L_OTHER_ID,
    L_ADDRESS,
    L_LOCALITY,
    L_COUNT
};

struct normal {
    char postcode[PERSON_POSTCODE_SIZE], nhs[PERSON_NHS_SIZE], upn[PERSON_UPN_SIZE];
    char phone[PERSON_PHONE_SIZE], email[PERSON_EMAIL_SIZE];
    const char *phones[1];
};

/* The identifiers in normal form, as the API stores and searches them; NULL when invalid. */
static void build_person(const char *const lines[], struct normal *nm, struct match_name *alias,
                         struct match_person *p)
{
    struct err_info info = {0};
    memset(p, 0, sizeof(*p));
    p->given = lines[L_GIVEN];
    p->family = lines[L_FAMILY];
    alias->given = lines[L_ALIAS_GIVEN];
    alias->family = lines[L_ALIAS_FAMILY];
    p->other_names = alias;
    p->n_other_names = 1;
    if (person_valid_date_parse(lines[L_DOB], NULL, &p->dob, &info) != E_OK)
        memset(&p->dob, 0, sizeof(p->dob));
    p->sex = lines[L_SEX][0];
    if (person_valid_postcode(lines[L_POSTCODE], NULL, nm->postcode, &info) == E_OK)
        p->postcode = nm->postcode;
    if (person_valid_nhs_number(lines[L_NHS], NULL, nm->nhs, &info) == E_OK)
        p->nhs = nm->nhs;
    if (person_valid_upn(lines[L_UPN], NULL, nm->upn, &info) == E_OK)
        p->upn = nm->upn;
    if (person_valid_phone(lines[L_PHONE], NULL, nm->phone, &info) == E_OK) {
        nm->phones[0] = nm->phone;
        p->phones = nm->phones;
        p->n_phones = 1;
    }
    if (person_valid_email(lines[L_EMAIL], NULL, nm->email, &info) == E_OK)
        p->email = nm->email;
    p->other_id = lines[L_OTHER_ID];
    p->address = lines[L_ADDRESS];
    p->locality = lines[L_LOCALITY];
}

static void check_keys(const struct match_keys *k)
{
    FUZZ_CHECK(k->n <= MATCH_KEYS_MAX);
    for (size_t i = 0; i < k->n; i++) {
        size_t len = strnlen(k->key[i], MATCH_KEY_SIZE);
        FUZZ_CHECK(len > 0 && len < MATCH_KEY_SIZE);
        for (size_t j = 0; j < len; j++)
            FUZZ_CHECK(k->key[i][j] >= 0x20 && k->key[i][j] < 0x7F);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(k->key[i], k->key[j]) != 0);
        (void)match_key_is_broad(k->key[i]);
    }
}

static void check_result(const struct match_result *r)
{
    FUZZ_CHECK(isfinite(r->weight));
    FUZZ_CHECK(r->score >= 0.0 && r->score <= 1.0);
    struct buf reasons = BUF_INIT;
    match_reasons_format(r->reasons, &reasons);
    buf_release(&reasons);
}

static void check_normalise(const char *in, bool keep_digits)
{
    char out[MATCH_TEXT_MAX];
    size_t len = match_normalise(in, keep_digits, out, sizeof(out));
    FUZZ_CHECK(len < sizeof(out));
    FUZZ_CHECK(len == strlen(out));
    for (size_t i = 0; i < len; i++) {
        char c = out[i];
        FUZZ_CHECK((c >= 'a' && c <= 'z') || (keep_digits && c >= '0' && c <= '9') || c == ' ');
        FUZZ_CHECK(c != ' ' || (i > 0 && i + 1 < len && out[i - 1] != ' '));
    }
}

static void check_text_blocks(const char *a, const char *b)
{
    check_normalise(a, false);
    check_normalise(a, true);
    double jw = match_jaro_winkler(a, b);
    FUZZ_CHECK(jw >= 0.0 && jw <= 1.0);
    if (a[0])
        FUZZ_CHECK(match_jaro_winkler(a, a) == 1.0);
    char key[MATCH_PHON_SIZE];
    phonetic_nysiis(a, key, sizeof(key));
    FUZZ_CHECK(strlen(key) < sizeof(key));
    for (const char *p = key; *p; p++)
        FUZZ_CHECK(*p >= 'A' && *p <= 'Z');
    const char *forms[8];
    size_t n = nickname_full_forms(a, forms, 8);
    FUZZ_CHECK(n <= 8);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(forms[i] && forms[i][0]);
    FUZZ_CHECK(nickname_related(a, b) == nickname_related(b, a));
    size_t len = strlen(a);
    for (long chars = 0; chars < 4; chars++) {
        size_t cut = utf8_prefix(a, chars);
        FUZZ_CHECK(cut <= len);
        if (utf8_length(a) >= 0) {
            char *prefix = fuzz_cstr((const uint8_t *)a, cut);
            FUZZ_CHECK(utf8_length(prefix) >= 0 && utf8_length(prefix) <= chars);
            free(prefix);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct match_name other = {"Bill", "Smyth"};
    static const struct match_person fixed = {.given = "William James",
                                              .family = "Smith-Jones",
                                              .other_names = &other,
                                              .n_other_names = 1,
                                              .dob = {1951, 1, 14},
                                              .sex = 'M',
                                              .postcode = "SW1A 1AA",
                                              .nhs = "9434765919",
                                              .email = "bill@example.org",
                                              .address = "10 Downing Street",
                                              .locality = "London"};
    char *copy;
    const char *lines[L_COUNT];
    fuzz_split(data, size, &copy, lines, L_COUNT);
    struct normal nm;
    struct match_name alias;
    struct match_person p;
    build_person(lines, &nm, &alias, &p);

    struct match_keys keys;
    match_blocking_keys(&p, &keys);
    check_keys(&keys);
    struct match_result against, self;
    match_score(&p, &fixed, &against);
    check_result(&against);
    match_score(&p, &p, &self);
    check_result(&self);
    FUZZ_CHECK(self.outright || self.weight >= against.weight || against.outright);

    for (size_t i = 0; i < L_COUNT; i++)
        check_text_blocks(lines[i], lines[(i + 1) % L_COUNT]);
    free(copy);
    return 0;
}
