/*
 * store_greeting: greeting scripts per line (H7). A line is a council team with a duty line;
 * it may also be known by a code (the professionals' line). Its current script is a row of
 * line_greetings (script NULL, or no row: the line uses the default script); every change to
 * a line's script or to the council's default script is a new row of line_greeting_versions
 * with who, when and why (migration 0009), and an audit event with the reason. Scripts are
 * configuration, not case records. Checking scripts is domain/greeting; HTTP is
 * http/greetings.
 */
#ifndef FD_STORE_STORE_GREETING_H
#define FD_STORE_STORE_GREETING_H

#include <stdint.h>

#include "core/err.h"
#include "domain/greeting.h"
#include "store/store.h"

/* One version of a line's script or of the default script. Strings borrowed until the
 * callback returns. */
struct greeting_version {
    int64_t team_id;             /* 0: the default script */
    int version;                 /* 1, 2, 3 ... */
    const char *script;          /* NULL: from this version the line uses the default script */
    int64_t changed_at;          /* UTC ms; 0 for what was there before history was kept */
    int64_t changed_by;          /* user id; 0 for the system */
    const char *changed_by_name; /* "" for the system */
    const char *reason;
};

typedef void (*store_greeting_fn)(const struct greeting_line *g, void *arg);
typedef void (*store_greeting_version_fn)(const struct greeting_version *v, void *arg);

/* The greeting for team team_id (when > 0) or else for the line called line_code: fn is called
 * once with strings borrowed until it returns; g->script is the template in use (the line's
 * own, else the default with is_default set). E_NOTFOUND when there is no such team or line. */
enum err store_greeting_find(struct store_tx *tx, int64_t team_id, const char *line_code,
                             store_greeting_fn fn, void *arg) MUST_CHECK;
/* Every line an agent can answer — each council team with a duty line — by team name: fn once
 * per line, as store_greeting_find. */
enum err store_greeting_lines(struct store_tx *tx, store_greeting_fn fn, void *arg) MUST_CHECK;
/* The line of team team_id, as store_greeting_lines gives it. E_NOTFOUND when the team does
 * not exist, has no duty line or is not the council's. */
enum err store_greeting_line(struct store_tx *tx, int64_t team_id, store_greeting_fn fn,
                             void *arg) MUST_CHECK;
/* The council's default script: fn once with team_id 0, is_default set and the default's
 * version. */
enum err store_greeting_default(struct store_tx *tx, store_greeting_fn fn, void *arg) MUST_CHECK;
/* Every version of team team_id's script (0: of the default script), newest first. A line
 * whose script was never set has none. */
enum err store_greeting_history(struct store_tx *tx, int64_t team_id, store_greeting_version_fn fn,
                                void *arg) MUST_CHECK;

/* Sets the script of team team_id's line (writer only) — script NULL: the line uses the default
 * script from now — as the next version, by the transaction's actor, at now, for reason; also
 * names the line line_code when not NULL. The caller has checked script and reason
 * (domain/greeting). *version_out (may be NULL) is the new version. E_NOTFOUND when the team
 * does not exist. Audited as line_greeting.set or line_greeting.use_default, with the reason. */
enum err store_greeting_set(struct store_tx *tx, int64_t team_id, const char *line_code,
                            const char *script, int64_t now, const char *reason,
                            int *version_out) MUST_CHECK;
/* Sets the council's default script (writer only; not NULL) as its next version, as
 * store_greeting_set. Audited as line_greeting.set_default. */
enum err store_greeting_set_default(struct store_tx *tx, const char *script, int64_t now,
                                    const char *reason, int *version_out) MUST_CHECK;

#endif
