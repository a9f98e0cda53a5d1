/*
 * match: normalisation, comparisons, weights and blocking keys for person matching. The weights
 * are set from reasoning about a general population (how often a field agrees by chance between
 * two different people, how often it is recorded differently for one person), not fitted to any
 * test set; docs/person-matching.md gives the reasoning. Every comparison works on the prepared
 * form, so match_score_prepared does no allocation and no text clean-up.
 */
#include "domain/match.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/nickname.h"
#include "domain/phonetic.h"

/* ---- weights, in bits ---------------------------------------------------------------------- */

enum given_level {
    G_MISSING,
    G_EXACT,
    G_FIRST,
    G_NICKNAME,
    G_OTHER_WORD,
    G_SIMILAR,
    G_SOUNDS_LIKE,
    G_INITIAL,
    G_DIFFERS
};
static const double given_weight[] = {
    [G_MISSING] = 0.0,     [G_EXACT] = 7.0,      [G_FIRST] = 6.0,
    [G_NICKNAME] = 5.0,    [G_OTHER_WORD] = 4.0, [G_SIMILAR] = 4.5,
    [G_SOUNDS_LIKE] = 2.0, [G_INITIAL] = 1.0,    [G_DIFFERS] = -4.0,
};
static const uint64_t given_reason[] = {
    [G_MISSING] = 0,
    [G_EXACT] = MATCH_BIT(MATCH_R_GIVEN_EXACT),
    [G_FIRST] = MATCH_BIT(MATCH_R_GIVEN_FIRST),
    [G_NICKNAME] = MATCH_BIT(MATCH_R_GIVEN_NICKNAME),
    [G_OTHER_WORD] = MATCH_BIT(MATCH_R_GIVEN_OTHER_WORD),
    [G_SIMILAR] = MATCH_BIT(MATCH_R_GIVEN_SIMILAR),
    [G_SOUNDS_LIKE] = MATCH_BIT(MATCH_R_GIVEN_SOUNDS_LIKE),
    [G_INITIAL] = MATCH_BIT(MATCH_R_GIVEN_INITIAL),
    [G_DIFFERS] = 0,
};

enum family_level { F_MISSING, F_EXACT, F_PART, F_SIMILAR, F_SOUNDS_LIKE, F_DIFFERS };
static const double family_weight[] = {
    [F_MISSING] = 0.0, [F_EXACT] = 8.0,       [F_PART] = 6.0,
    [F_SIMILAR] = 5.5, [F_SOUNDS_LIKE] = 2.5, [F_DIFFERS] = -3.5,
};
static const uint64_t family_reason[] = {
    [F_MISSING] = 0,
    [F_EXACT] = MATCH_BIT(MATCH_R_FAMILY_EXACT),
    [F_PART] = MATCH_BIT(MATCH_R_FAMILY_PART),
    [F_SIMILAR] = MATCH_BIT(MATCH_R_FAMILY_SIMILAR),
    [F_SOUNDS_LIKE] = MATCH_BIT(MATCH_R_FAMILY_SOUNDS_LIKE),
    [F_DIFFERS] = 0,
};
/* A given name compared with a family name (swapped entry) is graded like a family name; its
 * weight is then the given-name weight of the same grade. */
static const enum given_level family_as_given[] = {
    [F_MISSING] = G_MISSING,         [F_EXACT] = G_EXACT,
    [F_PART] = G_OTHER_WORD,         [F_SIMILAR] = G_SIMILAR,
    [F_SOUNDS_LIKE] = G_SOUNDS_LIKE, [F_DIFFERS] = G_DIFFERS,
};
#define W_SWAP_PENALTY 1.0
#define W_OTHER_NAME_PENALTY 0.5

#define W_DOB_EXACT 14.0
#define W_DOB_SWAPPED 8.0
#define W_DOB_ONE_DIGIT 6.0
#define W_DOB_YEAR_MONTH 4.0
#define W_DOB_DAY_MONTH 3.5
#define W_DOB_DIFFERS (-5.0)
#define W_DOB_PARTIAL_MONTH 9.5 /* agree to the month, the most either knows */
#define W_DOB_PARTIAL_YEAR 6.0  /* agree to the year, the most either knows */
#define W_DOB_PARTIAL_CLOSE 0.5 /* year and month one digit apart */
#define W_DOB_PARTIAL_DIFFERS (-3.0)

#define W_SEX_AGREE 0.8
#define W_SEX_DIFFERS (-4.0)

#define W_PC_EXACT 10.0
#define W_PC_SECTOR 3.0
#define W_PC_ONE_CHAR 2.5
#define W_PC_DISTRICT 1.5
#define W_PC_DIFFERS (-2.0)

#define W_ADDR_EXACT 7.0
#define W_ADDR_SIMILAR 5.0
#define W_ADDR_PARTIAL 2.5
#define W_ADDR_DIFFERS (-1.5)

#define W_LOC_EXACT 3.0
#define W_LOC_SIMILAR 1.5
#define W_LOC_DIFFERS (-1.0)

#define W_PHONE_EXACT 12.0
#define W_PHONE_ONE_DIGIT 5.0
#define W_PHONE_DIFFERS (-1.0)

#define W_EMAIL_EXACT 12.0
#define W_EMAIL_DIFFERS (-1.0)

#define W_ID_EXACT 14.0
#define W_ID_ONE_CHAR 7.0
#define W_ID_DIFFERS (-3.0)

#define W_NHS_EXACT 30.0
#define W_NHS_DIFFERS (-12.0)
#define W_UPN_EXACT 25.0
#define W_UPN_DIFFERS (-6.0)

