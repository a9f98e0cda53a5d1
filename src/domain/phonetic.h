/*
 * phonetic: sound-alike keys for names, so that "Thompson" and "Tomson" or "Catherine" and
 * "Katharine" land in the same place. It implements NYSIIS (New York State Identification and
 * Intelligence System, 1970), which was designed for surnames and beats Soundex on them. It is
 * not a similarity measure (see match_jaro_winkler) and knows nothing of nicknames.
 */
#ifndef FD_DOMAIN_PHONETIC_H
#define FD_DOMAIN_PHONETIC_H

#include <stddef.h>

/* Writes the NYSIIS key of the ASCII letters in `in` (other characters are ignored, case does
 * not matter) to out, upper-case, truncated to cap - 1 characters (the classic key keeps 6;
 * callers choose). An input with no letters gives "". cap must be at least 1. */
void phonetic_nysiis(const char *in, char *out, size_t cap);

#endif
