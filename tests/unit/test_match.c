/*
 * test_match: person matching — Jaro–Winkler against published values, normalisation (accents,
 * apostrophes, double-barrelled names), NYSIIS sound-alikes, the nickname table (sorted, bounded
 * and Bill/William, Bex/Rebecca), then scoring and blocking on the cases requirement X2 names:
 * nicknames, swapped names, day/month swaps, partial dates, double-barrelled and changed family
 * names, missing fields, and identifiers that win outright. Each scoring case also checks that
 * the right person outranks a plausible wrong one, and that the two records share a blocking key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "domain/match.h"
#include "domain/nickname.h"
#include "domain/phonetic.h"

/* --- building blocks ------------------------------------------------------------------------- */

static void assert_jw(const char *a, const char *b, double expect)
{
    double got = match_jaro_winkler(a, b);
    if (got < expect - 0.0005 || got > expect + 0.0005)
        fail_msg("jaro-winkler(%s, %s) = %.4f, expected %.3f", a, b, got, expect);
    double back = match_jaro_winkler(b, a);
    if (back < got - 1e-9 || back > got + 1e-9)
        fail_msg("jaro-winkler(%s, %s) not symmetric", a, b);
}

static void test_jaro_winkler(void **state)
{
    (void)state;
    /* The values in Winkler (1990) and the usual references. */
    assert_jw("MARTHA", "MARHTA", 0.961);
    assert_jw("DIXON", "DICKSONX", 0.813);
    assert_jw("DWAYNE", "DUANE", 0.840);
    assert_jw("JONES", "JOHNSON", 0.832);
    assert_jw("ABC", "ABC", 1.0);
    assert_jw("ABC", "XYZ", 0.0);
    assert_jw("", "", 1.0);
    assert_jw("A", "", 0.0);
}

static void assert_norm(const char *in, bool digits, const char *expect)
{
    char out[MATCH_TEXT_MAX];
    size_t n = match_normalise(in, digits, out, sizeof(out));
    assert_string_equal(out, expect);
    assert_int_equal(n, strlen(expect));
}

static void test_normalise(void **state)
{
    (void)state;
    assert_norm("O'Brien", false, "obrien");
    assert_norm("O\xe2\x80\x99"
                "Brien",
                false, "obrien"); /* typographic apostrophe */
    assert_norm("Smith-Jones", false, "smith jones");
    assert_norm("  JOS\xc3\x89   Mar\xc3\xad"
                "a ",
                false, "jose maria");
    assert_norm("Zo\xc3\xab", false, "zoe");
    assert_norm("Stra\xc3\x9f"
                "e",
                false, "strasse");
    assert_norm("\xc3\x86thelred", false, "aethelred");
    assert_norm("Ren\xe9", false, "rene"); /* a stray Latin-1 byte */
    assert_norm("Flat 3, 12 Acacia Ave.", true, "flat 3 12 acacia ave");
    assert_norm("Flat 3, 12 Acacia Ave.", false, "flat acacia ave");
    assert_norm("\xe5\xbc\xa0 Wei", false, "wei"); /* letters outside Latin-1 are dropped */
    assert_norm(NULL, false, "");
    char small[6];
    match_normalise("Bartholomew", false, small, sizeof(small));
    assert_string_equal(small, "barth");
}

static void assert_sounds_alike(const char *a, const char *b)
{
    char ka[MATCH_PHON_SIZE], kb[MATCH_PHON_SIZE];
    phonetic_nysiis(a, ka, sizeof(ka));
    phonetic_nysiis(b, kb, sizeof(kb));
    if (strcmp(ka, kb) != 0)
        fail_msg("%s (%s) and %s (%s) should sound alike", a, ka, b, kb);
}

static void test_nysiis(void **state)
{
    (void)state;
    char k[MATCH_PHON_SIZE];
    phonetic_nysiis("Smith", k, sizeof(k));
    assert_string_equal(k, "SNAT");
    phonetic_nysiis("Knight", k, sizeof(k));
    assert_string_equal(k, "NAGT");
    assert_sounds_alike("catherine", "katharine");
    assert_sounds_alike("macdonald", "mcdonald");
    assert_sounds_alike("philips", "phillips");
    assert_sounds_alike("brown", "browne");
    assert_sounds_alike("johnson", "jonson");
    phonetic_nysiis("", k, sizeof(k));
    assert_string_equal(k, "");
    phonetic_nysiis("123", k, sizeof(k));
    assert_string_equal(k, "");
    phonetic_nysiis("Wolfeschlegelsteinhausen", k, 4);
    assert_int_equal(strlen(k), 3);
}