/* Similarity thresholds. */
#define JW_SIMILAR 0.92
#define JW_SOUNDS_LIKE 0.85
#define DICE_SIMILAR 0.9
#define DICE_PARTIAL 0.7
#define JW_LOCALITY 0.9

/* ---- normalisation ------------------------------------------------------------------------- */

/* U+00C0..U+00FF folded to ASCII; NULL for the two symbols (multiply, divide). */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Decodes one UTF-8 sequence at s; on an invalid sequence reads one byte as Latin-1. */
static unsigned decode(const unsigned char *s, size_t *len)
{
    unsigned c = s[0];
    int extra = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : 0;
    if (c < 0x80 || extra == 0 || c >= 0xF8) {
        *len = 1;
        return c;
    }
    unsigned cp = c & (0x3F >> extra);
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return c;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = (size_t)extra + 1;
    return cp;
}

size_t match_normalise(const char *in, bool keep_digits, char *out, size_t cap)
{
    size_t n = 0;
    bool gap = false;
    char one[2] = {0, 0};
    if (cap == 0)
        return 0;
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    while (*s) {
        size_t len = 1;
        unsigned cp = decode(s, &len);
        s += len;
        const char *emit = NULL;
        bool apostrophe = false;
        if (cp < 0x80 && isalpha((int)cp)) {
            one[0] = (char)tolower((int)cp);
            emit = one;
        } else if (cp < 0x80 && isdigit((int)cp) && keep_digits) {
            one[0] = (char)cp;
            emit = one;
        } else if (cp == '\'' || cp == '`' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC) {
            apostrophe = true;
        } else if (cp >= 0xC0 && cp <= 0xFF) {
            emit = latin1_fold[cp - 0xC0];
        }
        if (apostrophe)
            continue;
        if (!emit) {
            gap = true;
            continue;
        }
        size_t el = strlen(emit);
        if (n + (gap && n ? 1 : 0) + el >= cap)
            break;
        if (gap && n)
            out[n++] = ' ';
        gap = false;
        memcpy(out + n, emit, el);
        n += el;
    }
    out[n] = '\0';
    return n;
}

/* Copies src without spaces into dst (cap bytes). */
static void compact_copy(const char *src, char *dst, size_t cap)
{
    size_t n = 0;
    for (; *src && n + 1 < cap; src++)
        if (*src != ' ')
            dst[n++] = *src;
    dst[n] = '\0';
}

static void pname_prepare(struct match_pname *pn, const char *text, bool given)
{
    memset(pn, 0, sizeof(*pn));
    size_t len = match_normalise(text, false, pn->full, sizeof(pn->full));
    compact_copy(pn->full, pn->compact, sizeof(pn->compact));
    phonetic_nysiis(pn->compact, pn->phon, sizeof(pn->phon));
    for (size_t i = 0; i < len && pn->n_tok < MATCH_TOKENS_MAX;) {
        size_t j = i;
        while (j < len && pn->full[j] != ' ')
            j++;
        pn->tok_start[pn->n_tok] = (uint8_t)i;
        pn->tok_len[pn->n_tok] = (uint8_t)(j - i);
        pn->n_tok++;
        i = j + 1;
    }
    if (given && pn->n_tok) {
        char first[MATCH_TEXT_MAX];
        memcpy(first, pn->full, pn->tok_len[0]);
        first[pn->tok_len[0]] = '\0';
        pn->n_forms = (uint8_t)nickname_full_forms(first, pn->forms, MATCH_FORMS_MAX);
    }
}

/* Word i of pn as a NUL-terminated copy in out (MATCH_TEXT_MAX bytes). */
static const char *pname_word(const struct match_pname *pn, size_t i, char *out)
{
    memcpy(out, pn->full + pn->tok_start[i], pn->tok_len[i]);
    out[pn->tok_len[i]] = '\0';
    return out;
}

static bool pname_word_eq(const struct match_pname *a, size_t i, const struct match_pname *b,
                          size_t j)
{
    return a->tok_len[i] == b->tok_len[j] &&
           memcmp(a->full + a->tok_start[i], b->full + b->tok_start[j], a->tok_len[i]) == 0;
}

/* Upper-case letters and digits only, into out (cap bytes). */
static void alnum_upper(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; in && *in && n + 1 < cap; in++)
        if (isalnum((unsigned char)*in) && (unsigned char)*in < 128)
            out[n++] = (char)toupper((unsigned char)*in);
    out[n] = '\0';
}

static void digits_only(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    if (in && in[0] == '+' && n + 1 < cap)
        out[n++] = '+';
    for (; in && *in && n + 1 < cap; in++)
        if (isdigit((unsigned char)*in))
            out[n++] = *in;
    out[n] = '\0';
}

/* Writes the character pairs of s, sorted, to out (room for MATCH_ADDRESS_MAX); returns how
 * many. Insertion sort: s is short, and this runs once per person. */
static size_t bigrams_sorted(const char *s, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && s[i + 1] && n < MATCH_ADDRESS_MAX; i++) {
        uint16_t g = (uint16_t)((unsigned char)s[i] << 8 | (unsigned char)s[i + 1]);
        size_t k = n++;
        while (k > 0 && out[k - 1] > g) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = g;
    }
    return n;
}

