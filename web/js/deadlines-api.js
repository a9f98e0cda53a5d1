/*
 * deadlines-api: the deadlines API (issue 5) as seen from the browser — clocks, the managers'
 * dashboard and the in-app inbox. Every call goes through api.js's request, so the session and
 * the CSRF token on changes stay in one place. It does not decide who may do what: the server
 * answers 403 when the user may not.
 */
import { request } from './api.js';

const enc = encodeURIComponent;

/* contactClocks(id): { items: [clock], now }, open clocks first, by deadline. */
export function contactClocks(id) {
  return request('GET', `/api/contacts/${enc(id)}/clocks`);
}

/* getClock(id): the clock with its history and the messages it sent. */
export function getClock(id) {
  return request('GET', `/api/clocks/${enc(id)}`);
}

/* openClocks({ team, limit }): { items: [clock], now }, open clocks by deadline. */
export function openClocks({ team = null, limit = 500 } = {}) {
  const query = new URLSearchParams({ state: 'open', limit: String(limit) });
  if (team) query.set('team', String(team));
  return request('GET', `/api/clocks?${query}`);
}

/* deadlineDashboard({ team }): counts overall, by team and by policy. */
export function deadlineDashboard({ team = null } = {}) {
  const query = team ? `?team=${enc(team)}` : '';
  return request('GET', `/api/dashboard/deadlines${query}`);
}

/* acknowledgeClock(id, note): stops a missed deadline's escalation; resolves to the clock. */
export function acknowledgeClock(id, note) {
  return request('POST', `/api/clocks/${enc(id)}/acknowledge`, note ? { note } : {});
}

/* recordBreachReason(id, reason): why the deadline was missed; resolves to the clock. */
export function recordBreachReason(id, reason) {
  return request('POST', `/api/clocks/${enc(id)}/breach-reason`, { reason });
}

/* listMessages({ limit, offset, unread }): { items, unread, total, limit, offset }. */
export function listMessages({ limit = 25, offset = 0, unread = false } = {}) {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (unread) query.set('unread', '1');
  return request('GET', `/api/messages?${query}`);
}

/* unreadCount(): how many of the user's in-app messages are unread. */
export async function unreadCount() {
  const data = await request('GET', '/api/messages?unread=1&limit=1');
  return Number.isInteger(data?.unread) ? data.unread : 0;
}

export function markMessageRead(id) {
  return request('POST', `/api/messages/${enc(id)}/read`);
}
