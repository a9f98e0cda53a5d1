/*
 * referral-api: the referrals and the clear desk (issue 4, docs/routing.md) as seen from the
 * browser — making a referral, a contact's and a team's referrals, accepting or returning one,
 * the written confirmation to the referrer, and the clear desk. Every call goes through
 * api.js's request, so the session and the CSRF token stay in one place. It decides nothing:
 * the server checks every request and its answer wins.
 */
import { request } from './api.js';

const enc = encodeURIComponent;

/* createReferral(body): 201 the referral (POST /api/referrals). */
export function createReferral(body) {
  return request('POST', '/api/referrals', body);
}

/* contactReferrals(id): { items: [referral] } made for the contact. */
export function contactReferrals(id) {
  return request('GET', `/api/contacts/${enc(id)}/referrals`);
}

/* teamReferrals(id, state): { team, items } waiting for (or answered by) the team, oldest first. */
export function teamReferrals(id, state = 'pending') {
  return request('GET', `/api/teams/${enc(id)}/referrals?state=${enc(state)}`);
}

export function acceptReferral(id, note = null) {
  return request('POST', `/api/referrals/${enc(id)}/accept`, note ? { note } : {});
}

export function returnReferral(id, reason) {
  return request('POST', `/api/referrals/${enc(id)}/return`, { reason });
}

/* sendConfirmation(id, to): sends the written confirmation to the address to, or (to empty)
 * the contact's caller email. 201 { to, subject, text, sent_at, sent_by }. */
export function sendConfirmation(id, to = '') {
  return request('POST', `/api/referrals/${enc(id)}/confirmation`, to ? { to } : {});
}

/* confirmation(id): the written confirmation — before it is sent, the text that would go and
 * the address it would go to (to null when none is known); once sent, what was sent, to whom,
 * when and by whom. The server audits the read. */
export function confirmation(id) {
  return request('GET', `/api/referrals/${enc(id)}/confirmation`);
}

/* clearDesk(teamId): what is still on a team's desk (or mine, without a team). */
export function clearDesk(teamId = null) {
  return request('GET', teamId ? `/api/clear-desk?team=${enc(teamId)}` : '/api/clear-desk');
}