/* Dice coefficient of two sorted bigram multisets. */
static double bigram_dice(const uint16_t *ga, size_t na, const uint16_t *gb, size_t nb)
{
    size_t i = 0, j = 0, common = 0;
    if (na == 0 || nb == 0)
        return 0.0;
    while (i < na && j < nb) {
        if (ga[i] == gb[j]) {
            common++;
            i++;
            j++;
        } else if (ga[i] < gb[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(na + nb);
}

static void postcode_prepare(struct match_prep *p, const char *pc)
{
    char s[16];
    alnum_upper(pc, s, sizeof(s));
    size_t n = strlen(s);
    p->pc_outward_len = 0;
    if (n >= 5 && n <= 7) {
        char spaced[16];
        snprintf(spaced, sizeof(spaced), "%.*s %s", (int)(n - 3), s, s + n - 3);
        if (person_postcode_is_uk(spaced)) {
            memcpy(p->postcode, spaced, n + 2);
            p->pc_outward_len = (uint8_t)(n - 3);
            return;
        }
    }
    memcpy(p->postcode, s, n + 1);
}

void match_prepare(const struct match_person *p, struct match_prep *out)
{
    memset(out, 0, sizeof(*out));
    pname_prepare(&out->names[0].given, p->given, true);
    pname_prepare(&out->names[0].family, p->family, false);
    out->n_names = 1;
    for (size_t i = 0; i < p->n_other_names && out->n_names < 1 + MATCH_OTHER_NAMES_MAX; i++) {
        const struct match_name *o = &p->other_names[i];
        pname_prepare(&out->names[out->n_names].given, o->given, true);
        pname_prepare(&out->names[out->n_names].family, o->family, false);
        if (out->names[out->n_names].given.compact[0] || out->names[out->n_names].family.compact[0])
            out->n_names++;
    }
    out->dob = p->dob;
    if (out->dob.year == 0) {
        out->dob.month = 0;
        out->dob.day = 0;
    } else if (out->dob.month == 0) {
        out->dob.day = 0;
    }
    out->sex = p->sex == 'M' || p->sex == 'm' ? 'M' : p->sex == 'F' || p->sex == 'f' ? 'F' : 0;
    postcode_prepare(out, p->postcode);
    alnum_upper(p->nhs, out->nhs, sizeof(out->nhs));
    alnum_upper(p->upn, out->upn, sizeof(out->upn));
    for (size_t i = 0; i < p->n_phones && out->n_phones < MATCH_PHONES_MAX; i++) {
        digits_only(p->phones[i], out->phones[out->n_phones], PERSON_PHONE_SIZE);
        if (out->phones[out->n_phones][0])
            out->n_phones++;
    }
    size_t el = 0;
    for (const char *e = p->email; e && *e && el + 1 < sizeof(out->email); e++)
        if (!isspace((unsigned char)*e))
            out->email[el++] = (char)tolower((unsigned char)*e);
    out->email[el] = '\0';
    alnum_upper(p->other_id, out->other_id, sizeof(out->other_id));
    size_t al = match_normalise(p->address, true, out->address, sizeof(out->address));
    for (size_t i = 0; i < al;) {
        size_t j = i;
        bool digit = false;
        for (; j < al && out->address[j] != ' '; j++)
            if (isdigit((unsigned char)out->address[j]))
                digit = true;
        if (digit && !out->house_no[0]) {
            size_t n = j - i < sizeof(out->house_no) - 1 ? j - i : sizeof(out->house_no) - 1;
            memcpy(out->house_no, out->address + i, n);
            out->house_no[n] = '\0';
        } else if (!digit && out->house_no[0] && j - i >= 3) {
            char word[MATCH_ADDRESS_MAX];
            memcpy(word, out->address + i, j - i);
            word[j - i] = '\0';
            phonetic_nysiis(word, out->street, sizeof(out->street));
            break;
        }
        i = j + 1;
    }
    compact_copy(out->address, out->address_compact, sizeof(out->address_compact));
    out->n_address_bigrams = bigrams_sorted(out->address_compact, out->address_bigrams);
    char loc[MATCH_TEXT_MAX];
    match_normalise(p->locality, false, loc, sizeof(loc));
    compact_copy(loc, out->locality, sizeof(out->locality));
}

/* ---- similarity measures ------------------------------------------------------------------- */

#define JW_MAX 127

double match_jaro_winkler(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > JW_MAX)
        la = JW_MAX;
    if (lb > JW_MAX)
        lb = JW_MAX;
    if (la == 0 && lb == 0)
        return 1.0;
    if (la == 0 || lb == 0)
        return 0.0;
    size_t longer = la > lb ? la : lb;
    size_t window = longer / 2 > 0 ? longer / 2 - 1 : 0;
    bool am[JW_MAX] = {false}, bm[JW_MAX] = {false};
    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > window ? i - window : 0;
        size_t hi = i + window + 1 < lb ? i + window + 1 : lb;
        for (size_t j = lo; j < hi; j++) {
            if (!bm[j] && a[i] == b[j]) {
                am[i] = bm[j] = true;
                m++;
                break;
            }
        }
    }
    if (m == 0)
        return 0.0;
    size_t t = 0, k = 0;
    for (size_t i = 0; i < la; i++) {
        if (!am[i])
            continue;
        while (!bm[k])
            k++;
        if (a[i] != b[k])
            t++;
        k++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t prefix = 0;
    while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
        prefix++;
    return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

/* True when a and b differ by exactly one substitution, insertion, deletion, or swap of two
 * adjacent characters. */
static bool one_edit_apart(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == lb) {
        size_t i = 0;
        while (i < la && a[i] == b[i])
            i++;
        if (i == la)
            return false;
        if (strcmp(a + i + 1, b + i + 1) == 0)
            return true;
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               strcmp(a + i + 2, b + i + 2) == 0;
    }
    if (la + 1 == lb || lb + 1 == la) {
        const char *s = la < lb ? a : b, *l = la < lb ? b : a;
        size_t i = 0;
        while (s[i] && s[i] == l[i])
            i++;
        return strcmp(s + i, l + i + 1) == 0;
    }
    return false;
}

/* ---- field comparisons --------------------------------------------------------------------- */

static bool forms_related(const struct match_pname *a, const struct match_pname *b)
{
    char wa[MATCH_TEXT_MAX], wb[MATCH_TEXT_MAX];
    pname_word(a, 0, wa);
    pname_word(b, 0, wb);
    for (size_t i = 0; i < a->n_forms; i++) {
        if (strcmp(a->forms[i], wb) == 0)
            return true;
        for (size_t j = 0; j < b->n_forms; j++)
            if (strcmp(a->forms[i], b->forms[j]) == 0)
                return true;
    }
    for (size_t j = 0; j < b->n_forms; j++)
        if (strcmp(b->forms[j], wa) == 0)
            return true;
    return false;
}

static double name_similarity(const struct match_pname *a, const struct match_pname *b)
{
    double jw = match_jaro_winkler(a->compact, b->compact);
    if (a->n_tok > 1 || b->n_tok > 1) {
        double jf = match_jaro_winkler(a->full, b->full);
        if (jf > jw)
            jw = jf;
    }
    return jw;
}

static enum given_level compare_given(const struct match_pname *a, const struct match_pname *b)
{
    if (!a->compact[0] || !b->compact[0])
        return G_MISSING;
    if (strcmp(a->compact, b->compact) == 0)
        return G_EXACT;
    if (pname_word_eq(a, 0, b, 0))
        return G_FIRST;
    if (forms_related(a, b))
        return G_NICKNAME;
    for (size_t i = 0; i < a->n_tok; i++)
        for (size_t j = 0; j < b->n_tok; j++)
            if (a->tok_len[i] > 1 && pname_word_eq(a, i, b, j))
                return G_OTHER_WORD;
    double jw = name_similarity(a, b);
    if (jw >= JW_SIMILAR)
        return G_SIMILAR;
    if (jw >= JW_SOUNDS_LIKE || (a->phon[0] && strcmp(a->phon, b->phon) == 0))
        return G_SOUNDS_LIKE;
    if ((a->tok_len[0] == 1 || b->tok_len[0] == 1) && a->full[0] == b->full[0])
        return G_INITIAL;
    return G_DIFFERS;
}

static enum family_level compare_family(const struct match_pname *a, const struct match_pname *b)
{
    if (!a->compact[0] || !b->compact[0])
        return F_MISSING;
    if (strcmp(a->compact, b->compact) == 0)
        return F_EXACT;
    double jw = name_similarity(a, b);
    /* One word of a double-barrelled name (or of a name with a particle) matches a word of the
     * other: "Smith-Jones" and "Jones". */
    if (a->n_tok > 1 || b->n_tok > 1)
        for (size_t i = 0; i < a->n_tok; i++)
            for (size_t j = 0; j < b->n_tok; j++)
                if (a->tok_len[i] > 1 && pname_word_eq(a, i, b, j))
                    return F_PART;
    if (jw >= JW_SIMILAR)
        return F_SIMILAR;
    if (jw >= JW_SOUNDS_LIKE || (a->phon[0] && strcmp(a->phon, b->phon) == 0))
        return F_SOUNDS_LIKE;
    return F_DIFFERS;
}

struct name_outcome {
    double given_w, family_w;
    uint64_t reasons;
};

/* Compares one name of the query with one of the candidate, straight and swapped. */
static struct name_outcome compare_names(const struct match_pname *qg, const struct match_pname *qf,
                                         const struct match_pname *cg, const struct match_pname *cf)
{
    struct name_outcome straight, swapped;
    enum given_level gl = compare_given(qg, cg);
    enum family_level fl = compare_family(qf, cf);
    straight.given_w = given_weight[gl];
    straight.family_w = family_weight[fl];
    straight.reasons = given_reason[gl] | family_reason[fl];

    enum family_level x1 = compare_family(qg, cf); /* query's given is the candidate's family */
    enum family_level x2 = compare_family(qf, cg);
    enum given_level xg = family_as_given[x2];
    swapped.given_w = given_weight[xg] - W_SWAP_PENALTY;
    swapped.family_w = family_weight[x1];
    swapped.reasons = given_reason[xg] | family_reason[x1] | MATCH_BIT(MATCH_R_NAMES_SWAPPED);
    bool swap_agrees = (x1 != F_MISSING && x1 != F_DIFFERS) || (x2 != F_MISSING && x2 != F_DIFFERS);
    if (swap_agrees && swapped.given_w + swapped.family_w > straight.given_w + straight.family_w)
        return swapped;
    return straight;
}

static void score_names(const struct match_prep *q, const struct match_prep *c,
                        struct match_result *r)
{
    struct name_outcome best = {0, 0, 0};
    bool have = false;
    for (size_t i = 0; i < q->n_names; i++) {
        for (size_t j = 0; j < c->n_names; j++) {
            struct name_outcome o = compare_names(&q->names[i].given, &q->names[i].family,
                                                  &c->names[j].given, &c->names[j].family);
            if (i || j) {
                o.given_w -= W_OTHER_NAME_PENALTY;
                o.reasons |= MATCH_BIT(MATCH_R_OTHER_NAME);
                if (!(o.reasons & ~(uint64_t)(MATCH_BIT(MATCH_R_OTHER_NAME) |
                                              MATCH_BIT(MATCH_R_NAMES_SWAPPED))))
                    continue; /* an alias that agrees on nothing says nothing */
            }
            if (!have || o.given_w + o.family_w > best.given_w + best.family_w) {
                best = o;
                have = true;
            }
        }
    }
    r->field_weight[MATCH_F_GIVEN] = best.given_w;
    r->field_weight[MATCH_F_FAMILY] = best.family_w;
    r->reasons |= best.reasons;
}

static int dob_precision(const struct pdate *d)
{
    return !d->year ? 0 : !d->month ? 1 : !d->day ? 2 : 3;
}

/* The first n_digits of d as YYYYMMDD (n_digits 4, 6 or 8), NUL-terminated. */
static void dob_digits(const struct pdate *d, int n_digits, char out[9])
{
    int v[3] = {d->year, d->month, d->day}, w[3] = {4, 2, 2};
    int at = 0;
    for (int f = 0; f < 3 && at < n_digits; f++) {
        int x = v[f] < 0 ? 0 : v[f];
        for (int k = w[f] - 1; k >= 0; k--) {
            out[at + k] = (char)('0' + x % 10);
            x /= 10;
        }
        at += w[f];
    }
    out[at] = '\0';
}

/* Records field f's weight and, unless reason is NO_REASON, why. */
#define NO_REASON (-1)
static void set_field(struct match_result *r, enum match_field f, double w, int reason)
{
    r->field_weight[f] = w;
    if (reason != NO_REASON)
        r->reasons |= MATCH_BIT(reason);
}

static void score_dob(const struct pdate *a, const struct pdate *b, struct match_result *r)
{
    int pa = dob_precision(a), pb = dob_precision(b);
    int p = pa < pb ? pa : pb;
    char sa[9], sb[9];
    const enum match_field f = MATCH_F_DOB;
    if (p == 0)
        return;
    if (p < 3) {
        /* Only as precise as the vaguer date. A year-month one digit out is weak evidence
         * (most months of the same year are one digit apart), a year one digit out none. */
        dob_digits(a, p == 2 ? 6 : 4, sa);
        dob_digits(b, p == 2 ? 6 : 4, sb);
        if (strcmp(sa, sb) == 0)
            set_field(r, f, p == 2 ? W_DOB_PARTIAL_MONTH : W_DOB_PARTIAL_YEAR, MATCH_R_DOB_PARTIAL);
        else if (p == 2 && one_edit_apart(sa, sb))
            set_field(r, f, W_DOB_PARTIAL_CLOSE, MATCH_R_DOB_ONE_DIGIT);
        else
            set_field(r, f, W_DOB_PARTIAL_DIFFERS, MATCH_R_DOB_DIFFERS);
        return;
    }
    dob_digits(a, 8, sa);
    dob_digits(b, 8, sb);
    if (strcmp(sa, sb) == 0)
        set_field(r, f, W_DOB_EXACT, MATCH_R_DOB_EXACT);
    else if (a->year == b->year && a->day == b->month && a->month == b->day)
        set_field(r, f, W_DOB_SWAPPED, MATCH_R_DOB_DAY_MONTH_SWAPPED);
    else if (one_edit_apart(sa, sb))
        set_field(r, f, W_DOB_ONE_DIGIT, MATCH_R_DOB_ONE_DIGIT);
    else if (a->year == b->year && a->month == b->month)
        set_field(r, f, W_DOB_YEAR_MONTH, MATCH_R_DOB_YEAR_MONTH);
    else if (a->month == b->month && a->day == b->day)
        set_field(r, f, W_DOB_DAY_MONTH, MATCH_R_DOB_DAY_MONTH);
    else
        set_field(r, f, W_DOB_DIFFERS, MATCH_R_DOB_DIFFERS);
}

static void score_postcode(const struct match_prep *a, const struct match_prep *b,
                           struct match_result *r)
{
    const enum match_field f = MATCH_F_POSTCODE;
    size_t oa = a->pc_outward_len, ob = b->pc_outward_len;
    bool uk = oa && oa == ob;
    if (!a->postcode[0] || !b->postcode[0])
        return;
    if (strcmp(a->postcode, b->postcode) == 0)
        set_field(r, f, W_PC_EXACT, MATCH_R_POSTCODE_EXACT);
    else if (uk && memcmp(a->postcode, b->postcode, oa + 2) == 0) /* "SW1A 1" */
        set_field(r, f, W_PC_SECTOR, MATCH_R_POSTCODE_SECTOR);
    else if (one_edit_apart(a->postcode, b->postcode))
        set_field(r, f, W_PC_ONE_CHAR, MATCH_R_POSTCODE_ONE_CHAR);
    else if (uk && memcmp(a->postcode, b->postcode, oa) == 0) /* "SW1A" */
        set_field(r, f, W_PC_DISTRICT, MATCH_R_POSTCODE_DISTRICT);
    else
        set_field(r, f, W_PC_DIFFERS, NO_REASON);
}

static void score_address(const struct match_prep *a, const struct match_prep *b,
                          struct match_result *r)
{
    const enum match_field f = MATCH_F_ADDRESS;
    if (!a->address[0] || !b->address[0])
        return;
    bool numbers_differ = a->house_no[0] && b->house_no[0] && strcmp(a->house_no, b->house_no);
    double dice = bigram_dice(a->address_bigrams, a->n_address_bigrams, b->address_bigrams,
                              b->n_address_bigrams);
    if (strcmp(a->address_compact, b->address_compact) == 0)
        set_field(r, f, W_ADDR_EXACT, MATCH_R_ADDRESS_EXACT);
    else if (dice >= DICE_SIMILAR && !numbers_differ)
        set_field(r, f, W_ADDR_SIMILAR, MATCH_R_ADDRESS_SIMILAR);
    else if (dice >= DICE_PARTIAL) /* the same street, perhaps another house */
        set_field(r, f, numbers_differ ? W_ADDR_PARTIAL / 2 : W_ADDR_PARTIAL,
                  MATCH_R_ADDRESS_PARTIAL);
    else
        set_field(r, f, W_ADDR_DIFFERS, NO_REASON);
}

static void score_locality(const struct match_prep *a, const struct match_prep *b,
                           struct match_result *r)
{
    const enum match_field f = MATCH_F_LOCALITY;
    if (!a->locality[0] || !b->locality[0])
        return;
    if (strcmp(a->locality, b->locality) == 0)
        set_field(r, f, W_LOC_EXACT, MATCH_R_LOCALITY);
    else if (match_jaro_winkler(a->locality, b->locality) >= JW_LOCALITY)
        set_field(r, f, W_LOC_SIMILAR, MATCH_R_LOCALITY);
    else
        set_field(r, f, W_LOC_DIFFERS, NO_REASON);
}

static void score_phones(const struct match_prep *a, const struct match_prep *b,
                         struct match_result *r)
{
    bool near = false;
    if (!a->n_phones || !b->n_phones)
        return;
    for (size_t i = 0; i < a->n_phones; i++) {
        for (size_t j = 0; j < b->n_phones; j++) {
            if (strcmp(a->phones[i], b->phones[j]) == 0) {
                set_field(r, MATCH_F_PHONE, W_PHONE_EXACT, MATCH_R_PHONE);
                return;
            }
            near = near || (strlen(a->phones[i]) == strlen(b->phones[j]) &&
                            one_edit_apart(a->phones[i], b->phones[j]));
        }
    }
    if (near)
        set_field(r, MATCH_F_PHONE, W_PHONE_ONE_DIGIT, MATCH_R_PHONE_ONE_DIGIT);
    else
        set_field(r, MATCH_F_PHONE, W_PHONE_DIFFERS, NO_REASON);
}

static void score_ids(const struct match_prep *a, const struct match_prep *b,
                      struct match_result *r)
{
    if (a->nhs[0] && b->nhs[0]) {
        bool same = strcmp(a->nhs, b->nhs) == 0;
        set_field(r, MATCH_F_NHS, same ? W_NHS_EXACT : W_NHS_DIFFERS,
                  same ? MATCH_R_NHS : MATCH_R_NHS_DIFFERS);
        r->outright = r->outright || same;
    }
    if (a->upn[0] && b->upn[0]) {
        bool same = strcmp(a->upn, b->upn) == 0;
        set_field(r, MATCH_F_UPN, same ? W_UPN_EXACT : W_UPN_DIFFERS,
                  same ? MATCH_R_UPN : MATCH_R_UPN_DIFFERS);
        r->outright = r->outright || same;
    }
    score_phones(a, b, r);
    if (a->email[0] && b->email[0]) {
        bool same = strcmp(a->email, b->email) == 0;
        set_field(r, MATCH_F_EMAIL, same ? W_EMAIL_EXACT : W_EMAIL_DIFFERS,
                  same ? MATCH_R_EMAIL : NO_REASON);
    }
    if (a->other_id[0] && b->other_id[0]) {
        const enum match_field f = MATCH_F_OTHER_ID;
        if (strcmp(a->other_id, b->other_id) == 0)
            set_field(r, f, W_ID_EXACT, MATCH_R_OTHER_ID);
        else if (one_edit_apart(a->other_id, b->other_id))
            set_field(r, f, W_ID_ONE_CHAR, MATCH_R_OTHER_ID_ONE_CHAR);
        else
            set_field(r, f, W_ID_DIFFERS, NO_REASON);
    }
}

void match_score_prepared(const struct match_prep *q, const struct match_prep *c,
                          struct match_result *out)
{
    memset(out, 0, sizeof(*out));
    score_ids(q, c, out);
    score_names(q, c, out);
    score_dob(&q->dob, &c->dob, out);
    if (q->sex && c->sex) {
        bool same = q->sex == c->sex;
        set_field(out, MATCH_F_SEX, same ? W_SEX_AGREE : W_SEX_DIFFERS,
                  same ? MATCH_R_SEX : MATCH_R_SEX_DIFFERS);
    }
    score_postcode(q, c, out);
    score_address(q, c, out);
    score_locality(q, c, out);
    double w = 0.0;
    for (int f = 0; f < MATCH_F_COUNT; f++)
        w += out->field_weight[f];
    out->weight = w;
    out->score = out->outright ? 1.0 : 1.0 / (1.0 + exp2(MATCH_PRIOR_BITS - w));
}

void match_score(const struct match_person *query, const struct match_person *cand,
                 struct match_result *out)
{
    struct match_prep q, c;
    match_prepare(query, &q);
    match_prepare(cand, &c);
    match_score_prepared(&q, &c, out);
}

/* ---- blocking keys ------------------------------------------------------------------------- */

static void key_add(struct match_keys *k, const char *key)
{
    if (!key[0])
        return;
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->key[i], key) == 0)
            return;
    if (k->n < MATCH_KEYS_MAX)
        snprintf(k->key[k->n++], MATCH_KEY_SIZE, "%s", key);
}