static void test_nickname_table(void **state)
{
    (void)state;
    size_t n = nickname_count();
    assert_true(n > 300);
    const char *prev = "", *full;
    for (size_t i = 0; i < n; i++) {
        const char *v = nickname_row(i, &full);
        if (strcmp(prev, v) > 0)
            fail_msg("nickname table not sorted at '%s' after '%s'", v, prev);
        assert_string_not_equal(v, full);
        const char *forms[NICKNAME_MAX_FORMS + 1];
        assert_true(nickname_full_forms(v, forms, NICKNAME_MAX_FORMS + 1) <= NICKNAME_MAX_FORMS);
        prev = v;
    }
    assert_null(nickname_row(n, &full));

    assert_true(nickname_related("bill", "william"));
    assert_true(nickname_related("william", "billy"));
    assert_true(nickname_related("bill", "will")); /* both William */
    assert_true(nickname_related("bex", "rebecca"));
    assert_true(nickname_related("becky", "bex"));
    assert_true(nickname_related("liz", "elizabeth"));
    assert_true(nickname_related("beth", "betty"));
    assert_true(nickname_related("sam", "samuel"));
    assert_true(nickname_related("sam", "samantha"));
    assert_false(nickname_related("samuel", "samantha"));
    assert_false(nickname_related("john", "james"));
    assert_false(nickname_related("", "william"));
    const char *forms[NICKNAME_MAX_FORMS];
    assert_int_equal(nickname_full_forms("william", forms, NICKNAME_MAX_FORMS), 0);
    assert_int_equal(nickname_full_forms("bill", forms, NICKNAME_MAX_FORMS), 1);
    assert_string_equal(forms[0], "william");
}

/* --- scoring --------------------------------------------------------------------------------- */

static struct match_person person(const char *given, const char *family, int y, int m, int d,
                                  const char *postcode)
{
    struct match_person p;
    memset(&p, 0, sizeof(p));
    p.given = given;
    p.family = family;
    p.dob.year = y;
    p.dob.month = m;
    p.dob.day = d;
    p.postcode = postcode;
    return p;
}

static struct match_result score(const struct match_person *q, const struct match_person *c)
{
    struct match_result r;
    match_score(q, c, &r);
    assert_true(r.score >= 0.0 && r.score <= 1.0);
    return r;
}

static bool has(const struct match_result *r, enum match_reason why)
{
    return (r->reasons & MATCH_BIT(why)) != 0;
}

static bool share_key(const struct match_person *a, const struct match_person *b)
{
    struct match_keys ka, kb;
    match_blocking_keys(a, &ka);
    match_blocking_keys(b, &kb);
    for (size_t i = 0; i < ka.n; i++)
        for (size_t j = 0; j < kb.n; j++)
            if (strcmp(ka.key[i], kb.key[j]) == 0)
                return true;
    return false;
}

/* The query finds `right` (sharing a key, scoring above `wrong`) for the stated reason. */
static void assert_found(const struct match_person *q, const struct match_person *right,
                         const struct match_person *wrong, enum match_reason why)
{
    struct match_result r = score(q, right), w = score(q, wrong);
    struct buf b = BUF_INIT;
    match_reasons_format(r.reasons, &b);
    if (!has(&r, why))
        fail_msg("expected reason '%s', got: %s", match_reason_text(why), b.data);
    if (!(r.weight > w.weight))
        fail_msg("right %.1f not above wrong %.1f (%s)", r.weight, w.weight, b.data);
    if (!share_key(q, right))
        fail_msg("no blocking key shared (%s)", b.data);
    buf_release(&b);
}

