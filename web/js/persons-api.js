/*
 * persons-api: the person API (issue 3) as the person pages use it — search, read, create with
 * the duplicate check, history, and the break-glass opening of a restricted record — and which
 * roles may use the person pages at all (mirroring PERM_PERSON_READ in src/domain/role.c; the
 * server checks every request again and its answer wins).
 */
import { request } from './api.js';

const PERSON_ROLES = new Set(['agent', 'practitioner', 'manager', 'duty_manager', 'coordinator',
  'admin']);

export function canSeePersons(user) {
  return Boolean(user && PERSON_ROLES.has(user.role));
}

/* searchPersons({ q, given, family, dob, postcode, nhs, ... }): empty values are left out. */
export function searchPersons(params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') query.set(k, String(v).trim());
  }
  return request('GET', `/api/persons/search?${query}`);
}

/* getPerson(id): follows a merged record's redirect; the answer's id is the survivor's. */
export function getPerson(id) {
  return request('GET', `/api/persons/${encodeURIComponent(id)}`);
}

export function personHistory(id) {
  return request('GET', `/api/persons/${encodeURIComponent(id)}/history`);
}

export function createPerson(body) {
  return request('POST', '/api/persons', body);
}

export function openRestricted(id, reason) {
  return request('POST', `/api/persons/${encodeURIComponent(id)}/access`, { reason });
}