#define CODES_MAX 6
struct codes {
    size_t n;
    char c[CODES_MAX][MATCH_PHON_SIZE];
};

static void codes_add(struct codes *cs, const char *code)
{
    if (!code[0])
        return;
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->c[i], code) == 0)
            return;
    if (cs->n < CODES_MAX)
        snprintf(cs->c[cs->n++], MATCH_PHON_SIZE, "%s", code);
}

/* Phonetic codes of a family name: the whole, and each word of a name of several words. */
static void family_codes(const struct match_pname *pn, struct codes *cs)
{
    char w[MATCH_TEXT_MAX], code[MATCH_PHON_SIZE];
    codes_add(cs, pn->phon);
    for (size_t i = 0; pn->n_tok > 1 && i < pn->n_tok; i++) {
        if (pn->tok_len[i] < 2)
            continue;
        phonetic_nysiis(pname_word(pn, i, w), code, sizeof(code));
        codes_add(cs, code);
    }
}

/* Phonetic codes of a given name: the whole, the first word, and the first word's full forms. */
static void given_codes(const struct match_pname *pn, struct codes *cs)
{
    char w[MATCH_TEXT_MAX], code[MATCH_PHON_SIZE];
    codes_add(cs, pn->phon);
    if (pn->n_tok > 1 && pn->tok_len[0] > 1) {
        phonetic_nysiis(pname_word(pn, 0, w), code, sizeof(code));
        codes_add(cs, code);
    }
    for (size_t i = 0; i < pn->n_forms; i++) {
        phonetic_nysiis(pn->forms[i], code, sizeof(code));
        codes_add(cs, code);
    }
}