static void test_nicknames(void **state)
{
    (void)state;
    struct match_person q = person("Bill", "Turner", 1951, 1, 14, "LS11 5AB");
    struct match_person right = person("William", "Turner", 1951, 1, 14, "LS11 5AB");
    struct match_person wrong = person("Wilma", "Turner", 1951, 1, 14, "LS11 5AB");
    assert_found(&q, &right, &wrong, MATCH_R_GIVEN_NICKNAME);
    assert_true(score(&q, &right).score > 0.99);

    struct match_person bex = person("Bex", "Okafor", 2009, 6, 2, NULL);
    struct match_person rebecca = person("Rebecca", "Okafor", 2009, 6, 2, NULL);
    struct match_person beatrice = person("Beatrice", "Okafor", 2009, 6, 2, NULL);
    assert_found(&bex, &rebecca, &beatrice, MATCH_R_GIVEN_NICKNAME);
}

static void test_typos_and_accents(void **state)
{
    (void)state;
    struct match_person q = person("Katharine", "Thompsen", 1980, 7, 3, "M1 1AE");
    struct match_person right = person("Catherine", "Thompson", 1980, 7, 3, "M1 1AE");
    struct match_person wrong = person("Karen", "Tomlinson", 1980, 7, 3, "M1 1AE");
    assert_found(&q, &right, &wrong, MATCH_R_FAMILY_SIMILAR);

    struct match_person zoe = person("Zoe", "Bronte", 2012, 2, 29, NULL);
    struct match_person zoe2 = person("Zo\xc3\xab", "Bront\xc3\xab", 2012, 2, 29, NULL);
    struct match_result r = score(&zoe, &zoe2);
    assert_true(has(&r, MATCH_R_GIVEN_EXACT));
    assert_true(has(&r, MATCH_R_FAMILY_EXACT));
}

static void test_swapped_names(void **state)
{
    (void)state;
    struct match_person q = person("Smith", "John", 1990, 11, 5, NULL);
    struct match_person right = person("John", "Smith", 1990, 11, 5, NULL);
    struct match_person wrong = person("Jon", "Smythe", 1990, 11, 5, NULL);
    assert_found(&q, &right, &wrong, MATCH_R_NAMES_SWAPPED);
    struct match_result r = score(&q, &right);
    assert_true(has(&r, MATCH_R_GIVEN_EXACT) && has(&r, MATCH_R_FAMILY_EXACT));
    /* Straight names are not reported as swapped. */
    r = score(&right, &right);
    assert_false(has(&r, MATCH_R_NAMES_SWAPPED));
}

static void test_dob_day_month_swapped(void **state)
{
    (void)state;
    struct match_person q = person("Amira", "Hassan", 2014, 4, 3, NULL);
    struct match_person right = person("Amira", "Hassan", 2014, 3, 4, NULL);
    struct match_person wrong = person("Amira", "Hassan", 2011, 9, 23, NULL);
    assert_found(&q, &right, &wrong, MATCH_R_DOB_DAY_MONTH_SWAPPED);
    struct match_result r = score(&q, &wrong);
    assert_true(has(&r, MATCH_R_DOB_DIFFERS));
    assert_true(r.field_weight[MATCH_F_DOB] < 0);
}

static void test_dob_near_and_partial(void **state)
{
    (void)state;
    struct match_person full = person("Leon", "Marsh", 2010, 5, 14, NULL);
    struct match_person typo = person("Leon", "Marsh", 2010, 5, 17, NULL);
    struct match_person ym = person("Leon", "Marsh", 2010, 5, 0, NULL);
    struct match_person y = person("Leon", "Marsh", 2010, 0, 0, NULL);
    struct match_person other_year = person("Leon", "Marsh", 2013, 5, 14, NULL);
    struct match_person far = person("Leon", "Marsh", 1987, 10, 30, NULL);

    struct match_result r_exact = score(&full, &full), r_typo = score(&full, &typo);
    struct match_result r_ym = score(&ym, &full), r_y = score(&y, &full);
    struct match_result r_oy = score(&full, &other_year), r_far = score(&full, &far);
    assert_true(has(&r_exact, MATCH_R_DOB_EXACT));
    assert_true(has(&r_typo, MATCH_R_DOB_ONE_DIGIT));
    assert_true(has(&r_ym, MATCH_R_DOB_PARTIAL));
    assert_true(has(&r_y, MATCH_R_DOB_PARTIAL));
    assert_true(has(&r_oy, MATCH_R_DOB_ONE_DIGIT)); /* 2010 / 2013 */
    assert_true(has(&r_far, MATCH_R_DOB_DIFFERS));
    /* More agreement, more weight; a partial date that agrees beats a full one that differs. */
    assert_true(r_exact.weight > r_ym.weight);
    assert_true(r_ym.weight > r_y.weight);
    assert_true(r_ym.weight > r_typo.weight);
    assert_true(r_y.weight > r_far.weight);
    /* A month known on one side only cannot disagree with the other. */
    struct match_person june = person("Leon", "Marsh", 2010, 6, 0, NULL);
    struct match_result r_june = score(&june, &full);
    assert_false(has(&r_june, MATCH_R_DOB_PARTIAL));
    assert_true(r_june.weight < r_ym.weight);
    assert_true(share_key(&full, &typo));
    assert_true(share_key(&ym, &full));
}

