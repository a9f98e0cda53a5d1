/*
 * test_person_valid: NHS numbers (mod-11 check digit, the never-issued check value 10,
 * separators), UPNs (the DfE check letter, temporary UPNs, the first character), UK postcodes
 * (every outward shape, the letter rules, GIR 0AA, normal form), phone numbers, email addresses
 * and partial dates, each with the field named on error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/person_valid.h"

/* --- NHS number ------------------------------------------------------------------------------ */

static void assert_nhs_ok(const char *in, const char *expect)
{
    char out[PERSON_NHS_SIZE] = "";
    struct err_info info;
    if (person_valid_nhs_number(in, NULL, out, &info) != E_OK)
        fail_msg("NHS number '%s' refused: %s", in, info.message);
    assert_string_equal(out, expect);
}

static void assert_nhs_bad(const char *in)
{
    char out[PERSON_NHS_SIZE] = "untouched";
    struct err_info info;
    if (person_valid_nhs_number(in, NULL, out, &info) != E_INVALID)
        fail_msg("NHS number '%s' accepted", in ? in : "(null)");
    assert_string_equal(info.field, "nhs_number");
    assert_true(info.message[0] != '\0');
    assert_string_equal(out, "untouched");
}

static void test_nhs_valid(void **state)
{
    (void)state;
    assert_nhs_ok("9434765919", "9434765919");
    assert_nhs_ok("943 476 5919", "9434765919");
    assert_nhs_ok("943-476-5919", "9434765919");
    assert_nhs_ok(" 4010232137 ", "4010232137");
    /* Check value 11 is written as 0. */
    assert_nhs_ok("0000000019", "0000000019");
    assert_nhs_ok("1000000001", "1000000001");
}

static void test_nhs_invalid(void **state)
{
    (void)state;
    assert_nhs_bad("9434765918"); /* wrong check digit */
    assert_nhs_bad("9434765910");
    assert_nhs_bad("4010232138");
    /* 123456789 gives check value 10, which is never issued: no 10th digit makes it valid. */
    for (char c = '0'; c <= '9'; c++) {
        char s[11] = "123456789";
        s[9] = c;
        s[10] = '\0';
        assert_nhs_bad(s);
    }
    assert_nhs_bad("943476591");    /* 9 digits */
    assert_nhs_bad("94347659190");  /* 11 digits */
    assert_nhs_bad("94347659I9");   /* a letter */
    assert_nhs_bad("943.476.5919"); /* dots are not a separator */
    assert_nhs_bad("1111111111");   /* passes mod 11, but a placeholder */
    assert_nhs_bad("0000000000");
    assert_nhs_bad("");
    assert_nhs_bad("   ");
    assert_nhs_bad(NULL);
}

static void test_nhs_field_name(void **state)
{
    (void)state;
    char out[PERSON_NHS_SIZE];
    struct err_info info;
    assert_int_equal(person_valid_nhs_number("12", "subjects[0].nhs_number", out, &info),
                     E_INVALID);
    assert_string_equal(info.field, "subjects[0].nhs_number");
}

/* --- UPN ------------------------------------------------------------------------------------- */

static void test_upn(void **state)
{
    (void)state;
    char out[PERSON_UPN_SIZE];
    struct err_info info;
    /* B801200005001: 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 mod 23 = 1 -> B. */
    assert_int_equal(person_valid_upn("B801200005001", NULL, out, &info), E_OK);
    assert_string_equal(out, "B801200005001");
    assert_int_equal(person_valid_upn("b801 2000 05001", NULL, out, &info), E_OK);
    assert_string_equal(out, "B801200005001");
    assert_int_equal(person_valid_upn("L820400012345", NULL, out, &info), E_OK);
    /* Temporary UPNs end in a letter, valued as its place in ABCDEFGHJKLMNPQRTUVWXYZ. */
    assert_int_equal(person_valid_upn("T93610112345A", NULL, out, &info), E_OK);
    assert_int_equal(person_valid_upn("B20110300001T", NULL, out, &info), E_OK);

    const char *bad[] = {
        "A801200005001",                   /* wrong check letter */
        "C801200005001",  "L820400012346", /* one digit changed */
        "T93610112345B",                   /* temporary letter changed */
        "B20110300001O",                   /* O, I and S are not used */
        "B20110300001S",  "8801200005001", /* first character must be a letter */
        "B80120000500",                    /* 12 characters */
        "B8012000050011", "B8012X0005001", "", NULL,
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(out, sizeof(out), "%s", "untouched");
        if (person_valid_upn(bad[i], NULL, out, &info) != E_INVALID)
            fail_msg("UPN '%s' accepted", bad[i] ? bad[i] : "(null)");
        assert_string_equal(info.field, "upn");
        assert_string_equal(out, "untouched");
    }
}

