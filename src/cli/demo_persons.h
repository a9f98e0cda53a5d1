/*
 * demo_persons: the demo council's people (issue 3) — about twenty fictional persons across the
 * seeds' front doors: care leavers with their personal advisers (one over 21, one restricted
 * record), a family known to the children's reception team with an unborn child, a household
 * and relationships, an older couple where one cares for the other, adults with communication
 * needs, aliases and previous names, and a staff-safety warning marker. It runs after the
 * directory's demo (it allocates persons to the demo workers). No real person's data: names are
 * invented, NHS numbers are in the 999 test range, phone numbers in Ofcom's drama ranges.
 */
#ifndef FD_CLI_DEMO_PERSONS_H
#define FD_CLI_DEMO_PERSONS_H

#include "cli/demo.h"

enum err demo_persons(struct store_tx *tx, const struct demo_ctx *ctx) MUST_CHECK;

#endif
