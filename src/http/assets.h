/*
 * assets: the web app's static files, compiled into the binary by tools/embed.c at build time.
 * Lookup only; serving (headers, caching) is in http/static.c.
 */
#ifndef FD_HTTP_ASSETS_H
#define FD_HTTP_ASSETS_H

#include <stddef.h>

struct asset {
    const char *path; /* URL path, e.g. "/static/app.js" */
    const char *content_type;
    const char *etag; /* quoted, ready for the ETag header */
    const unsigned char *data;
    size_t len;
};

extern const struct asset assets_table[];
extern const unsigned long assets_count;

/* The schema migrations, src/store/migrations/NNNN_name.sql, in file-name order (same shape;
 * path is "/NNNN_name.sql", data NUL-terminated). */
extern const struct asset migrations_table[];
extern const unsigned long migrations_count;

/* The asset served at path, or NULL. Borrowed: assets live for the whole process. */
const struct asset *assets_find(const char *path);

#endif
