/*
 * referrals: JSON over store/store_referral — making a referral or transfer (POST
 * /api/referrals), reading one, the receiving team's answer (accept, return with a reason), a
 * team's incoming referrals and a contact's, and the written confirmation to the referrer
 * (GET shows the text, POST sends it). The rules are domain/referral, with the C5 and Care Act
 * gate of domain/decision for a referral to assessment; docs/routing.md has the JSON.
 */
#ifndef FD_HTTP_REFERRALS_H
#define FD_HTTP_REFERRALS_H

#include "http/server.h"

void referrals_create(struct request *req);
void referrals_get(struct request *req);
void referrals_accept(struct request *req);
void referrals_return(struct request *req);
void referrals_for_team(struct request *req);
void referrals_for_contact(struct request *req);
void referrals_confirmation_get(struct request *req);
void referrals_confirmation_send(struct request *req);

#endif
