/*
 * static: the web app's files (compiled in) and its pages. Every page route returns the same
 * HTML shell; the ES modules render the page from the API.
 */
#ifndef FD_HTTP_STATIC_H
#define FD_HTTP_STATIC_H

#include "http/server.h"

void static_asset(struct request *req);
void static_page(struct request *req);
void static_openapi(struct request *req);

#endif
