/*
 * nickname: English given-name variants and their full forms — Bill, Billy, Will and Liam are
 * William; Bex and Becky are Rebecca; Liz, Beth and Betty are Elizabeth. Names are compared in
 * the normal form match uses (lower-case ASCII letters, no spaces). It is a fixed table, not a
 * similarity measure: "Jon" and "John" agree here only because the table says so.
 */
#ifndef FD_DOMAIN_NICKNAME_H
#define FD_DOMAIN_NICKNAME_H

#include <stdbool.h>
#include <stddef.h>

/* No variant in the table has more full forms than this. */
#define NICKNAME_MAX_FORMS 6

/* Writes up to max full forms of the variant `name` (static strings) to out, and returns how
 * many; 0 when name is not a known variant (a full name maps to nothing but itself). */
size_t nickname_full_forms(const char *name, const char **out, size_t max);

/* True when a and b are the same name, or one is a full form of the other, or both are variants
 * of one full form ("bill" and "will"; "bex" and "rebecca"). */
bool nickname_related(const char *a, const char *b);

/* The table, for tests and documentation: row i's variant (static), its full form in *full;
 * NULL past the end. */
size_t nickname_count(void);
const char *nickname_row(size_t i, const char **full);

#endif
