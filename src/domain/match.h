/*
 * match: finding the person a caller means among those already recorded (requirement X2).
 * Two stages. Blocking: match_blocking_keys gives each person a few short keys (date of birth
 * with day and month unordered, postcode, sound-alike name pairs, name with birth year,
 * identifiers...); the store indexes (key, person) and a search fetches the persons sharing any
 * key with the query, a bounded number per key. Scoring: match_score compares the query with one
 * candidate field by field, Fellegi–Sunter style — each field's level of agreement adds a weight
 * in bits (log2 of how much likelier that level is between records of one person than between
 * records of two), missing fields add nothing — and says which fields agreed and how. An exact
 * NHS number or UPN wins outright.
 *
 * It is not storage, and not a decision: it ranks and explains; a person decides. It holds no
 * state: the nickname table and weights are constants. Text is UTF-8; accents in the Latin-1
 * range are folded ("Zoë" = "Zoe"); other non-ASCII letters are ignored. See
 * docs/person-matching.md for the method, the weights and the measured quality.
 */
#ifndef FD_DOMAIN_MATCH_H
#define FD_DOMAIN_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "domain/person_valid.h"

/* One name: an alias, previous name or "known as". Either part may be NULL. Borrowed. */
struct match_name {
    const char *given;
    const char *family;
};

/*
 * The fields of a person that matching looks at. Every pointer is borrowed for the duration of
 * the call, may be NULL or "" (unknown), and is expected in its normal form where person_valid
 * defines one (postcode "SW1A 1AA", NHS number of 10 digits, phone "07700900123"); free text
 * (names, address) may be as typed.
 */
struct match_person {
    const char *given;                    /* all given names, "Mary Anne" */
    const char *family;                   /* "Smith-Jones" */
    const struct match_name *other_names; /* aliases, previous names, known-as */
    size_t n_other_names;                 /* only the first MATCH_OTHER_NAMES_MAX are used */
    struct pdate dob;                     /* or expected date of birth for the unborn */
    char sex;                             /* 'M', 'F'; anything else is unknown */
    const char *postcode;
    const char *nhs;
    const char *upn;
    const char *const *phones; /* normalised phone numbers */
    size_t n_phones;           /* only the first MATCH_PHONES_MAX are used */
    const char *email;
    const char *other_id; /* another identifier (local case number...): credit for equal or
                             one typo apart, never an outright win */
    const char *address;  /* house number, street and so on, one line */
    const char *locality; /* town or village */
};

#define MATCH_OTHER_NAMES_MAX 4
#define MATCH_PHONES_MAX 3
#define MATCH_TEXT_MAX 64 /* normalised names and localities are cut to 63 bytes */
#define MATCH_ADDRESS_MAX 128
#define MATCH_TOKENS_MAX 4 /* words per name part that are compared separately */
#define MATCH_FORMS_MAX 4  /* full forms kept for a given name ("harry": henry, harold...) */
#define MATCH_PHON_SIZE 9  /* phonetic key: 8 letters */

/* A name part after normalisation. */
struct match_pname {
    char full[MATCH_TEXT_MAX];    /* "mary anne": lower-case letters, one space between words */
    char compact[MATCH_TEXT_MAX]; /* "maryanne" */
    char phon[MATCH_PHON_SIZE];   /* phonetic key of compact */
    uint8_t n_tok;
    uint8_t tok_start[MATCH_TOKENS_MAX]; /* words of full */
    uint8_t tok_len[MATCH_TOKENS_MAX];
    uint8_t n_forms; /* given names: full forms of the first word (static strings) */
    const char *forms[MATCH_FORMS_MAX];
};

/*
 * A person prepared for matching: every field normalised once, so that scoring many candidates
 * against one query does no text clean-up. Self-contained (no pointers into the source person
 * except the static nickname strings); about 2.7 KB; fine on the stack. Fields are read by
 * match.c only.
 */
