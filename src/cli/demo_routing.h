/*
 * demo_routing: the demo council's routing and what follows it — a care leaver's call for his
 * PA while she is out, with the call-back promised and the message left for her (W2, H8, H11);
 * a follow-up agreed with her and a check that the advice worked (W6, W12); a child's case
 * with a senior practitioner's recommendation, phoned through to Referral and Assessment North
 * as a safeguarding referral and accepted, its written confirmation still to send (C3, C5);
 * and a family's referral to the locality hub not yet passed on, for the clear desk (A11).
 * Everything goes through the same store functions and rules as the API. Fiction in the
 * seeds' spirit.
 */
#ifndef FD_CLI_DEMO_ROUTING_H
#define FD_CLI_DEMO_ROUTING_H

#include "cli/demo.h"

enum err demo_routing(struct store_tx *tx, const struct demo_ctx *ctx) MUST_CHECK;

#endif
