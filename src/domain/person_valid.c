/*
 * person_valid: identifier checks and normal forms for persons. Each check copies the input
 * into a small local buffer while it normalises, so `out` is written only on success. Inputs
 * longer than any valid value are refused before they are looked at closely.
 */
#include "domain/person_valid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Generous caps on raw input: anything longer cannot normalise to a valid value. */
#define RAW_ID_MAX 40
#define RAW_PHONE_MAX 40

static const char *field_or(const char *field, const char *dflt)
{
    return field ? field : dflt;
}

static bool is_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Copies s into out (cap bytes) upper-cased, dropping spaces and the characters in `drop`.
 * Returns the length, or -1 if s is too long or holds a character other than [A-Za-z0-9]. */
static int squeeze_upper(const char *s, const char *drop, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c) || (c && strchr(drop, c)))
            continue;
        if (!isalnum(c) || c > 127)
            return -1;
        if (n + 1 >= cap)
            return -1;
        out[n++] = (char)toupper(c);
    }
    out[n] = '\0';
    return (int)n;
}

enum err person_valid_nhs_number(const char *in, const char *field, char out[PERSON_NHS_SIZE],
                                 struct err_info *info)
{
    field = field_or(field, "nhs_number");
    if (is_blank(in))
        return err_set(info, E_INVALID, field, "enter an NHS number");
    char d[RAW_ID_MAX];
    int n = squeeze_upper(in, "-", d, sizeof(d));
    if (n != 10)
        return err_set(info, E_INVALID, field, "NHS number must be 10 digits");
    for (int i = 0; i < 10; i++)
        if (!isdigit((unsigned char)d[i]))
            return err_set(info, E_INVALID, field, "NHS number must be 10 digits");
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += (d[i] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    if (check == 10 || check != d[9] - '0')
        return err_set(info, E_INVALID, field, "NHS number is not valid: check the digits");
    bool same = true;
    for (int i = 1; i < 10; i++)
        same = same && d[i] == d[0];
    if (same)
        return err_set(info, E_INVALID, field, "NHS number is not valid: check the digits");
    memcpy(out, d, PERSON_NHS_SIZE);
    return E_OK;
}

/* The DfE check alphabet: A..Z without I, O and S. Returns the index of c, or -1. */
static int upn_letter_index(char c)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

enum err person_valid_upn(const char *in, const char *field, char out[PERSON_UPN_SIZE],
                          struct err_info *info)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    field = field_or(field, "upn");
    if (is_blank(in))
        return err_set(info, E_INVALID, field, "enter a unique pupil number");
    char u[RAW_ID_MAX];
    int n = squeeze_upper(in, "", u, sizeof(u));
    if (n != 13 || !isalpha((unsigned char)u[0]))
        return err_set(info, E_INVALID, field,
                       "unique pupil number must be a letter, 11 digits, then a digit or letter");
    for (int i = 1; i < 12; i++)
        if (!isdigit((unsigned char)u[i]))
            return err_set(info, E_INVALID, field,
                           "unique pupil number must be a letter, 11 digits, then a digit or "
                           "letter");
    int sum = 0;
    for (int i = 1; i < 13; i++) {
        int v;
        if (isdigit((unsigned char)u[i])) {
            v = u[i] - '0';
        } else {
            v = upn_letter_index(u[i]);
            if (v < 0)
                return err_set(info, E_INVALID, field,
                               "unique pupil number cannot end in I, O or S");
        }
        sum += v * (i + 1);
    }
    if (alphabet[sum % 23] != u[0])
        return err_set(info, E_INVALID, field,
                       "unique pupil number is not valid: check the first letter");
    memcpy(out, u, PERSON_UPN_SIZE);
    return E_OK;
}

/* Outward-code shapes: A9, A99, AA9, AA99, A9A, AA9A with the Royal Mail letter rules. */
static bool outward_ok(const char *o, int n)
{
    static const char not_first[] = "QVX";
    static const char not_second[] = "IJZ";
    static const char third_a9a[] = "ABCDEFGHJKPSTUW";
    static const char fourth_aa9a[] = "ABEHMNPRVWXY";
#define L(i) (isalpha((unsigned char)o[i]))
#define D(i) (isdigit((unsigned char)o[i]))
    if (n < 2 || !L(0) || strchr(not_first, o[0]))
        return false;
    if (n == 2)
        return D(1);
    if (n == 3) {
        if (D(1) && D(2))
            return true; /* A99 */
        if (L(1) && D(2))
            return !strchr(not_second, o[1]); /* AA9 */
        if (D(1) && L(2))
            return strchr(third_a9a, o[2]) != NULL; /* A9A */
        return false;
    }
    if (n == 4 && L(1) && !strchr(not_second, o[1]) && D(2)) {
        if (D(3))
            return true; /* AA99 */
        if (L(3))
            return strchr(fourth_aa9a, o[3]) != NULL; /* AA9A */
    }
    return false;
#undef L
#undef D
}

