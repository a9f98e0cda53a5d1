/*
 * person_valid: the checks and normal forms for what identifies a person (requirement X2, issue
 * 3): NHS number (mod-11 check digit), Unique Pupil Number (DfE check letter), UK postcode,
 * phone number, email address, and partial dates of birth ("2010-05-14", "2010-05", "2010" or
 * unknown). Each check returns E_OK or E_INVALID with err_info naming the field, and writes the
 * stored form into a caller-owned buffer. It is pure string work: it does not know whether a
 * postcode or NHS number exists, and it does not match persons (that is domain/match).
 */
#ifndef FD_DOMAIN_PERSON_VALID_H
#define FD_DOMAIN_PERSON_VALID_H

#include <stdbool.h>

#include "core/err.h"

/* Buffer sizes (including the NUL) for the normal forms written below. */
#define PERSON_NHS_SIZE 11     /* "9434765919" */
#define PERSON_UPN_SIZE 14     /* "B801200005001" */
#define PERSON_POSTCODE_SIZE 9 /* "SW1A 1AA" */
#define PERSON_PHONE_SIZE 17   /* "07700900123", "+33123456789" */
#define PERSON_EMAIL_SIZE 255  /* 254 characters at most */
#define PERSON_DATE_SIZE 11    /* "2010-05-14", "2010-05", "2010", "" */

/*
 * A date that may be known only in part: {2010, 5, 0} is May 2010, {2010, 0, 0} the year 2010,
 * {0, 0, 0} unknown. A day is never known without its month, nor a month without its year.
 */
struct pdate {
    int year;  /* 0 = unknown */
    int month; /* 1..12, 0 = unknown */
    int day;   /* 1..31, 0 = unknown */
};

/*
 * Each check below: `in` is what the user typed (NULL or "" is invalid: a caller with an
 * optional field tests for emptiness first); `field` names the input in err_info (NULL gives
 * the default in brackets); `out` receives the normal form and is untouched on error.
 */

/* NHS number [nhs_number]: 10 digits once spaces and dashes are removed, the 10th a mod-11
 * check digit over the first nine (weights 10..2; a check value of 10 is never issued). A
 * number of ten identical digits passes mod 11 but is a placeholder, and is refused. */
enum err person_valid_nhs_number(const char *in, const char *field, char out[PERSON_NHS_SIZE],
                                 struct err_info *info) MUST_CHECK;

/* Unique Pupil Number [upn]: a check letter, 11 digits, then a digit or (temporary UPN) a letter
 * other than I, O, S; case-insensitive, written upper-case. The check letter is the DfE one:
 * characters 2..13 weighted 2..13 (a letter in place 13 counts as its index in the check
 * alphabet ABCDEFGHJKLMNPQRTUVWXYZ), summed, modulo 23, indexing that alphabet. */
enum err person_valid_upn(const char *in, const char *field, char out[PERSON_UPN_SIZE],
                          struct err_info *info) MUST_CHECK;

/* UK postcode [postcode]: spaces anywhere, any case; written upper-case with one space before
 * the inward part ("sw1a1aa" -> "SW1A 1AA"). Checks the Royal Mail shapes (A9, A99, AA9, AA99,
 * A9A, AA9A + 9AA) and their letter rules, plus GIR 0AA and the overseas territories' "AAAA 1ZZ"
 * codes. It does not check that the postcode exists. */
enum err person_valid_postcode(const char *in, const char *field, char out[PERSON_POSTCODE_SIZE],
                               struct err_info *info) MUST_CHECK;

/* True when the (already normalised) postcode is one person_valid_postcode accepts, so that
 * its sector ("SW1A 1") and district ("SW1A") mean something. */
bool person_postcode_is_uk(const char *normalised);

/* Phone number [phone]: spaces, dashes, dots and brackets dropped; "+44", "0044" and "+44 (0)"
 * become "0". A UK number is then 0 and 9 or 10 more digits; any other international number
 * keeps its "+" and has 8 to 15 digits. */
enum err person_valid_phone(const char *in, const char *field, char out[PERSON_PHONE_SIZE],
                            struct err_info *info) MUST_CHECK;

/* Email [email]: surrounding spaces trimmed; one "@"; a local part of 1..64 printable
 * characters without spaces; a domain of dot-separated labels (letters, digits, inner hyphens)
 * with a top-level label of two or more letters; 254 characters at most. The domain is written
 * lower-case, the local part as given. It does not check that the address can receive mail. */
enum err person_valid_email(const char *in, const char *field, char out[PERSON_EMAIL_SIZE],
                            struct err_info *info) MUST_CHECK;

/* Partial date [date]: "YYYY-MM-DD", "YYYY-MM", "YYYY", or "" / NULL for unknown (all zero).
 * The year is 1850..2200 and the day must exist in its month (leap years counted). */
enum err person_valid_date_parse(const char *in, const char *field, struct pdate *out,
                                 struct err_info *info) MUST_CHECK;

/* Checks the invariants of d (as parse does) without text [date]. */
enum err person_valid_date_check(const struct pdate *d, const char *field,
                                 struct err_info *info) MUST_CHECK;

/* A date of birth [date_of_birth]: a valid partial date, not after today (full date). An
 * expected date of birth for an unborn child [expected_date_of_birth] must instead be known to
 * the month, and fall no later than 10 months after today. */
enum err person_valid_dob(const struct pdate *dob, const struct pdate *today, const char *field,
                          struct err_info *info) MUST_CHECK;
enum err person_valid_expected_dob(const struct pdate *due, const struct pdate *today,
                                   const char *field, struct err_info *info) MUST_CHECK;

/* Writes d as parse reads it ("2010-05-14", "2010-05", "2010", ""). */
void person_valid_date_format(const struct pdate *d, char out[PERSON_DATE_SIZE]);

/* Compares the known prefix of two dates: <0, 0, >0, where 0 means "agree as far as both are
 * known" ({2010,5,0} and {2010,5,14} compare equal). */
int person_valid_date_compare(const struct pdate *a, const struct pdate *b);

#endif