void match_blocking_keys_prepared(const struct match_prep *p, struct match_keys *out)
{
    char key[MATCH_KEY_SIZE * 2];
    out->n = 0;
    /* Identifiers. */
    if (p->nhs[0]) {
        snprintf(key, sizeof(key), "nhs:%s", p->nhs);
        key_add(out, key);
    }
    if (p->upn[0]) {
        snprintf(key, sizeof(key), "upn:%s", p->upn);
        key_add(out, key);
    }
    if (p->other_id[0]) {
        snprintf(key, sizeof(key), "id:%.30s", p->other_id);
        key_add(out, key);
    }
    for (size_t i = 0; i < p->n_phones; i++) {
        snprintf(key, sizeof(key), "ph:%s", p->phones[i]);
        key_add(out, key);
    }
    if (p->email[0]) {
        snprintf(key, sizeof(key), "em:%.36s", p->email);
        key_add(out, key);
    }
    /* Date of birth with day and month unordered: a day/month swap keeps the key. */
    const struct pdate *d = &p->dob;
    if (d->day) {
        int lo = d->day < d->month ? d->day : d->month, hi = d->day < d->month ? d->month : d->day;
        snprintf(key, sizeof(key), "dob:%04d%02d%02d", d->year % 10000, lo % 100, hi % 100);
        key_add(out, key);
    }
    /* Postcode. A UK postcode is a few dozen households, a key on its own; a postcode of
     * unknown shape may cover a town, so it is paired with each name's initial and with the
     * house number. */
    const struct match_pname *f0 = &p->names[0].family, *g0 = &p->names[0].given;
    if (p->postcode[0] && p->pc_outward_len) {
        snprintf(key, sizeof(key), "pc:%s", p->postcode);
        key_add(out, key);
    } else if (p->postcode[0]) {
        if (f0->compact[0]) {
            snprintf(key, sizeof(key), "pc:%.20s:%c", p->postcode, f0->compact[0]);
            key_add(out, key);
        }
        if (g0->compact[0]) {
            snprintf(key, sizeof(key), "pc:%.20s:%c", p->postcode, g0->compact[0]);
            key_add(out, key);
        }
        if (p->house_no[0]) {
            snprintf(key, sizeof(key), "pc:%.20s:%.8s", p->postcode, p->house_no);
            key_add(out, key);
        }
    }
    /* House number and street, with the family name's initial to keep the group small. */
    const struct match_pname *fam0 = &p->names[0].family, *giv0 = &p->names[0].given;
    if (p->house_no[0] && p->street[0] && fam0->compact[0]) {
        snprintf(key, sizeof(key), "ad:%s:%s:%c", p->house_no, p->street, fam0->compact[0]);
        key_add(out, key);
    }
    /* The first two letters of each name (order-free) with the birth year: survives a typo
     * anywhere after the second letter of both names. */
    if (d->year && strlen(fam0->compact) >= 2 && strlen(giv0->compact) >= 2) {
        int c = strncmp(fam0->compact, giv0->compact, 2);
        const char *x = c < 0 ? fam0->compact : giv0->compact;
        const char *y = c < 0 ? giv0->compact : fam0->compact;
        snprintf(key, sizeof(key), "py:%.2s+%.2s:%04d", x, y, d->year % 10000);
        key_add(out, key);
    }
    /* Names: sound-alike pairs (order-free, so swapped names keep them), and each family name
     * with the birth year, each given name with the birth year and month. */
    for (size_t n = 0; n < p->n_names; n++) {
        struct codes fam = {0}, giv = {0};
        family_codes(&p->names[n].family, &fam);
        given_codes(&p->names[n].given, &giv);
        for (size_t i = 0; i < fam.n; i++) {
            for (size_t j = 0; j < giv.n; j++) {
                int c = strcmp(fam.c[i], giv.c[j]);
                snprintf(key, sizeof(key), "nm:%s+%s", c < 0 ? fam.c[i] : giv.c[j],
                         c < 0 ? giv.c[j] : fam.c[i]);
                key_add(out, key);
            }
            if (d->year) {
                snprintf(key, sizeof(key), "fy:%s:%04d", fam.c[i], d->year % 10000);
                key_add(out, key);
            }
            snprintf(key, sizeof(key), "sn:%s", fam.c[i]);
            key_add(out, key);
            if (n == 0 && p->pc_outward_len) {
                snprintf(key, sizeof(key), "ps:%.*s:%s", (int)p->pc_outward_len + 2, p->postcode,
                         fam.c[i]);
                key_add(out, key);
            }
        }
        for (size_t j = 0; n == 0 && d->month && j < giv.n; j++) {
            snprintf(key, sizeof(key), "gy:%s:%04d%02d", giv.c[j], d->year % 10000, d->month % 100);
            key_add(out, key);
        }
        /* broad: a first name's sound alone, for a caller who gives only a first name */
        for (size_t j = 0; j < giv.n; j++) {
            snprintf(key, sizeof(key), "gn:%s", giv.c[j]);
            key_add(out, key);
        }
    }
}

