/*
 * person_synth: made-up persons for benchmarks (`frontdoor bench search`). Persons come in
 * households that share an address and usually a family name; family names follow a long-tailed
 * frequency (a list of common British surnames weighted roughly by how common they are, plus
 * thousands of rarer invented ones); given names depend on sex and are weighted too; ages run
 * from newborn to old age with fewer of the very old; postcodes have the Royal Mail shapes and
 * each covers a dozen or so households on one street; some persons have an NHS number (with a
 * valid check digit), a mobile number, a previous family name. Every name list here was written
 * for this generator; none of it describes a real person. Deterministic for a seed.
 */
#ifndef FD_CLI_PERSON_SYNTH_H
#define FD_CLI_PERSON_SYNTH_H

#include <stdint.h>

#include "domain/person.h"

struct person_synth {
    uint64_t state; /* the random generator */
    /* the household being filled */
    int left_in_household;
    char family[64];
    char line1[128], locality[64], postcode[16];
    int adult_birth_year;
    int64_t n_households;
    int64_t n_made;
    const struct pdate *today;
};

/* Starts a generator with seed; today is borrowed for the generator's life. */
void person_synth_init(struct person_synth *g, uint64_t seed, const struct pdate *today);
/* Fills *p (person_init first) with the next person; it passes person_validate. */
void person_synth_next(struct person_synth *g, struct person *p);

/* A copy of p as a caller might type it: with probability in percent, each of a typo in the
 * family name, a nickname or typo in the given name, an unknown or day/month-swapped date of
 * birth, no postcode. Uses g's random numbers. */
void person_synth_blur(struct person_synth *g, const struct person *p, struct person *out);

/* A uniform random number in [0, n). */
uint64_t person_synth_below(struct person_synth *g, uint64_t n);

#endif
