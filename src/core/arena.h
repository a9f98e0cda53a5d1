/*
 * arena: a bump allocator that frees everything at once. Each HTTP request owns one, released
 * when the response completes, so request-scoped code rarely calls free. Not thread-safe: an
 * arena belongs to one request at a time.
 */
#ifndef FD_CORE_ARENA_H
#define FD_CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
};

void arena_init(struct arena *a);
void arena_release(struct arena *a); /* frees every allocation made from a */
/* Zeroed memory, aligned for any type, owned by the arena. Aborts on out-of-memory. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s); /* NULL in gives NULL out */
char *arena_strndup(struct arena *a, const char *s, size_t len);

#endif
