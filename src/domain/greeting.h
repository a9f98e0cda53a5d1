/*
 * greeting: the script a call is answered with (requirement H7) — "Leaving Care Service
 * helpline, Priya Shah speaking. How can I help?" — one per line (a team's line, or a named
 * line such as the professionals' line), stored as data with a {name} placeholder that is
 * filled with the name of the worker who answers. This module checks and fills scripts; the
 * scripts are store/store_greeting, the API http/greetings.
 */
#ifndef FD_DOMAIN_GREETING_H
#define FD_DOMAIN_GREETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define GREETING_SCRIPT_MAX 500 /* characters */
#define GREETING_OUT_MAX 2048   /* bytes of a filled script, with its NUL */
#define GREETING_PLACEHOLDER "{name}"

/* The greeting for one line. Strings borrowed from whoever filled it. */
struct greeting_line {
    int64_t team_id;       /* 0 when the line is not a team's */
    const char *team_name; /* "" when none */
    const char *line_code; /* "" when the line is known only by its team */
    const char *script;    /* with {name} */
    bool is_default;       /* no script stored: greeting_default for the team */
};

/* A script: present, valid UTF-8, at most GREETING_SCRIPT_MAX characters, with {name}. */
enum err greeting_script_check(const char *script, struct err_info *info) MUST_CHECK;
/* Writes script with every {name} replaced by name into out (truncated to out_len). */
void greeting_fill(const char *script, const char *name, char *out, size_t out_len);
/* The script used for a team's line when none is stored: "<team>, {name} speaking. How can I
 * help?" written into out. */
void greeting_default(const char *team_name, char *out, size_t out_len);

#endif