/* --- postcode -------------------------------------------------------------------------------- */

static void assert_pc(const char *in, const char *expect)
{
    char out[PERSON_POSTCODE_SIZE] = "";
    struct err_info info;
    if (person_valid_postcode(in, NULL, out, &info) != E_OK)
        fail_msg("postcode '%s' refused", in);
    assert_string_equal(out, expect);
    assert_true(person_postcode_is_uk(out));
}

static void assert_pc_bad(const char *in)
{
    char out[PERSON_POSTCODE_SIZE];
    struct err_info info;
    if (person_valid_postcode(in, NULL, out, &info) != E_INVALID)
        fail_msg("postcode '%s' accepted", in ? in : "(null)");
    assert_string_equal(info.field, "postcode");
}

static void test_postcode(void **state)
{
    (void)state;
    assert_pc("SW1A 1AA", "SW1A 1AA"); /* AA9A */
    assert_pc("sw1a1aa", "SW1A 1AA");
    assert_pc("  s w1a 1 aa ", "SW1A 1AA");
    assert_pc("M1 1AE", "M1 1AE");     /* A9 */
    assert_pc("B33 8TH", "B33 8TH");   /* A99 */
    assert_pc("CR2 6XH", "CR2 6XH");   /* AA9 */
    assert_pc("DN55 1PT", "DN55 1PT"); /* AA99 */
    assert_pc("W1A 0AX", "W1A 0AX");   /* A9A */
    assert_pc("EC1A 1BB", "EC1A 1BB"); /* AA9A */
    assert_pc("ls11 5ab", "LS11 5AB");
    assert_pc("gir0aa", "GIR 0AA");    /* special case */
    assert_pc("ASCN 1ZZ", "ASCN 1ZZ"); /* overseas territory */

    assert_pc_bad("");
    assert_pc_bad(NULL);
    assert_pc_bad("SW1A");     /* outward only */
    assert_pc_bad("SW1A 1A");  /* short inward */
    assert_pc_bad("QA1 1AA");  /* Q never first */
    assert_pc_bad("AJ1 1AA");  /* J never second */
    assert_pc_bad("W1I 1AA");  /* I not allowed third in A9A */
    assert_pc_bad("EC1C 1AA"); /* C not allowed fourth in AA9A */
    assert_pc_bad("SW1A 1CA"); /* C never in the inward letters */
    assert_pc_bad("SW1A 1AK");
    assert_pc_bad("SW1A 11A");
    assert_pc_bad("2135");     /* Australian */
    assert_pc_bad("SW1A-1AA"); /* a dash is not a space */
    assert_pc_bad("SWW1A 1AA");
    assert_pc_bad("GIR 0AB");

    assert_false(person_postcode_is_uk("2135"));
    assert_false(person_postcode_is_uk("SW1A1AA"));
    assert_false(person_postcode_is_uk(NULL));
}

/* --- phone and email ------------------------------------------------------------------------- */

static void assert_phone(const char *in, const char *expect)
{
    char out[PERSON_PHONE_SIZE] = "";
    struct err_info info;
    if (person_valid_phone(in, NULL, out, &info) != E_OK)
        fail_msg("phone '%s' refused: %s", in, info.message);
    assert_string_equal(out, expect);
}

