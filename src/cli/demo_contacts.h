/*
 * demo_contacts: the demo council's contact workflow — contacts on every channel with who made
 * them (and so their census referral source), decisions made by the right people (a qualified
 * worker's safeguarding decision, a team manager's recommendation and work plan, an adult's
 * Care Act checks), outcomes that cover every row of the children's monthly table (C7), the
 * priority workflows and some adult request outcomes, contacts still waiting in the contact
 * centre's, the duty team's and a team's queue, one with someone in danger now, a handover
 * waiting to be accepted, and greeting scripts for the Leaving Care helpline and the
 * Children's Reception Team line. Every decision and outcome goes through the same store
 * functions and rules as the API. Fiction in the seeds' spirit. Persons are not loaded yet, so
 * the demo contacts name no subject persons.
 */
#ifndef FD_CLI_DEMO_CONTACTS_H
#define FD_CLI_DEMO_CONTACTS_H

#include "cli/demo.h"

enum err demo_contact_workflow(struct store_tx *tx, const struct demo_ctx *ctx) MUST_CHECK;

#endif