bool match_key_is_broad(const char *key)
{
    return strncmp(key, "sn:", 3) == 0 || strncmp(key, "gn:", 3) == 0;
}

void match_blocking_keys(const struct match_person *p, struct match_keys *out)
{
    struct match_prep prep;
    match_prepare(p, &prep);
    match_blocking_keys_prepared(&prep, out);
}

/* ---- explanations -------------------------------------------------------------------------- */

static const struct {
    enum match_reason r;
    const char *text;
} reason_texts[] = {
    {MATCH_R_NHS, "same NHS number"},
    {MATCH_R_UPN, "same unique pupil number"},
    {MATCH_R_GIVEN_EXACT, "same given name"},
    {MATCH_R_GIVEN_FIRST, "same first name"},
    {MATCH_R_GIVEN_NICKNAME, "given name is a short form or nickname"},
    {MATCH_R_GIVEN_OTHER_WORD, "a middle name matches"},
    {MATCH_R_GIVEN_SIMILAR, "given name spelled similarly"},
    {MATCH_R_GIVEN_SOUNDS_LIKE, "given name sounds alike"},
    {MATCH_R_GIVEN_INITIAL, "same initial"},
    {MATCH_R_FAMILY_EXACT, "same family name"},
    {MATCH_R_FAMILY_PART, "part of a double-barrelled family name matches"},
    {MATCH_R_FAMILY_SIMILAR, "family name spelled similarly"},
    {MATCH_R_FAMILY_SOUNDS_LIKE, "family name sounds alike"},
    {MATCH_R_NAMES_SWAPPED, "given and family names swapped"},
    {MATCH_R_OTHER_NAME, "matched an alias or previous name"},
    {MATCH_R_DOB_EXACT, "same date of birth"},
    {MATCH_R_DOB_PARTIAL, "date of birth agrees as far as known"},
    {MATCH_R_DOB_DAY_MONTH_SWAPPED, "date of birth with day and month swapped"},
    {MATCH_R_DOB_ONE_DIGIT, "date of birth one digit apart"},
    {MATCH_R_DOB_YEAR_MONTH, "same month and year of birth"},
    {MATCH_R_DOB_DAY_MONTH, "same birthday, different year"},
    {MATCH_R_SEX, "same sex"},
    {MATCH_R_POSTCODE_EXACT, "same postcode"},
    {MATCH_R_POSTCODE_SECTOR, "same postcode sector"},
    {MATCH_R_POSTCODE_DISTRICT, "same postcode district"},
    {MATCH_R_POSTCODE_ONE_CHAR, "postcode one character apart"},
    {MATCH_R_ADDRESS_EXACT, "same address"},
    {MATCH_R_ADDRESS_SIMILAR, "similar address"},
    {MATCH_R_ADDRESS_PARTIAL, "address partly matches"},
    {MATCH_R_LOCALITY, "same town"},
    {MATCH_R_PHONE, "same phone number"},
    {MATCH_R_PHONE_ONE_DIGIT, "phone number one digit apart"},
    {MATCH_R_EMAIL, "same email address"},
    {MATCH_R_OTHER_ID, "same reference number"},
    {MATCH_R_OTHER_ID_ONE_CHAR, "reference number one character apart"},
    {MATCH_R_NHS_DIFFERS, "different NHS number"},
    {MATCH_R_UPN_DIFFERS, "different unique pupil number"},
    {MATCH_R_DOB_DIFFERS, "different date of birth"},
    {MATCH_R_SEX_DIFFERS, "different sex"},
};

