/*
 * greeting: the script a call is answered with (requirement H7) — "Leaving Care Service
 * helpline, Priya Shah speaking. How can I help?" — one per line (a team's duty line, which may
 * also be known by a code such as the professionals' line), stored as data with placeholders:
 * {name} is filled with the name of the worker who answers, {team} with the line's team name.
 * A line without a script of its own uses the council's default script. This module checks
 * and fills scripts; it does not store them (store/store_greeting) nor speak HTTP
 * (http/greetings).
 */
#ifndef FD_DOMAIN_GREETING_H
#define FD_DOMAIN_GREETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define GREETING_SCRIPT_MAX 500            /* characters */
#define GREETING_REASON_MAX 500            /* characters */
#define GREETING_OUT_MAX 2048              /* bytes of a filled script, with its NUL */
#define GREETING_PLACEHOLDER "{name}"      /* the answering worker's name: required */
#define GREETING_TEAM_PLACEHOLDER "{team}" /* the line's team name: optional */
/* The default script as shipped (migration 0009 stores it; administrators may change it). */
#define GREETING_DEFAULT_SCRIPT "{team}, {name} speaking. How can I help?"

/* The greeting for one line. Strings borrowed from whoever filled it. */
struct greeting_line {
    int64_t team_id;       /* 0 when the line is not a team's */
    const char *team_name; /* "" when none */
    const char *line_code; /* "" when the line is known only by its team */
    const char *duty_line; /* the phone number as in the directory; "" when unknown */
    const char *script;    /* the template in use, with its placeholders unfilled */
    bool is_default;       /* no script of its own: script is the default script */
    int version;           /* the line's script version (0: never set) */
};

/*
 * A script: present, one line of valid UTF-8 of at most GREETING_SCRIPT_MAX characters, with
 * {name}, and no placeholder but {name} and {team}. E_INVALID naming "script" otherwise; an
 * unknown placeholder is named in the message ("{worker} is not a placeholder ...").
 */
enum err greeting_script_check(const char *script, struct err_info *info) MUST_CHECK;
/* Why a script was changed: present, valid UTF-8, at most GREETING_REASON_MAX characters.
 * E_INVALID naming "reason" otherwise. */
enum err greeting_reason_check(const char *reason, struct err_info *info) MUST_CHECK;
/* Writes script with every {name} replaced by name and every {team} by team (NULL: "") into
 * out, truncated to out_len on a character boundary. */
void greeting_render(const char *script, const char *name, const char *team, char *out,
                     size_t out_len);
/* greeting_render with no team name: every {name} replaced by name, {team} by "". */
void greeting_fill(const char *script, const char *name, char *out, size_t out_len);
/* The shipped default script for a team, with {team} filled and {name} kept: "<team>, {name}
 * speaking. How can I help?" written into out. */
void greeting_default(const char *team_name, char *out, size_t out_len);

#endif
