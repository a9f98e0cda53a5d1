/*
 * buf: a growable byte buffer whose data is never NULL and always NUL-terminated. It is the
 * one way strings are built in frontdoor. str is a non-owning view. Neither does encoding.
 */
#ifndef FD_CORE_BUF_H
#define FD_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* owned unless it points at buf_empty */
    size_t len;
    size_t cap;
};

struct str {
    const char *p; /* borrowed */
    size_t len;
};

#define BUF_INIT {buf_empty, 0, 0}
extern char buf_empty[1];

void buf_init(struct buf *b);
void buf_release(struct buf *b); /* frees the data; b is then as after buf_init */
void buf_reset(struct buf *b);   /* len = 0, keeps the allocation */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the data to the caller (caller frees) and re-initialises b. */
char *buf_detach(struct buf *b, size_t *len_out);

#endif
