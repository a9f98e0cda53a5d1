/*
 * utf8: cutting UTF-8 text at a character boundary, so that a limit in characters (as the
 * contact's summary has) never splits a character. It does not validate: give it valid UTF-8
 * (domain/contact's utf8_length checks validity).
 */
#ifndef FD_CORE_UTF8_H
#define FD_CORE_UTF8_H

#include <stddef.h>

/* Byte length of the longest prefix of s holding at most max_chars characters. */
size_t utf8_prefix(const char *s, long max_chars);

#endif
