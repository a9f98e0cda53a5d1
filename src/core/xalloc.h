/*
 * xalloc: allocation that aborts with a message on failure, so callers need no NULL checks.
 * Sizes that come from input must be capped by the caller before they get here.
 */
#ifndef FD_CORE_XALLOC_H
#define FD_CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);                 /* caller frees */
void *xcalloc(size_t n, size_t size);       /* caller frees */
void *xrealloc(void *p, size_t size);       /* caller frees the result */
char *xstrdup(const char *s);               /* caller frees; NULL in gives NULL out */
char *xstrndup(const char *s, size_t len);  /* caller frees */

#endif