static void assert_phone_bad(const char *in)
{
    char out[PERSON_PHONE_SIZE];
    struct err_info info;
    if (person_valid_phone(in, NULL, out, &info) != E_INVALID)
        fail_msg("phone '%s' accepted as '%s'", in ? in : "(null)", out);
    assert_string_equal(info.field, "phone");
}

static void test_phone(void **state)
{
    (void)state;
    assert_phone("07700 900123", "07700900123");
    assert_phone("+44 7700 900123", "07700900123");
    assert_phone("+44 (0)20 7946 0000", "02079460000");
    assert_phone("0044 20 7946 0000", "02079460000");
    assert_phone("(020) 7946-0000", "02079460000");
    assert_phone("01632.960.001", "01632960001");
    assert_phone("016977 3456", "0169773456"); /* 10-digit UK number */
    assert_phone("+33 1 23 45 67 89", "+33123456789");
    assert_phone("0033 1 23 45 67 89", "+33123456789");
    /* the UK code in brackets is still the UK code: once kept as "+442079460000", a form
     * that normalising again changed (found by fuzz_person_valid) */
    assert_phone("+(44) 20 7946 0000", "02079460000");
    assert_phone("+4(4) 20 7946 0000", "02079460000");
    assert_phone_bad("+4(4)0 322 49");

    assert_phone_bad("");
    assert_phone_bad(NULL);
    assert_phone_bad("999");
    assert_phone_bad("7700 900123");      /* no leading 0 */
    assert_phone_bad("077009001234567");  /* too long for the UK */
    assert_phone_bad("07700 900123 x12"); /* extension */
    assert_phone_bad("07700+900123");
    assert_phone_bad("+1 234");
}

static void test_email(void **state)
{
    (void)state;
    char out[PERSON_EMAIL_SIZE];
    struct err_info info;
    assert_int_equal(person_valid_email(" Jo.Bloggs+care@Example.GOV.uk ", NULL, out, &info), E_OK);
    assert_string_equal(out, "Jo.Bloggs+care@example.gov.uk");
    assert_int_equal(person_valid_email("a@b.co", NULL, out, &info), E_OK);

    const char *bad[] = {
        "",
        "plainaddress",
        "@example.com",
        "jo@",
        "jo@example",
        "jo@@example.com",
        "jo bloggs@example.com",
        "jo@exa mple.com",
        "jo@-example.com",
        "jo@example-.com",
        "jo@example.c",
        "jo@example.123",
        ".jo@example.com",
        "jo.@example.com",
        "j..o@example.com",
        "jo@example..com",
        "jo@example.com.",
        NULL,
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (person_valid_email(bad[i], NULL, out, &info) != E_INVALID)
            fail_msg("email '%s' accepted", bad[i] ? bad[i] : "(null)");
        assert_string_equal(info.field, "email");
    }
    char longest[300];
    memset(longest, 'a', sizeof(longest));
    memcpy(longest + 250, "@x.uk", 6);
    assert_int_equal(person_valid_email(longest, NULL, out, &info), E_INVALID);
}

/* --- partial dates --------------------------------------------------------------------------- */

static void assert_date(const char *in, int y, int m, int d)
{
    struct pdate out = {-1, -1, -1};
    struct err_info info;
    if (person_valid_date_parse(in, "date_of_birth", &out, &info) != E_OK)
        fail_msg("date '%s' refused: %s", in ? in : "(null)", info.message);
    assert_int_equal(out.year, y);
    assert_int_equal(out.month, m);
    assert_int_equal(out.day, d);
    char back[PERSON_DATE_SIZE];
    person_valid_date_format(&out, back);
    if (in && in[0] != ' ')
        assert_string_equal(back, in);
}

static void assert_date_bad(const char *in)
{
    struct pdate out = {7, 7, 7};
    struct err_info info;
    if (person_valid_date_parse(in, "date_of_birth", &out, &info) != E_INVALID)
        fail_msg("date '%s' accepted", in);
    assert_string_equal(info.field, "date_of_birth");
    assert_int_equal(out.year, 7); /* untouched */
}