const char *match_reason_text(enum match_reason r)
{
    for (size_t i = 0; i < sizeof(reason_texts) / sizeof(reason_texts[0]); i++)
        if (reason_texts[i].r == r)
            return reason_texts[i].text;
    return "";
}

void match_reasons_format(uint64_t reasons, struct buf *out)
{
    bool first = true;
    for (size_t i = 0; i < sizeof(reason_texts) / sizeof(reason_texts[0]); i++) {
        if (!(reasons & MATCH_BIT(reason_texts[i].r)))
            continue;
        if (!first)
            buf_adds(out, ", ");
        buf_adds(out, reason_texts[i].text);
        first = false;
    }
}

const char *match_field_name(enum match_field f)
{
    static const char *const names[MATCH_F_COUNT] = {
        [MATCH_F_NHS] = "nhs_number",    [MATCH_F_UPN] = "upn",
        [MATCH_F_GIVEN] = "given_name",  [MATCH_F_FAMILY] = "family_name",
        [MATCH_F_DOB] = "date_of_birth", [MATCH_F_SEX] = "sex",
        [MATCH_F_POSTCODE] = "postcode", [MATCH_F_ADDRESS] = "address",
        [MATCH_F_LOCALITY] = "locality", [MATCH_F_PHONE] = "phone",
        [MATCH_F_EMAIL] = "email",       [MATCH_F_OTHER_ID] = "other_id",
    };
    return f >= 0 && f < MATCH_F_COUNT ? names[f] : "";
}
