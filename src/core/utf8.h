/*
 * utf8: cutting UTF-8 text at a character boundary, so that a limit in characters (as the
 * contact's summary has) never splits a character, and telling a well-formed character from
 * bytes that are not one. utf8_prefix does not validate: give it valid UTF-8 (domain/contact's
 * utf8_length checks validity).
 */
#ifndef FD_CORE_UTF8_H
#define FD_CORE_UTF8_H

#include <stddef.h>

/* Byte length of the longest prefix of s holding at most max_chars characters. */
size_t utf8_prefix(const char *s, long max_chars);

/* Bytes in the well-formed UTF-8 character at p (RFC 3629: no overlong form, no surrogate,
 * nothing above U+10FFFF), or 0 when p does not start one. p must be NUL-terminated: a
 * sequence cut short fails at its NUL before anything past it is read. */
size_t utf8_char_size(const char *p);

#endif
