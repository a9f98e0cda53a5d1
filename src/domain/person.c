/*
 * person: validation, derived facts, differences between versions, the bridge to matching, and
 * reading a free-text search. Texts are checked with directory_text (UTF-8, no control
 * characters, a length in characters); identifiers with person_valid, which also gives their
 * normal forms.
 */
#include "domain/person.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ukclock.h"
#include "domain/directory.h"

static const char *const name_kinds[PERSON_NAME_KIND_COUNT] = {
    [PERSON_NAME_NONE] = "",
    [PERSON_NAME_ALIAS] = "alias",
    [PERSON_NAME_PREVIOUS] = "previous",
    [PERSON_NAME_KNOWN_AS] = "known_as",
};

static const char *const phone_kinds[PERSON_PHONE_KIND_COUNT] = {
    [PERSON_PHONE_NONE] = "",     [PERSON_PHONE_MOBILE] = "mobile", [PERSON_PHONE_HOME] = "home",
    [PERSON_PHONE_WORK] = "work", [PERSON_PHONE_OTHER] = "other",
};

static const struct {
    const char *code, *label;
} ethnicities[PERSON_ETHNICITY_COUNT] = {
    {"WBRI", "White British"},
    {"WIRI", "White Irish"},
    {"WIRT", "Traveller of Irish heritage"},
    {"WOTH", "Any other White background"},
    {"WROM", "Gypsy/Roma"},
    {"MWBC", "White and Black Caribbean"},
    {"MWBA", "White and Black African"},
    {"MWAS", "White and Asian"},
    {"MOTH", "Any other mixed background"},
    {"AIND", "Indian"},
    {"APKN", "Pakistani"},
    {"ABAN", "Bangladeshi"},
    {"AOTH", "Any other Asian background"},
    {"BCRB", "Caribbean"},
    {"BAFR", "African"},
    {"BOTH", "Any other Black background"},
    {"CHNE", "Chinese"},
    {"OOTH", "Any other ethnic group"},
    {"REFU", "Refused"},
    {"NOBT", "Information not yet obtained"},
};

struct pdate person_today(int64_t now_ms)
{
    int64_t days;
    int32_t sec;
    ukclock_local_day(now_ms / 1000, &days, &sec);
    struct ukclock_date d = ukclock_date_from_days(days);
    struct pdate out = {d.year, d.month, d.day};
    return out;
}

void person_init(struct person *p)
{
    memset(p, 0, sizeof(*p));
    p->sex = 'U';
}

const char *person_name_kind_name(enum person_name_kind k)
{
    return k > PERSON_NAME_NONE && k < PERSON_NAME_KIND_COUNT ? name_kinds[k] : "";
}

enum person_name_kind person_name_kind_parse(const char *s)
{
    for (int k = PERSON_NAME_NONE + 1; s && k < PERSON_NAME_KIND_COUNT; k++)
        if (strcmp(s, name_kinds[k]) == 0)
            return (enum person_name_kind)k;
    return PERSON_NAME_NONE;
}

const char *person_name_kind_label(enum person_name_kind k)
{
    switch (k) {
    case PERSON_NAME_ALIAS:
        return "alias";
    case PERSON_NAME_PREVIOUS:
        return "previous name";
    case PERSON_NAME_KNOWN_AS:
        return "known as";
    default:
        return "";
    }
}

const char *person_phone_kind_name(enum person_phone_kind k)
{
    return k > PERSON_PHONE_NONE && k < PERSON_PHONE_KIND_COUNT ? phone_kinds[k] : "";
}

enum person_phone_kind person_phone_kind_parse(const char *s)
{
    for (int k = PERSON_PHONE_NONE + 1; s && k < PERSON_PHONE_KIND_COUNT; k++)
        if (strcmp(s, phone_kinds[k]) == 0)
            return (enum person_phone_kind)k;
    return PERSON_PHONE_NONE;
}

const char *person_ethnicity_code(size_t i, const char **label)
{
    if (i >= PERSON_ETHNICITY_COUNT)
        return NULL;
    if (label)
        *label = ethnicities[i].label;
    return ethnicities[i].code;
}

const char *person_ethnicity_label(const char *code)
{
    for (size_t i = 0; code && i < PERSON_ETHNICITY_COUNT; i++)
        if (strcmp(code, ethnicities[i].code) == 0)
            return ethnicities[i].label;
    return NULL;
}