static bool inward_ok(const char *i)
{
    static const char not_inward[] = "CIKMOV";
    return isdigit((unsigned char)i[0]) && isalpha((unsigned char)i[1]) &&
           isalpha((unsigned char)i[2]) && !strchr(not_inward, i[1]) && !strchr(not_inward, i[2]);
}

static bool postcode_special(const char *s)
{
    static const char *const special[] = {
        "GIR0AA",                                   /* Girobank */
        "ASCN1ZZ", "BBND1ZZ", "BIQQ1ZZ", "FIQQ1ZZ", /* overseas territories */
        "PCRN1ZZ", "SIQQ1ZZ", "STHL1ZZ", "TDCU1ZZ", "TKCA1ZZ",
    };
    for (size_t k = 0; k < sizeof(special) / sizeof(special[0]); k++)
        if (strcmp(s, special[k]) == 0)
            return true;
    return false;
}

/* s is squeezed upper-case of length n. */
static bool postcode_shape_ok(const char *s, int n)
{
    if (n < 5 || n > 7)
        return false;
    return outward_ok(s, n - 3) && inward_ok(s + n - 3);
}

enum err person_valid_postcode(const char *in, const char *field, char out[PERSON_POSTCODE_SIZE],
                               struct err_info *info)
{
    field = field_or(field, "postcode");
    if (is_blank(in))
        return err_set(info, E_INVALID, field, "enter a postcode");
    char s[RAW_ID_MAX];
    int n = squeeze_upper(in, "", s, sizeof(s));
    if (n < 5 || n > 7 || !(postcode_shape_ok(s, n) || postcode_special(s)))
        return err_set(info, E_INVALID, field, "enter a real postcode, like SW1A 1AA");
    snprintf(out, PERSON_POSTCODE_SIZE, "%.*s %s", n - 3, s, s + n - 3);
    return E_OK;
}

bool person_postcode_is_uk(const char *pc)
{
    if (!pc)
        return false;
    size_t len = strlen(pc);
    if (len < 6 || len > 8 || pc[len - 4] != ' ')
        return false;
    char s[8];
    memcpy(s, pc, len - 4);
    memcpy(s + len - 4, pc + len - 3, 4);
    return postcode_shape_ok(s, (int)len - 1) || postcode_special(s);
}

enum err person_valid_phone(const char *in, const char *field, char out[PERSON_PHONE_SIZE],
                            struct err_info *info)
{
    field = field_or(field, "phone");
    if (is_blank(in))
        return err_set(info, E_INVALID, field, "enter a phone number");
    /* Keep '+', digits and brackets; drop separators; refuse anything else. */
    char s[RAW_PHONE_MAX];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c) || c == '-' || c == '.')
            continue;
        if (!(isdigit(c) || c == '+' || c == '(' || c == ')') || (c == '+' && n > 0))
            return err_set(info, E_INVALID, field,
                           "enter a phone number, like 01632 960 001 or +44 7700 900 982");
        if (n + 1 >= sizeof(s))
            return err_set(info, E_INVALID, field, "phone number is too long");
        s[n++] = (char)c;
    }
    s[n] = '\0';
    /* International prefixes to one form: "+CC..." */
    const char *rest = s;
    bool plus = false;
    if (rest[0] == '+') {
        plus = true;
        rest++;
    } else if (rest[0] == '0' && rest[1] == '0') {
        plus = true;
        rest += 2;
    }
    bool uk = !plus;
    if (plus && rest[0] == '4' && rest[1] == '4') {
        uk = true;
        rest += 2;
        if (strncmp(rest, "(0)", 3) == 0)
            rest += 3;
    }
    char digits[RAW_PHONE_MAX];
    size_t nd = 0;
    for (const char *p = rest; *p; p++)
        if (isdigit((unsigned char)*p))
            digits[nd++] = *p;
    digits[nd] = '\0';
    /* Brackets can hide the UK code ("+(44) 20 ..."): the digits decide, as they do when the
     * normal form is read again, so a UK number is never kept as "+44..." */
    if (plus && !uk && digits[0] == '4' && digits[1] == '4') {
        uk = true;
        nd -= 2;
        memmove(digits, digits + 2, nd + 1);
    }
    if (uk) {
        /* "+44 20..." has dropped its trunk 0; a national number keeps it. */
        const char *national = digits;
        char with0[RAW_PHONE_MAX + 1];
        if (plus) {
            snprintf(with0, sizeof(with0), "0%s", digits);
            national = with0;
        }
        size_t len = strlen(national);
        if (national[0] != '0' || national[1] == '0' || len < 10 || len > 11)
            return err_set(info, E_INVALID, field,
                           "enter a UK phone number of 10 or 11 digits starting with 0, or an "
                           "international number starting with +");
        memcpy(out, national, len + 1);
        return E_OK;
    }
    if (nd < 8 || nd > 15 || digits[0] == '0')
        return err_set(info, E_INVALID, field,
                       "enter an international phone number of 8 to 15 digits after the +");
    out[0] = '+';
    memcpy(out + 1, digits, nd + 1);
    return E_OK;
}