struct match_prep {
    size_t n_names; /* names[0] is the person's name, then the other names */
    struct {
        struct match_pname given;
        struct match_pname family;
    } names[1 + MATCH_OTHER_NAMES_MAX];
    struct pdate dob;
    char sex;
    char postcode[16];      /* upper-case, one space at most */
    uint8_t pc_outward_len; /* UK postcodes: length of the outward code, else 0 */
    char nhs[PERSON_NHS_SIZE];
    char upn[PERSON_UPN_SIZE];
    size_t n_phones;
    char phones[MATCH_PHONES_MAX][PERSON_PHONE_SIZE];
    char email[MATCH_ADDRESS_MAX];
    char other_id[32];
    char address[MATCH_ADDRESS_MAX]; /* lower-case letters and digits, words one space apart */
    char address_compact[MATCH_ADDRESS_MAX];     /* the same without spaces */
    uint16_t address_bigrams[MATCH_ADDRESS_MAX]; /* its character pairs, sorted */
    size_t n_address_bigrams;
    char house_no[16];             /* the first word with a digit in it, if any */
    char street[MATCH_PHON_SIZE];  /* phonetic key of the first word of 3+ letters after it */
    char locality[MATCH_TEXT_MAX]; /* compact */
};

/* Fills out from p. */
void match_prepare(const struct match_person *p, struct match_prep *out);

/* The fields scored, in the order of match_result.field_weight. */
enum match_field {
    MATCH_F_NHS,
    MATCH_F_UPN,
    MATCH_F_GIVEN,
    MATCH_F_FAMILY,
    MATCH_F_DOB,
    MATCH_F_SEX,
    MATCH_F_POSTCODE,
    MATCH_F_ADDRESS,
    MATCH_F_LOCALITY,
    MATCH_F_PHONE,
    MATCH_F_EMAIL,
    MATCH_F_OTHER_ID,
    MATCH_F_COUNT
};

/* Why a candidate scored: which fields agreed, and how. Each reason is a bit number in
 * match_result.reasons (test with MATCH_BIT); at most one level per field is set. */
#define MATCH_BIT(r) (1ull << (r))
enum match_reason {
    MATCH_R_NHS = 0, /* same NHS number: outright */
    MATCH_R_UPN = 1, /* same UPN: outright */
    MATCH_R_GIVEN_EXACT = 2,
    MATCH_R_GIVEN_FIRST = 3,       /* same first given name, other given names differ */
    MATCH_R_GIVEN_NICKNAME = 4,    /* Bill / William */
    MATCH_R_GIVEN_OTHER_WORD = 5,  /* a middle name matches a first name */
    MATCH_R_GIVEN_SIMILAR = 6,     /* a typo or two */
    MATCH_R_GIVEN_SOUNDS_LIKE = 7, /* same phonetic key or loosely similar */
    MATCH_R_GIVEN_INITIAL = 8,
    MATCH_R_FAMILY_EXACT = 9,
    MATCH_R_FAMILY_PART = 10, /* one part of a double-barrelled name */
    MATCH_R_FAMILY_SIMILAR = 11,
    MATCH_R_FAMILY_SOUNDS_LIKE = 12,
    MATCH_R_NAMES_SWAPPED = 13, /* given and family names entered the other way */
    MATCH_R_OTHER_NAME = 14,    /* the names agreed through an alias/previous name */
    MATCH_R_DOB_EXACT = 15,
    MATCH_R_DOB_PARTIAL = 16, /* agree as far as the less precise date goes */
    MATCH_R_DOB_DAY_MONTH_SWAPPED = 17,
    MATCH_R_DOB_ONE_DIGIT = 18,  /* one digit wrong or two adjacent digits swapped */
    MATCH_R_DOB_YEAR_MONTH = 19, /* same year and month, different day */
    MATCH_R_DOB_DAY_MONTH = 20,  /* same day and month, different year */
    MATCH_R_SEX = 21,
    MATCH_R_POSTCODE_EXACT = 22,
    MATCH_R_POSTCODE_SECTOR = 23,
    MATCH_R_POSTCODE_DISTRICT = 24,
    MATCH_R_POSTCODE_ONE_CHAR = 25,
    MATCH_R_ADDRESS_EXACT = 26,
    MATCH_R_ADDRESS_SIMILAR = 27,
    MATCH_R_ADDRESS_PARTIAL = 28,
    MATCH_R_LOCALITY = 29,
    MATCH_R_PHONE = 30,
    MATCH_R_PHONE_ONE_DIGIT = 31,
    MATCH_R_EMAIL = 32,
    MATCH_R_OTHER_ID = 33,
    MATCH_R_OTHER_ID_ONE_CHAR = 34,
    /* Strong disagreements, so that a reader sees why a likely-looking record scored low. */
    MATCH_R_NHS_DIFFERS = 40,
    MATCH_R_UPN_DIFFERS = 41,
    MATCH_R_DOB_DIFFERS = 42,
    MATCH_R_SEX_DIFFERS = 43,
};