static void test_date_parse(void **state)
{
    (void)state;
    assert_date("2010-05-14", 2010, 5, 14);
    assert_date("2010-05", 2010, 5, 0);
    assert_date("2010", 2010, 0, 0);
    assert_date("", 0, 0, 0);
    assert_date(NULL, 0, 0, 0);
    assert_date("2000-02-29", 2000, 2, 29); /* divisible by 400: leap */
    assert_date("2024-02-29", 2024, 2, 29);
    assert_date(" 1951-01-14 ", 1951, 1, 14);

    assert_date_bad("1900-02-29"); /* divisible by 100: not leap */
    assert_date_bad("2023-02-29");
    assert_date_bad("2010-04-31");
    assert_date_bad("2010-13-01");
    assert_date_bad("2010-00");
    assert_date_bad("2010-05-00");
    assert_date_bad("0000");
    assert_date_bad("1800-01-01");
    assert_date_bad("2010-5-14");
    assert_date_bad("14/05/2010");
    assert_date_bad("2010-05-14T00:00");
    assert_date_bad("2010-");
    assert_date_bad("2010-05-");
    assert_date_bad("soon");
}

static void test_date_rules(void **state)
{
    (void)state;
    struct err_info info;
    struct pdate today = {2026, 3, 10};
    struct pdate day_only = {2010, 0, 14}, month_no_year = {0, 5, 0};
    assert_int_equal(person_valid_date_check(&day_only, NULL, &info), E_INVALID);
    assert_int_equal(person_valid_date_check(&month_no_year, NULL, &info), E_INVALID);

    struct pdate past = {2010, 5, 14}, future = {2026, 3, 11}, this_month = {2026, 3, 0};
    struct pdate next_year = {2027, 0, 0}, ancient = {1880, 1, 1}, unknown = {0, 0, 0};
    assert_int_equal(person_valid_dob(&past, &today, NULL, &info), E_OK);
    assert_int_equal(person_valid_dob(&this_month, &today, NULL, &info), E_OK);
    assert_int_equal(person_valid_dob(&unknown, &today, NULL, &info), E_OK);
    assert_int_equal(person_valid_dob(&future, &today, NULL, &info), E_INVALID);
    assert_string_equal(info.field, "date_of_birth");
    assert_int_equal(person_valid_dob(&next_year, &today, NULL, &info), E_INVALID);
    assert_int_equal(person_valid_dob(&ancient, &today, NULL, &info), E_INVALID);

    struct pdate due = {2026, 9, 0}, due_day = {2027, 1, 10}, too_far = {2027, 1, 11};
    struct pdate due_year = {2026, 0, 0};
    assert_int_equal(person_valid_expected_dob(&due, &today, NULL, &info), E_OK);
    assert_int_equal(person_valid_expected_dob(&due_day, &today, NULL, &info), E_OK);
    assert_int_equal(person_valid_expected_dob(&too_far, &today, NULL, &info), E_INVALID);
    assert_string_equal(info.field, "expected_date_of_birth");
    assert_int_equal(person_valid_expected_dob(&due_year, &today, NULL, &info), E_INVALID);
}

static void test_date_compare(void **state)
{
    (void)state;
    struct pdate a = {2010, 5, 14}, b = {2010, 5, 0}, c = {2010, 0, 0}, d = {2010, 6, 1};
    struct pdate e = {2009, 12, 31}, u = {0, 0, 0};
    assert_int_equal(person_valid_date_compare(&a, &b), 0);
    assert_int_equal(person_valid_date_compare(&a, &c), 0);
    assert_int_equal(person_valid_date_compare(&a, &u), 0);
    assert_true(person_valid_date_compare(&a, &d) < 0);
    assert_true(person_valid_date_compare(&d, &b) > 0);
    assert_true(person_valid_date_compare(&e, &c) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nhs_valid),      cmocka_unit_test(test_nhs_invalid),
        cmocka_unit_test(test_nhs_field_name), cmocka_unit_test(test_upn),
        cmocka_unit_test(test_postcode),       cmocka_unit_test(test_phone),
        cmocka_unit_test(test_email),          cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_rules),     cmocka_unit_test(test_date_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