static void test_double_barrelled(void **state)
{
    (void)state;
    struct match_person q = person("Ella", "Jones", 2016, 8, 19, "CR2 6XH");
    struct match_person right = person("Ella", "Smith-Jones", 2016, 8, 19, "CR2 6XH");
    struct match_person wrong = person("Ella", "Johnston", 2016, 8, 19, "CR2 6XH");
    assert_found(&q, &right, &wrong, MATCH_R_FAMILY_PART);
    /* Written with a space or run together. */
    struct match_person spaced = person("Ella", "Smith Jones", 2016, 8, 19, NULL);
    struct match_person run = person("Ella", "Smithjones", 2016, 8, 19, NULL);
    struct match_result r = score(&spaced, &right);
    assert_true(has(&r, MATCH_R_FAMILY_EXACT));
    r = score(&run, &right);
    assert_true(has(&r, MATCH_R_FAMILY_EXACT));
}

static void test_changed_surname(void **state)
{
    (void)state;
    /* Married and moved her name, not her birthday or home. */
    struct match_person q = person("Sarah", "Patel", 1985, 2, 11, "B33 8TH");
    struct match_person right = person("Sarah", "Brennan", 1985, 2, 11, "B33 8TH");
    struct match_person wrong = person("Sarah", "Patel", 1993, 9, 27, "DN55 1PT");
    struct match_result r = score(&q, &right), w = score(&q, &wrong);
    assert_true(r.weight > w.weight);
    assert_true(r.score > 0.9);
    assert_true(r.field_weight[MATCH_F_FAMILY] < 0);
    assert_true(has(&r, MATCH_R_DOB_EXACT) && has(&r, MATCH_R_POSTCODE_EXACT));
    assert_true(share_key(&q, &right));

    /* With the previous name recorded as an other name, the names agree too. */
    struct match_name prev = {"Sarah", "Patel"};
    right.other_names = &prev;
    right.n_other_names = 1;
    struct match_result r2 = score(&q, &right);
    assert_true(has(&r2, MATCH_R_OTHER_NAME) && has(&r2, MATCH_R_FAMILY_EXACT));
    assert_true(r2.weight > r.weight);
}

static void test_missing_fields(void **state)
{
    (void)state;
    struct match_person q = person(NULL, "Nowak", 0, 0, 0, NULL);
    struct match_person c = person("Piotr", "Nowak", 1972, 12, 1, "EC1A 1BB");
    struct match_result r = score(&q, &c);
    for (int f = 0; f < MATCH_F_COUNT; f++)
        if (f != MATCH_F_FAMILY && r.field_weight[f] != 0.0)
            fail_msg("missing field %s weighed %.1f", match_field_name(f), r.field_weight[f]);
    assert_true(has(&r, MATCH_R_FAMILY_EXACT));
    assert_true(r.weight > 0);
    /* A bare family name is only a broad key: for a search that has nothing better. */
    struct match_keys k;
    match_blocking_keys(&q, &k);
    assert_int_equal(k.n, 1);
    assert_true(match_key_is_broad(k.key[0]));
    assert_true(share_key(&q, &c));

    struct match_person empty;
    memset(&empty, 0, sizeof(empty));
    r = score(&empty, &c);
    assert_true(r.weight == 0.0);
    assert_true(r.reasons == 0);
    match_blocking_keys(&empty, &k);
    assert_int_equal(k.n, 0);
}