void person_display_name(const struct person *p, char *out, size_t out_len)
{
    if (p->given[0] && p->family[0])
        snprintf(out, out_len, "%s %s", p->given, p->family);
    else if (!p->given[0] && p->family[0] && p->expected_dob.year)
        snprintf(out, out_len, "%s (unborn)", p->family);
    else if (p->given[0] || p->family[0])
        snprintf(out, out_len, "%s", p->given[0] ? p->given : p->family);
    else
        snprintf(out, out_len, "Unknown person");
}

/* --- validation ----------------------------------------------------------------------------- */

/* Checks and trims text in place (it is copied through directory_text). */
static enum err text_in_place(char *s, size_t size, long max_chars, bool multiline,
                              const char *field, const char *what, struct err_info *info)
{
    char tmp[PERSON_NEEDS_MAX * 4 + 1];
    size_t len = strlen(s);
    if (len >= sizeof(tmp))
        return err_set(info, E_INVALID, field, "%s is too long", what);
    memcpy(tmp, s, len + 1);
    if (size > sizeof(tmp))
        size = sizeof(tmp);
    return directory_text(s, size, tmp, max_chars, false, multiline, field, what, info);
}

static bool pdate_known(const struct pdate *d)
{
    return d->year != 0;
}

static int pdate_cmp_full(const struct pdate *a, const struct pdate *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

/* The earliest and latest full dates a partial date may be. */
static void pdate_bounds(const struct pdate *d, struct pdate *lo, struct pdate *hi)
{
    *lo = *d;
    *hi = *d;
    if (!d->month) {
        lo->month = 1;
        hi->month = 12;
    }
    if (!d->day) {
        lo->day = 1;
        int m = hi->month, y = hi->year;
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        hi->day = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    }
}

static enum err check_name_part(char *s, const char *field, const char *what, struct err_info *info)
{
    return text_in_place(s, PERSON_NAME_SIZE, PERSON_NAME_MAX, false, field, what, info);
}

static enum err check_postcode(struct person_address *a, const char *field, struct err_info *info)
{
    if (!a->country[0])
        snprintf(a->country, sizeof(a->country), "GB");
    for (int i = 0; i < 2; i++) {
        if (!isalpha((unsigned char)a->country[i]))
            return err_set(info, E_INVALID, field, "the country must be a two-letter code (GB)");
        a->country[i] = (char)toupper((unsigned char)a->country[i]);
    }
    if (a->country[2])
        return err_set(info, E_INVALID, field, "the country must be a two-letter code (GB)");
    char pfield[80];
    snprintf(pfield, sizeof(pfield), "%.60s.postcode", field);
    if (!a->postcode[0])
        return E_OK;
    if (strcmp(a->country, "GB") == 0) {
        char normal[PERSON_POSTCODE_SIZE];
        enum err rc = person_valid_postcode(a->postcode, pfield, normal, info);
        if (rc)
            return rc;
        snprintf(a->postcode, sizeof(a->postcode), "%s", normal);
        return E_OK;
    }
    /* outside the UK: letters, digits, spaces and hyphens, upper-cased */
    size_t n = 0;
    for (char *c = a->postcode; *c; c++) {
        if (!isalnum((unsigned char)*c) && *c != ' ' && *c != '-')
            return err_set(info, E_INVALID, pfield,
                           "a postcode outside the UK may hold letters, digits, spaces and "
                           "hyphens only");
        *c = (char)toupper((unsigned char)*c);
        n++;
    }
    if (n > 10)
        return err_set(info, E_INVALID, pfield, "the postcode must be 10 characters or fewer");
    return E_OK;
}

static enum err check_address(struct person_address *a, size_t i, const struct pdate *today,
                              struct err_info *info)
{
    char field[48], sub[80];
    snprintf(field, sizeof(field), "addresses[%zu]", i);
    snprintf(sub, sizeof(sub), "%s.line1", field);
    enum err rc = text_in_place(a->line1, sizeof(a->line1), PERSON_TEXT_MAX, false, sub,
                                "the first line of the address", info);
    if (!rc) {
        snprintf(sub, sizeof(sub), "%s.line2", field);
        rc = text_in_place(a->line2, sizeof(a->line2), PERSON_TEXT_MAX, false, sub,
                           "the second line of the address", info);
    }
    if (!rc) {
        snprintf(sub, sizeof(sub), "%s.locality", field);
        rc = text_in_place(a->locality, sizeof(a->locality), PERSON_TEXT_MAX, false, sub,
                           "the town or locality", info);
    }
    if (!rc)
        rc = check_postcode(a, field, info);
    if (rc)
        return rc;
    if (!a->line1[0] && !a->postcode[0] && !a->locality[0])
        return err_set(info, E_INVALID, field,
                       "an address needs at least its first line, locality or postcode");
    snprintf(sub, sizeof(sub), "%s.from", field);
    rc = person_valid_date_check(&a->from, sub, info);
    if (!rc) {
        snprintf(sub, sizeof(sub), "%s.to", field);
        rc = person_valid_date_check(&a->to, sub, info);
    }
    if (rc)
        return rc;
    if (pdate_known(&a->from) && person_valid_date_compare(&a->from, today) > 0) {
        snprintf(sub, sizeof(sub), "%s.from", field);
        return err_set(info, E_INVALID, sub, "the moved-in date cannot be in the future");
    }
    if (pdate_known(&a->from) && pdate_known(&a->to) &&
        person_valid_date_compare(&a->from, &a->to) > 0) {
        snprintf(sub, sizeof(sub), "%s.to", field);
        return err_set(info, E_INVALID, sub,
                       "the moved-out date cannot be before the moved-in date");
    }
    return E_OK;
}

enum err person_validate(struct person *p, const struct pdate *today, struct err_info *info)
{
    enum err rc = check_name_part(p->given, "given_name", "the given name", info);
    if (!rc)
        rc = check_name_part(p->family, "family_name", "the family name", info);
    if (rc)
        return rc;
    if (!p->given[0] && !p->family[0])
        return err_set(info, E_INVALID, "family_name",
                       "enter a name: a given name, a family name or both");
    if (p->n_names > PERSON_OTHER_NAMES_MAX)
        return err_set(info, E_INVALID, "other_names", "a person can have at most %d other names",
                       PERSON_OTHER_NAMES_MAX);
    for (size_t i = 0; i < p->n_names; i++) {
        struct person_name *n = &p->names[i];
        char f[64];
        snprintf(f, sizeof(f), "other_names[%zu].kind", i);
        if (n->kind <= PERSON_NAME_NONE || n->kind >= PERSON_NAME_KIND_COUNT)
            return err_set(info, E_INVALID, f, "choose alias, previous or known_as");
        snprintf(f, sizeof(f), "other_names[%zu].given_name", i);
        rc = check_name_part(n->given, f, "the given name", info);
        if (!rc) {
            snprintf(f, sizeof(f), "other_names[%zu].family_name", i);
            rc = check_name_part(n->family, f, "the family name", info);
        }
        if (rc)
            return rc;
        if (!n->given[0] && !n->family[0])
            return err_set(info, E_INVALID, f, "an other name needs a given or family name");
    }
    if (pdate_known(&p->dob) && pdate_known(&p->expected_dob))
        return err_set(info, E_INVALID, "expected_date_of_birth",
                       "give a date of birth or an expected date of birth, not both");
    if (pdate_known(&p->dob)) {
        rc = person_valid_dob(&p->dob, today, "date_of_birth", info);
        if (rc)
            return rc;
    } else {
        rc = person_valid_date_check(&p->dob, "date_of_birth", info);
        if (rc)
            return rc;
    }
    if (pdate_known(&p->expected_dob)) {
        rc = person_valid_expected_dob(&p->expected_dob, today, "expected_date_of_birth", info);
        if (rc)
            return rc;
    }
    if (p->sex != 'M' && p->sex != 'F' && p->sex != 'U')
        return err_set(info, E_INVALID, "sex", "choose M, F or U (not known or not stated)");
    if (pdate_known(&p->expected_dob) && p->sex != 'U')
        return err_set(info, E_INVALID, "sex", "an unborn child's sex is recorded as U");
    rc = text_in_place(p->gender_identity, sizeof(p->gender_identity), PERSON_TEXT_MAX, false,
                       "gender_identity", "the gender identity", info);
    if (!rc && p->ethnicity[0] && !person_ethnicity_label(p->ethnicity))
        rc = err_set(info, E_INVALID, "ethnicity",
                     "'%.8s' is not a census ethnicity code (WBRI, WIRI, ... NOBT)", p->ethnicity);
    if (!rc)
        rc = text_in_place(p->first_language, sizeof(p->first_language), PERSON_TEXT_MAX, false,
                           "first_language", "the first language", info);
    if (!rc)
        rc = text_in_place(p->communication_needs, sizeof(p->communication_needs), PERSON_NEEDS_MAX,
                           true, "communication_needs", "the communication needs", info);
    if (rc)
        return rc;
    if (p->nhs[0]) {
        char normal[PERSON_NHS_SIZE];
        rc = person_valid_nhs_number(p->nhs, "nhs_number", normal, info);
        if (rc)
            return rc;
        memcpy(p->nhs, normal, sizeof(normal));
    }
    if (p->upn[0]) {
        char normal[PERSON_UPN_SIZE];
        rc = person_valid_upn(p->upn, "upn", normal, info);
        if (rc)
            return rc;
        memcpy(p->upn, normal, sizeof(normal));
    }
    for (const char *c = p->local_id; *c; c++)
        if (!isalnum((unsigned char)*c))
            return err_set(info, E_INVALID, "local_id",
                           "the local id may hold letters and digits only");
    if (p->n_addresses > PERSON_ADDRESSES_MAX)
        return err_set(info, E_INVALID, "addresses", "a person can have at most %d addresses",
                       PERSON_ADDRESSES_MAX);
    size_t n_current = 0;
    for (size_t i = 0; i < p->n_addresses; i++) {
        rc = check_address(&p->addresses[i], i, today, info);
        if (rc)
            return rc;
        n_current += !pdate_known(&p->addresses[i].to);
    }
    if (n_current > 1)
        return err_set(info, E_INVALID, "addresses",
                       "only one address can be current: give the others a moved-out date");
    if (p->n_phones > PERSON_PHONES_MAX)
        return err_set(info, E_INVALID, "phones", "a person can have at most %d phone numbers",
                       PERSON_PHONES_MAX);
    for (size_t i = 0; i < p->n_phones; i++) {
        char f[48], normal[PERSON_PHONE_SIZE];
        snprintf(f, sizeof(f), "phones[%zu].number", i);
        rc = person_valid_phone(p->phones[i].number, f, normal, info);
        if (rc)
            return rc;
        memcpy(p->phones[i].number, normal, sizeof(normal));
        if (p->phones[i].kind <= PERSON_PHONE_NONE || p->phones[i].kind >= PERSON_PHONE_KIND_COUNT)
            p->phones[i].kind = PERSON_PHONE_OTHER;
    }
    if (p->email[0]) {
        char normal[PERSON_EMAIL_SIZE];
        rc = person_valid_email(p->email, "email", normal, info);
        if (rc)
            return rc;
        memcpy(p->email, normal, sizeof(normal));
    }
    rc = person_valid_date_check(&p->left_care_on, "left_care_on", info);
    if (rc)
        return rc;
    if (pdate_known(&p->left_care_on)) {
        if (!p->care_leaver)
            return err_set(info, E_INVALID, "left_care_on",
                           "a date of leaving care is for a care leaver");
        if (person_valid_date_compare(&p->left_care_on, today) > 0)
            return err_set(info, E_INVALID, "left_care_on",
                           "the date of leaving care cannot be in the future");
        if (pdate_known(&p->dob) && person_valid_date_compare(&p->left_care_on, &p->dob) < 0)
            return err_set(info, E_INVALID, "left_care_on",
                           "the date of leaving care cannot be before the date of birth");
    }
    return E_OK;
}

/* --- derived facts --------------------------------------------------------------------------- */

static int age_on(const struct pdate *birth, const struct pdate *today)
{
    int age = today->year - birth->year;
    if (today->month < birth->month || (today->month == birth->month && today->day < birth->day))
        age--;
    return age;
}

void person_age_range(const struct pdate *dob, const struct pdate *today, int *min_out,
                      int *max_out)
{
    *min_out = *max_out = -1;
    if (!pdate_known(dob) || !pdate_known(today))
        return;
    struct pdate lo, hi;
    pdate_bounds(dob, &lo, &hi);
    if (pdate_cmp_full(&lo, today) > 0)
        return;
    if (pdate_cmp_full(&hi, today) > 0)
        hi = *today;
    *max_out = age_on(&lo, today);
    *min_out = age_on(&hi, today);
}

void person_derive(const struct person *p, const struct pdate *today, struct person_derived *out)
{
    memset(out, 0, sizeof(*out));
    out->care_leaver = p->care_leaver;
    out->over_21 = -1;
    person_age_range(&p->dob, today, &out->age_min, &out->age_max);
    if (out->age_min < 0) {
        out->group = pdate_known(&p->expected_dob) ? PERSON_AGE_UNBORN : PERSON_AGE_UNKNOWN;
    } else if (out->age_max < PERSON_AGE_CHILD) {
        out->group = PERSON_AGE_GROUP_CHILD;
    } else if (out->age_min >= PERSON_AGE_CHILD) {
        out->group = PERSON_AGE_GROUP_ADULT;
    } else {
        out->group = PERSON_AGE_UNCLEAR;
    }
    if (p->care_leaver && out->age_min >= 0) {
        if (out->age_min >= PERSON_AGE_CARE_LEAVER_EXTENDED)
            out->over_21 = 1;
        else if (out->age_max < PERSON_AGE_CARE_LEAVER_EXTENDED)
            out->over_21 = 0;
    }
}

const char *person_age_group_name(enum person_age_group g)
{
    switch (g) {
    case PERSON_AGE_UNBORN:
        return "unborn";
    case PERSON_AGE_GROUP_CHILD:
        return "child";
    case PERSON_AGE_GROUP_ADULT:
        return "adult";
    case PERSON_AGE_UNCLEAR:
        return "unclear";
    case PERSON_AGE_UNKNOWN:
        break;
    }
    return "unknown";
}

/* --- differences ----------------------------------------------------------------------------- */

static bool names_equal(const struct person *a, const struct person *b)
{
    if (a->n_names != b->n_names)
        return false;
    for (size_t i = 0; i < a->n_names; i++)
        if (a->names[i].kind != b->names[i].kind || strcmp(a->names[i].given, b->names[i].given) ||
            strcmp(a->names[i].family, b->names[i].family))
            return false;
    return true;
}

static bool addresses_equal(const struct person *a, const struct person *b)
{
    if (a->n_addresses != b->n_addresses)
        return false;
    for (size_t i = 0; i < a->n_addresses; i++) {
        const struct person_address *x = &a->addresses[i], *y = &b->addresses[i];
        if (strcmp(x->line1, y->line1) || strcmp(x->line2, y->line2) ||
            strcmp(x->locality, y->locality) || strcmp(x->postcode, y->postcode) ||
            strcmp(x->country, y->country) || pdate_cmp_full(&x->from, &y->from) ||
            pdate_cmp_full(&x->to, &y->to))
            return false;
    }
    return true;
}

static bool phones_equal(const struct person *a, const struct person *b)
{
    if (a->n_phones != b->n_phones)
        return false;
    for (size_t i = 0; i < a->n_phones; i++)
        if (strcmp(a->phones[i].number, b->phones[i].number) ||
            a->phones[i].kind != b->phones[i].kind)
            return false;
    return true;
}

void person_diff(const struct person *a, const struct person *b, struct buf *out)
{
    buf_reset(out);
#define CHANGED(name)                                                                              \
    do {                                                                                           \
        if (out->len)                                                                              \
            buf_addc(out, ',');                                                                    \
        buf_adds(out, name);                                                                       \
    } while (0)
    if (strcmp(a->given, b->given))
        CHANGED("given_name");
    if (strcmp(a->family, b->family))
        CHANGED("family_name");
    if (!names_equal(a, b))
        CHANGED("other_names");
    if (pdate_cmp_full(&a->dob, &b->dob))
        CHANGED("date_of_birth");
    if (pdate_cmp_full(&a->expected_dob, &b->expected_dob))
        CHANGED("expected_date_of_birth");
    if (a->sex != b->sex)
        CHANGED("sex");
    if (strcmp(a->gender_identity, b->gender_identity))
        CHANGED("gender_identity");
    if (strcmp(a->ethnicity, b->ethnicity))
        CHANGED("ethnicity");
    if (strcmp(a->first_language, b->first_language))
        CHANGED("first_language");
    if (a->interpreter_needed != b->interpreter_needed)
        CHANGED("interpreter_needed");
    if (a->bsl_needed != b->bsl_needed)
        CHANGED("bsl_needed");
    if (strcmp(a->communication_needs, b->communication_needs))
        CHANGED("communication_needs");
    if (strcmp(a->nhs, b->nhs))
        CHANGED("nhs_number");
    if (strcmp(a->upn, b->upn))
        CHANGED("upn");
    if (strcmp(a->local_id, b->local_id))
        CHANGED("local_id");
    if (!addresses_equal(a, b))
        CHANGED("addresses");
    if (!phones_equal(a, b))
        CHANGED("phones");
    if (strcmp(a->email, b->email))
        CHANGED("email");
    if (a->care_leaver != b->care_leaver)
        CHANGED("care_leaver");
    if (pdate_cmp_full(&a->left_care_on, &b->left_care_on))
        CHANGED("left_care_on");
    if (a->restricted != b->restricted)
        CHANGED("restricted");
#undef CHANGED
}

/* --- matching --------------------------------------------------------------------------------- */

/* The address matching compares: the current one, else the newest. */
static const struct person_address *match_address(const struct person *p)
{
    for (size_t i = 0; i < p->n_addresses; i++)
        if (!pdate_known(&p->addresses[i].to))
            return &p->addresses[i];
    return p->n_addresses ? &p->addresses[0] : NULL;
}

void person_to_match(const struct person *p, struct person_match_scratch *scratch,
                     struct match_person *out)
{
    memset(out, 0, sizeof(*out));
    out->given = p->given;
    out->family = p->family;
    for (size_t i = 0; i < p->n_names && i < PERSON_OTHER_NAMES_MAX; i++) {
        scratch->names[i].given = p->names[i].given;
        scratch->names[i].family = p->names[i].family;
    }
    out->other_names = scratch->names;
    out->n_other_names = p->n_names;
    out->dob = pdate_known(&p->dob) ? p->dob : p->expected_dob;
    out->sex = p->sex;
    const struct person_address *a = match_address(p);
    scratch->address[0] = '\0';
    if (a) {
        out->postcode = a->postcode;
        out->locality = a->locality;
        snprintf(scratch->address, sizeof(scratch->address), "%s%s%s", a->line1,
                 a->line1[0] && a->line2[0] ? " " : "", a->line2);
        out->address = scratch->address;
    }
    out->nhs = p->nhs;
    out->upn = p->upn;
    for (size_t i = 0; i < p->n_phones && i < PERSON_PHONES_MAX; i++)
        scratch->phones[i] = p->phones[i].number;
    out->phones = scratch->phones;
    out->n_phones = p->n_phones;
    out->email = p->email;
    out->other_id = p->local_id;
}

/* --- free-text search ------------------------------------------------------------------------ */

#define QUERY_WORDS_MAX 24

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Reads one to three digit groups separated by '/', '.' or '-' as a date. */
static bool parse_date_word(const char *w, struct pdate *out)
{
    int parts[3], n = 0;
    size_t lens[3];
    char sep = 0;
    const char *s = w;
    while (*s && n < 3) {
        if (!isdigit((unsigned char)*s))
            return false;
        char *end;
        long v = strtol(s, &end, 10);
        lens[n] = (size_t)(end - s);
        parts[n++] = (int)v;
        s = end;
        if (*s) {
            if (*s != '/' && *s != '.' && *s != '-')
                return false;
            if (sep && *s != sep)
                return false;
            sep = *s;
            s++;
            if (!*s)
                return false;
        }
    }
    if (*s)
        return false;
    struct pdate d = {0, 0, 0};
    if (n == 1 && lens[0] == 4) {
        d.year = parts[0];
    } else if (n == 2 && lens[0] == 4 && lens[1] <= 2) {
        d.year = parts[0];
        d.month = parts[1];
    } else if (n == 2 && lens[1] == 4 && lens[0] <= 2) {
        d.year = parts[1];
        d.month = parts[0];
    } else if (n == 3 && lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2) {
        d.year = parts[0];
        d.month = parts[1];
        d.day = parts[2];
    } else if (n == 3 && lens[2] == 4 && lens[0] <= 2 && lens[1] <= 2) {
        d.year = parts[2];
        d.month = parts[1];
        d.day = parts[0];
    } else {
        return false;
    }
    if (d.year < 1900 || d.year > 2100)
        return false;
    struct err_info ignored;
    if (person_valid_date_check(&d, NULL, &ignored) != E_OK)
        return false;
    *out = d;
    return true;
}

/* Tries the words w[0..n) joined (with and without spaces) as an identifier, date or postcode;
 * true when taken. */
static bool take_words(char *const *w, size_t n, struct person_query *q)
{
    char joined[96] = "", spaced[96] = "";
    size_t jl = 0, sl = 0;
    for (size_t i = 0; i < n; i++) {
        size_t wl = strlen(w[i]);
        if (sl + wl + 2 > sizeof(spaced))
            return false;
        memcpy(joined + jl, w[i], wl + 1);
        jl += wl;
        if (i)
            spaced[sl++] = ' ';
        memcpy(spaced + sl, w[i], wl + 1);
        sl += wl;
    }
    struct err_info ignored;
    bool phone_like = joined[0] == '0' || joined[0] == '+';
    if (!q->nhs[0] && !phone_like && all_digits(joined) && strlen(joined) == 10 &&
        person_valid_nhs_number(joined, NULL, q->nhs, &ignored) == E_OK)
        return true;
    if (!q->upn[0] && n == 1 && strlen(joined) == 13 &&
        person_valid_upn(joined, NULL, q->upn, &ignored) == E_OK)
        return true;
    if (!q->email[0] && n == 1 && strchr(joined, '@') &&
        person_valid_email(joined, NULL, q->email, &ignored) == E_OK)
        return true;
    if (!q->phone[0] && phone_like && strlen(joined) >= 10 &&
        person_valid_phone(joined, NULL, q->phone, &ignored) == E_OK)
        return true;
    if (!q->dob.year && n == 1 && parse_date_word(joined, &q->dob))
        return true;
    if (!q->postcode[0] && n <= 2 && strlen(joined) >= 5) {
        char normal[PERSON_POSTCODE_SIZE];
        if (person_valid_postcode(spaced, NULL, normal, &ignored) == E_OK) {
            snprintf(q->postcode, sizeof(q->postcode), "%s", normal);
            return true;
        }
    }
    return false;
}

void person_query_parse(const char *text, struct person_query *q)
{
    memset(q, 0, sizeof(*q));
    if (!text)
        return;
    char copy[1024];
    snprintf(copy, sizeof(copy), "%s", text);
    char *words[QUERY_WORDS_MAX];
    bool comma_after[QUERY_WORDS_MAX] = {false};
    size_t n = 0;
    for (char *s = copy; *s && n < QUERY_WORDS_MAX;) {
        while (*s == ' ' || *s == '\t' || *s == ',') {
            if (*s == ',' && n)
                comma_after[n - 1] = true;
            s++;
        }
        if (!*s)
            break;
        words[n++] = s;
        while (*s && *s != ' ' && *s != '\t' && *s != ',')
            s++;
        if (*s == ',') {
            comma_after[n - 1] = true;
            *s++ = '\0';
        } else if (*s) {
            *s++ = '\0';
        }
    }
    bool used[QUERY_WORDS_MAX] = {false};
    for (size_t i = 0; i < n; i++) {
        for (size_t len = 3; len >= 1; len--) {
            if (i + len > n)
                continue;
            bool free_run = true;
            for (size_t k = i; k < i + len; k++)
                free_run = free_run && !used[k];
            if (free_run && take_words(&words[i], len, q)) {
                for (size_t k = i; k < i + len; k++)
                    used[k] = true;
                break;
            }
        }
    }
    /* the name words, in order */
    size_t name_idx[QUERY_WORDS_MAX], n_name = 0;
    size_t comma_at = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (used[i])
            continue;
        if (comma_after[i] && comma_at == (size_t)-1)
            comma_at = n_name;
        name_idx[n_name++] = i;
    }
    if (!n_name)
        return;
    struct buf given = BUF_INIT, family = BUF_INIT;
    for (size_t j = 0; j < n_name; j++) {
        bool is_family = comma_at != (size_t)-1 ? j <= comma_at : (n_name == 1 || j == n_name - 1);
        struct buf *b = is_family ? &family : &given;
        if (b->len)
            buf_addc(b, ' ');
        buf_adds(b, words[name_idx[j]]);
    }
    snprintf(q->given, sizeof(q->given), "%s", given.data);
    snprintf(q->family, sizeof(q->family), "%s", family.data);
    buf_release(&given);
    buf_release(&family);
}
