/*
 * store_greeting: greeting scripts per line (H7) in line_greetings — a team's line by team id,
 * or a named line (the professionals' line) by its code. A team without a stored script is
 * greeted with the default script built from its name (domain/greeting). Scripts are
 * configuration, not case records: setting one replaces it, with an audit event.
 */
#ifndef FD_STORE_STORE_GREETING_H
#define FD_STORE_STORE_GREETING_H

#include <stdint.h>

#include "core/err.h"
#include "domain/greeting.h"
#include "store/store.h"

typedef void (*store_greeting_fn)(const struct greeting_line *g, void *arg);
/* The greeting for team team_id (when > 0) or else for the line called line_code: fn is called
 * once with strings borrowed until it returns. E_NOTFOUND when there is no such team or line. */
enum err store_greeting_find(struct store_tx *tx, int64_t team_id, const char *line_code,
                             store_greeting_fn fn, void *arg) MUST_CHECK;
/* Stores script for team team_id (> 0), also known by line_code when not NULL, or, when
 * team_id is 0, for the line line_code alone (writer only), replacing the one there. The
 * caller has checked the script (greeting_script_check). E_NOTFOUND when the team does not
 * exist. Audited as line_greeting.set. */
enum err store_greeting_set(struct store_tx *tx, int64_t team_id, const char *line_code,
                            const char *script) MUST_CHECK;

#endif