static bool domain_ok(const char *d, size_t len)
{
    size_t label = 0, labels = 0, last_start = 0;
    bool last_alpha = true;
    if (len == 0 || len > 253)
        return false;
    for (size_t i = 0; i <= len; i++) {
        char c = i < len ? d[i] : '.';
        if (c == '.') {
            if (label == 0 || label > 63 || d[i - 1] == '-' || d[last_start] == '-')
                return false;
            labels++;
            last_alpha = true;
            for (size_t k = last_start; k < i; k++)
                last_alpha = last_alpha && isalpha((unsigned char)d[k]);
            label = 0;
            last_start = i + 1;
            continue;
        }
        if (!(isalnum((unsigned char)c) || c == '-') || (unsigned char)c > 127)
            return false;
        label++;
    }
    /* last_alpha and the label length refer to the top-level label now. */
    size_t tld_len = len - (size_t)(strrchr(d, '.') ? strrchr(d, '.') - d + 1 : 0);
    return labels >= 2 && last_alpha && tld_len >= 2;
}

enum err person_valid_email(const char *in, const char *field, char out[PERSON_EMAIL_SIZE],
                            struct err_info *info)
{
    field = field_or(field, "email");
    if (is_blank(in))
        return err_set(info, E_INVALID, field, "enter an email address");
    while (isspace((unsigned char)*in))
        in++;
    size_t len = strlen(in);
    while (len && isspace((unsigned char)in[len - 1]))
        len--;
    if (len > PERSON_EMAIL_SIZE - 1)
        return err_set(info, E_INVALID, field, "email address must be 254 characters or fewer");
    const char *at = memchr(in, '@', len);
    size_t local = at ? (size_t)(at - in) : 0;
    bool ok = at && local >= 1 && local <= 64 && !memchr(at + 1, '@', len - local - 1);
    for (size_t i = 0; ok && i < local; i++) {
        unsigned char c = (unsigned char)in[i];
        ok = c > 32 && c < 127 && c != '(' && c != ')' && c != ',' && c != ';' && c != ':' &&
             c != '<' && c != '>' && c != '[' && c != ']' && c != '\\' && c != '"';
    }
    if (ok)
        ok = in[0] != '.' && in[local - 1] != '.';
    for (size_t i = 1; ok && i < local; i++)
        ok = !(in[i] == '.' && in[i - 1] == '.');
    if (ok) {
        char dom[PERSON_EMAIL_SIZE];
        size_t dl = len - local - 1;
        for (size_t i = 0; i < dl; i++)
            dom[i] = (char)tolower((unsigned char)at[1 + i]);
        dom[dl] = '\0';
        ok = domain_ok(dom, dl);
        if (ok) {
            memcpy(out, in, local);
            out[local] = '@';
            memcpy(out + local + 1, dom, dl + 1);
            return E_OK;
        }
    }
    return err_set(info, E_INVALID, field,
                   "enter an email address in the correct format, like name@example.com");
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

enum err person_valid_date_check(const struct pdate *d, const char *field, struct err_info *info)
{
    field = field_or(field, "date");
    if (d->year == 0 && (d->month || d->day))
        return err_set(info, E_INVALID, field, "date must include a year");
    if (d->month == 0 && d->day)
        return err_set(info, E_INVALID, field, "date must include a month");
    if (d->year && (d->year < 1850 || d->year > 2200))
        return err_set(info, E_INVALID, field, "year must be between 1850 and 2200");
    if (d->month < 0 || d->month > 12)
        return err_set(info, E_INVALID, field, "month must be between 1 and 12");
    if (d->day < 0 || (d->day && d->day > days_in_month(d->year, d->month)))
        return err_set(info, E_INVALID, field, "date must be a real date");
    return E_OK;
}

/* Reads exactly n digits at *p; returns -1 when they are not there. */
static int read_digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    return v;
}