static void test_identifiers(void **state)
{
    (void)state;
    struct match_person q = person("Jo", "Bloggs", 0, 0, 0, NULL);
    struct match_person c = person("Joanne", "Parker", 1999, 1, 1, "SW1A 1AA");
    q.nhs = "9434765919";
    c.nhs = "9434765919";
    struct match_result r = score(&q, &c);
    assert_true(r.outright);
    assert_true(r.score == 1.0);
    assert_true(has(&r, MATCH_R_NHS));
    assert_true(share_key(&q, &c));

    /* Two different NHS numbers: strong evidence of two people, even with the same name. */
    struct match_person same = person("Jo", "Bloggs", 0, 0, 0, NULL);
    same.nhs = "4010232137";
    r = score(&q, &same);
    assert_false(r.outright);
    assert_true(has(&r, MATCH_R_NHS_DIFFERS));
    assert_true(r.score < 0.01);

    struct match_person u1 = person("Kai", "Lee", 2015, 3, 3, NULL);
    struct match_person u2 = person("Kai", "Li", 2015, 3, 3, NULL);
    u1.upn = "B801200005001";
    u2.upn = "b801200005001";
    r = score(&u1, &u2);
    assert_true(r.outright && has(&r, MATCH_R_UPN));

    /* A phone or reference number one digit out still counts, but never outright. */
    const char *p1[] = {"07700900123"}, *p2[] = {"07700900132", "01632960001"};
    struct match_person a = person("Ann", "Ito", 0, 0, 0, NULL);
    struct match_person b = person("Ann", "Ito", 0, 0, 0, NULL);
    a.phones = p1;
    a.n_phones = 1;
    b.phones = p2;
    b.n_phones = 2;
    a.other_id = "4431563";
    b.other_id = "4431536";
    r = score(&a, &b);
    assert_false(r.outright);
    assert_true(has(&r, MATCH_R_PHONE_ONE_DIGIT) && has(&r, MATCH_R_OTHER_ID_ONE_CHAR));
    b.phones = p1;
    b.n_phones = 1;
    r = score(&a, &b);
    assert_true(has(&r, MATCH_R_PHONE));
}

static void test_address(void **state)
{
    (void)state;
    struct match_person q = person("Tom", "Reid", 1960, 1, 1, "LS6 2AB");
    struct match_person right = person("Tom", "Reid", 1960, 1, 1, "LS6 2AD");
    struct match_person wrong = person("Tom", "Reid", 1960, 1, 1, "LS6 2AD");
    q.address = "12 Acacia Avenue";
    right.address = "12 Accacia Av.";
    wrong.address = "14 Acacia Avenue";
    q.locality = right.locality = wrong.locality = "Leeds";
    struct match_result r = score(&q, &right), w = score(&q, &wrong);
    assert_true(has(&r, MATCH_R_POSTCODE_SECTOR));
    assert_true(has(&r, MATCH_R_ADDRESS_SIMILAR) || has(&r, MATCH_R_ADDRESS_PARTIAL));
    assert_true(has(&r, MATCH_R_LOCALITY));
    assert_true(r.weight > w.weight); /* the neighbour at 14 scores less */

    struct match_person far = person("Tom", "Reid", 1960, 1, 1, "LS9 7ZZ");
    r = score(&q, &far);
    assert_true(has(&r, MATCH_R_POSTCODE_DISTRICT) == false);
    assert_true(r.field_weight[MATCH_F_POSTCODE] < 0);
    struct match_person district = person("Tom", "Reid", 1960, 1, 1, "LS6 9ZZ");
    r = score(&q, &district);
    assert_true(has(&r, MATCH_R_POSTCODE_DISTRICT));
}

static void test_sex(void **state)
{
    (void)state;
    struct match_person a = person("Sam", "Ward", 2001, 5, 5, NULL);
    struct match_person b = person("Sam", "Ward", 2001, 5, 5, NULL);
    a.sex = 'M';
    b.sex = 'F';
    struct match_result differ = score(&a, &b);
    b.sex = 'U';
    struct match_result unknown = score(&a, &b);
    b.sex = 'M';
    struct match_result same = score(&a, &b);
    assert_true(has(&differ, MATCH_R_SEX_DIFFERS) && has(&same, MATCH_R_SEX));
    assert_true(unknown.field_weight[MATCH_F_SEX] == 0.0);
    assert_true(same.weight > unknown.weight && unknown.weight > differ.weight);
}