/*
 * Weight is the sum of the fields' weights in bits; score maps it to [0, 1] as the chance that
 * the two records are one person if, before looking, that chance was 1 in 2^MATCH_PRIOR_BITS
 * (about one in a million): score = 1 / (1 + 2^(MATCH_PRIOR_BITS - weight)). An outright
 * identifier match has score 1. Rank by (outright, weight); show score and reasons.
 */
#define MATCH_PRIOR_BITS 20.0

struct match_result {
    double weight;
    double score;
    bool outright;
    uint64_t reasons; /* MATCH_BIT(enum match_reason) ORed */
    double field_weight[MATCH_F_COUNT];
};

/* Scores cand against query. Symmetric in what agrees; both may be partial. */
void match_score(const struct match_person *query, const struct match_person *cand,
                 struct match_result *out);
/* The same on prepared persons: prepare the query once, then score each candidate. */
void match_score_prepared(const struct match_prep *query, const struct match_prep *cand,
                          struct match_result *out);

/*
 * Blocking keys. Keys are short ASCII strings, "dob:19510114", "pc:SW1A 1AA", "nm:JAN+SNAT"...
 * Two records of one person share at least one key unless nearly every field was changed; each
 * key names a small group of people (no bare sex or year; a bare family name only as a broad
 * key, below), so that a posting list stays
 * in the tens to low hundreds on a population of a million. Keys depend only on the record, so
 * the same function serves indexing and searching.
 */
#define MATCH_KEY_SIZE 40
/* Changes whenever the keys a record gets change: a store that finds its index built with
 * another version must rebuild it. */
#define MATCH_KEYS_VERSION 2 /* 2: broad first-name keys "gn:" */
#define MATCH_KEYS_MAX 48

struct match_keys {
    size_t n;
    char key[MATCH_KEYS_MAX][MATCH_KEY_SIZE];
};

/* Writes p's keys to out, without duplicates (at most MATCH_KEYS_MAX; extra are dropped).
 * Besides the bounded keys there are broad ones (a family name's sound alone, "sn:SNAT", and a
 * given name's, "gn:CALAN"): index them all, but search with a query's broad keys only when its
 * bounded keys find nobody, so that "everyone called Nowak" (or "a girl called Kayleigh") is
 * possible without making every search pay for it. */
void match_blocking_keys(const struct match_person *p, struct match_keys *out);
void match_blocking_keys_prepared(const struct match_prep *p, struct match_keys *out);

/* True for a broad key (see above). */
bool match_key_is_broad(const char *key);

/* Short lower-case phrase for one reason bit ("given name is a nickname"); static. */
const char *match_reason_text(enum match_reason r);
/* Appends the phrases for every bit in reasons, comma-separated, to out. */
void match_reasons_format(uint64_t reasons, struct buf *out);
/* Stable field name ("given_name", "date_of_birth"...) for APIs; static. */
const char *match_field_name(enum match_field f);

/* Building blocks, exported for tests and for other modules' fuzzy comparisons. */

/* Jaro–Winkler similarity in [0, 1] of two byte strings (prefix scale 0.1, up to 4). Strings
 * longer than 127 bytes are compared on their first 127. */
double match_jaro_winkler(const char *a, const char *b);

/* Normalises text for comparison into out (cap bytes): Latin-1 accents folded, lower-case,
 * apostrophes removed ("O'Brien" -> "obrien"), every other non-letter a word break, words one
 * space apart; digits kept when keep_digits. Returns the length. */
size_t match_normalise(const char *in, bool keep_digits, char *out, size_t cap);

#endif
