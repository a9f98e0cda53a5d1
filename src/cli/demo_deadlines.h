/*
 * demo_deadlines: the demo council's deadlines (issue 5) — the weekday duty manager rota, a
 * Senior District Officer for locality hub disputes, a safeguarding referral already past its
 * 30 minutes (so serving the demo shows an escalation at once) and a letter on its 5 working
 * days. Runs after the directory's loader, whose workers it names. Fiction, in the seeds'
 * spirit.
 */
#ifndef FD_CLI_DEMO_DEADLINES_H
#define FD_CLI_DEMO_DEADLINES_H

#include "cli/demo.h"

enum err demo_deadlines(struct store_tx *tx, const struct demo_ctx *ctx) MUST_CHECK;

#endif
