/*
 * directory-api: the service directory's API (issue 3) as seen from the browser — teams,
 * workers, their availability and calendars. Every call goes through api.js's request, so the
 * session and CSRF handling stay in one place. It reads only: changing the directory is for
 * the CLI, the import and the API.
 */
import { request } from './api.js';

const enc = encodeURIComponent;

/* listTeams(): { items: [team] }, every team (the directory is small). */
export function listTeams() {
  return request('GET', '/api/teams');
}

/* getTeam(id): the team with members and closed days from today. */
export function getTeam(id) {
  return request('GET', `/api/teams/${enc(id)}`);
}

/* listWorkers({ team, q }): { items: [worker] }, each with its availability now. */
export function listWorkers({ team = null, q = null } = {}) {
  const query = new URLSearchParams();
  if (team) query.set('team', String(team));
  if (q) query.set('q', q);
  const s = query.toString();
  return request('GET', `/api/workers${s ? `?${s}` : ''}`);
}

export function getWorker(id) {
  return request('GET', `/api/workers/${enc(id)}`);
}

/* getAvailability(id): now, next available, the entry covering now, the line manager. */
export function getAvailability(id) {
  return request('GET', `/api/workers/${enc(id)}/availability`);
}

/* getCalendar(id, from, to): { items: [entry] } overlapping [from, to) (Dates). */
export function getCalendar(id, from, to) {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  return request('GET', `/api/workers/${enc(id)}/calendar?${query}`);
}
