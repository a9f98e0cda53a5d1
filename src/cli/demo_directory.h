/*
 * demo_directory: the demo council's service directory — its teams and services with duty
 * lines and opening hours, the outside agencies and voluntary services it signposts to, and
 * its workers, linked to the demo users, with calendars that make the availability rules
 * visible (a PA on leave this week, another in an appointment now). Fiction in the seeds'
 * spirit; the phone numbers are from Ofcom's ranges reserved for drama.
 */
#ifndef FD_CLI_DEMO_DIRECTORY_H
#define FD_CLI_DEMO_DIRECTORY_H

#include "cli/demo.h"

enum err demo_directory(struct store_tx *tx, const struct demo_ctx *ctx) MUST_CHECK;

#endif
