/*
 * fuzz_person_valid: what a person's record takes from a form or an import — NHS number, UPN,
 * postcode, phone, email, a partial date of birth — through person_valid, one value per line of
 * the input, each line tried as every kind. Checks that a normal form is NUL-terminated inside
 * its buffer and is itself accepted and left unchanged (normalising twice changes nothing), and
 * that a date is written back as text that parses to the same date (a date of birth accepted is
 * not after today, an expected one is known to the month), and that every postcode it
 * accepts is one person_postcode_is_uk recognises (the person search relies on its sectors).
 */
#include "domain/person_valid.h"
#include "fuzz.h"

#define LINES_MAX 8

/* Runs check on in; when it accepts, checks the normal form is a fixed point. */
#define CHECK_IDEMPOTENT(check, size, in)                                                          \
    do {                                                                                           \
        char first[size], second[size];                                                            \
        struct err_info info = {0};                                                                \
        if (check(in, NULL, first, &info) == E_OK) {                                               \
            FUZZ_CHECK(memchr(first, '\0', sizeof(first)) != NULL);                                \
            FUZZ_CHECK(check(first, NULL, second, &info) == E_OK);                                 \
            FUZZ_CHECK(strcmp(first, second) == 0);                                                \
        }                                                                                          \
    } while (0)

static void check_date(const char *in)
{
    struct pdate d, again;
    struct err_info info = {0};
    if (person_valid_date_parse(in, NULL, &d, &info) != E_OK)
        return;
    FUZZ_CHECK(person_valid_date_check(&d, NULL, &info) == E_OK);
    char text[PERSON_DATE_SIZE];
    person_valid_date_format(&d, text);
    FUZZ_CHECK(person_valid_date_parse(text, NULL, &again, &info) == E_OK);
    FUZZ_CHECK(person_valid_date_compare(&d, &again) == 0);
    FUZZ_CHECK(d.year == again.year && d.month == again.month && d.day == again.day);
    struct pdate today = {2026, 11, 23};
    if (person_valid_dob(&d, &today, NULL, &info) == E_OK)
        FUZZ_CHECK(person_valid_date_compare(&d, &today) <= 0);
    if (person_valid_expected_dob(&d, &today, NULL, &info) == E_OK)
        FUZZ_CHECK(d.month != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy;
    const char *lines[LINES_MAX];
    size_t n = fuzz_split(data, size, &copy, lines, LINES_MAX);
    for (size_t i = 0; i < n; i++) {
        CHECK_IDEMPOTENT(person_valid_nhs_number, PERSON_NHS_SIZE, lines[i]);
        CHECK_IDEMPOTENT(person_valid_upn, PERSON_UPN_SIZE, lines[i]);
        CHECK_IDEMPOTENT(person_valid_postcode, PERSON_POSTCODE_SIZE, lines[i]);
        CHECK_IDEMPOTENT(person_valid_phone, PERSON_PHONE_SIZE, lines[i]);
        CHECK_IDEMPOTENT(person_valid_email, PERSON_EMAIL_SIZE, lines[i]);
        check_date(lines[i]);
        char postcode[PERSON_POSTCODE_SIZE];
        struct err_info info = {0};
        if (person_valid_postcode(lines[i], NULL, postcode, &info) == E_OK)
            FUZZ_CHECK(person_postcode_is_uk(postcode));
    }
    free(copy);
    return 0;
}