static void test_reasons_text(void **state)
{
    (void)state;
    struct match_person q = person("Bill", "Turner", 1951, 1, 14, "LS11 5AB");
    struct match_person c = person("William", "Turner", 1951, 1, 14, "LS11 5AB");
    struct match_result r = score(&q, &c);
    struct buf b = BUF_INIT;
    match_reasons_format(r.reasons, &b);
    assert_string_equal(b.data, "given name is a short form or nickname, same family name, "
                                "same date of birth, same postcode");
    buf_release(&b);
    assert_string_equal(match_field_name(MATCH_F_DOB), "date_of_birth");
    assert_string_equal(match_reason_text(MATCH_R_NAMES_SWAPPED), "given and family names swapped");
}

static void test_blocking_keys(void **state)
{
    (void)state;
    struct match_person p = person("Mary Anne", "Smith-Jones", 1951, 1, 14, "sw1a1aa");
    p.nhs = "9434765919";
    p.sex = 'F';
    struct match_keys k;
    match_blocking_keys(&p, &k);
    bool dob = false, pc = false, nhs = false;
    size_t broad = 0;
    for (size_t i = 0; i < k.n; i++) {
        broad += match_key_is_broad(k.key[i]);
        assert_non_null(strchr(k.key[i], ':'));
        assert_true(strncmp(k.key[i], "sex", 3) != 0);
        dob = dob || strcmp(k.key[i], "dob:19510114") == 0;
        pc = pc || strcmp(k.key[i], "pc:SW1A 1AA") == 0;
        nhs = nhs || strcmp(k.key[i], "nhs:9434765919") == 0;
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(k.key[i], k.key[j]);
    }
    assert_true(dob && pc && nhs);
    /* sn: for smithjones, smith and jones; gn: for "mary anne" and mary */
    assert_int_equal(broad, 5);
    bool gn_mary = false;
    for (size_t i = 0; i < k.n; i++)
        gn_mary = gn_mary || (strncmp(k.key[i], "gn:", 3) == 0 && match_key_is_broad(k.key[i]));
    assert_true(gn_mary);
    /* A postcode of unknown shape may cover a town: it is keyed with each name's initial. */
    struct match_person abroad = person("Jack", "White", 0, 0, 0, "2135");
    abroad.address = "3 Light Street";
    match_blocking_keys(&abroad, &k);
    bool pc_f = false, pc_g = false, pc_no = false;
    for (size_t i = 0; i < k.n; i++) {
        assert_string_not_equal(k.key[i], "pc:2135");
        pc_f = pc_f || strcmp(k.key[i], "pc:2135:w") == 0;
        pc_g = pc_g || strcmp(k.key[i], "pc:2135:j") == 0;
        pc_no = pc_no || strcmp(k.key[i], "pc:2135:3") == 0;
    }
    assert_true(pc_f && pc_g && pc_no);
    /* Day and month swapped give the same date key. */
    struct match_person sw = person("X", "Y", 1951, 4, 3, NULL);
    struct match_person st = person("Q", "Z", 1951, 3, 4, NULL);
    assert_true(share_key(&sw, &st));
    /* Sex alone, or a year alone, gives nothing. */
    struct match_person weak;
    memset(&weak, 0, sizeof(weak));
    weak.sex = 'M';
    weak.dob.year = 1980;
    match_blocking_keys(&weak, &k);
    assert_int_equal(k.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jaro_winkler),
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_nysiis),
        cmocka_unit_test(test_nickname_table),
        cmocka_unit_test(test_nicknames),
        cmocka_unit_test(test_typos_and_accents),
        cmocka_unit_test(test_swapped_names),
        cmocka_unit_test(test_dob_day_month_swapped),
        cmocka_unit_test(test_dob_near_and_partial),
        cmocka_unit_test(test_double_barrelled),
        cmocka_unit_test(test_changed_surname),
        cmocka_unit_test(test_missing_fields),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_address),
        cmocka_unit_test(test_sex),
        cmocka_unit_test(test_reasons_text),
        cmocka_unit_test(test_blocking_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