enum err person_valid_date_parse(const char *in, const char *field, struct pdate *out,
                                 struct err_info *info)
{
    field = field_or(field, "date");
    struct pdate d = {0, 0, 0};
    if (is_blank(in)) {
        *out = d;
        return E_OK;
    }
    const char *p = in;
    while (isspace((unsigned char)*p))
        p++;
    bool has_month = false, has_day = false;
    d.year = read_digits(&p, 4);
    if (d.year >= 0 && *p == '-') {
        p++;
        has_month = true;
        d.month = read_digits(&p, 2);
        if (d.month >= 0 && *p == '-') {
            p++;
            has_day = true;
            d.day = read_digits(&p, 2);
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (d.year < 0 || d.month < 0 || d.day < 0 || *p)
        return err_set(info, E_INVALID, field, "date must be written YYYY-MM-DD, YYYY-MM or YYYY");
    if (d.year == 0)
        return err_set(info, E_INVALID, field, "year must be between 1850 and 2200");
    if (has_month && d.month == 0)
        return err_set(info, E_INVALID, field, "month must be between 1 and 12");
    if (has_day && d.day == 0)
        return err_set(info, E_INVALID, field, "date must be a real date");
    enum err e = person_valid_date_check(&d, field, info);
    if (e)
        return e;
    *out = d;
    return E_OK;
}

int person_valid_date_compare(const struct pdate *a, const struct pdate *b)
{
    if (!a->year || !b->year || a->year != b->year)
        return a->year && b->year ? (a->year < b->year ? -1 : 1) : 0;
    if (!a->month || !b->month || a->month != b->month)
        return a->month && b->month ? (a->month < b->month ? -1 : 1) : 0;
    if (!a->day || !b->day || a->day == b->day)
        return 0;
    return a->day < b->day ? -1 : 1;
}

enum err person_valid_dob(const struct pdate *dob, const struct pdate *today, const char *field,
                          struct err_info *info)
{
    field = field_or(field, "date_of_birth");
    enum err e = person_valid_date_check(dob, field, info);
    if (e)
        return e;
    if (person_valid_date_compare(dob, today) > 0)
        return err_set(info, E_INVALID, field, "date of birth must be in the past");
    if (dob->year && dob->year < today->year - 130)
        return err_set(info, E_INVALID, field, "date of birth must be within the last 130 years");
    return E_OK;
}

enum err person_valid_expected_dob(const struct pdate *due, const struct pdate *today,
                                   const char *field, struct err_info *info)
{
    field = field_or(field, "expected_date_of_birth");
    enum err e = person_valid_date_check(due, field, info);
    if (e)
        return e;
    if (!due->month)
        return err_set(info, E_INVALID, field,
                       "expected date of birth must include at least a month and year");
    int limit = today->year * 12 + (today->month - 1) + 10;
    int at = due->year * 12 + (due->month - 1);
    if (at > limit || (at == limit && due->day && due->day > today->day))
        return err_set(info, E_INVALID, field,
                       "expected date of birth must be within the next 10 months");
    return E_OK;
}

void person_valid_date_format(const struct pdate *d, char out[PERSON_DATE_SIZE])
{
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u;
    unsigned day = (unsigned)d->day % 100u;
    if (!d->year)
        out[0] = '\0';
    else if (!d->month)
        snprintf(out, PERSON_DATE_SIZE, "%04u", y);
    else if (!d->day)
        snprintf(out, PERSON_DATE_SIZE, "%04u-%02u", y, m);
    else
        snprintf(out, PERSON_DATE_SIZE, "%04u-%02u-%02u", y, m, day);
}
