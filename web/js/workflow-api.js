/*
 * workflow-api: the contact workflow's API (issue 4) as seen from the browser — the code sets
 * a contact form offers, the greeting for a line, amendments and their versions, handover,
 * decisions, outcomes, queues, "my work", person search and the routing answer. Every call
 * goes through api.js's request, so the session and the CSRF token stay in one place. The
 * code sets and the API description are asked for once per page load and kept in memory. It
 * decides nothing: the server checks every request and its answer wins.
 */
import { request } from './api.js';

const enc = encodeURIComponent;

let codesPromise = null;
let apiPathsPromise = null;

/* contactCodes(): channels, sources with census codes, reasons, decision kinds, priorities,
 * queues and the 999 guidance (GET /api/contact-codes), fetched once. */
export function contactCodes() {
  if (!codesPromise) {
    codesPromise = request('GET', '/api/contact-codes').catch((err) => {
      codesPromise = null;
      throw err;
    });
  }
  return codesPromise;
}

/* outcomeCodes(): { items: [outcome code] } (GET /api/outcomes), asked for each time: an
 * administrator may retire or add a code while a tab stays open all day. */
export function outcomeCodes() {
  return request('GET', '/api/outcomes');
}

/*
 * apiHas(method, path): whether the server's API description lists the route, so a screen can
 * use an endpoint another part of frontdoor adds (routing, my work) only once it exists
 * rather than asking for it and failing. Resolves to false if the description cannot be read.
 */
export async function apiHas(method, path) {
  if (!apiPathsPromise) {
    apiPathsPromise = request('GET', '/api/openapi.json')
      .then((doc) => (doc && doc.paths) || {})
      .catch(() => {
        apiPathsPromise = null;
        return {};
      });
  }
  const paths = await apiPathsPromise;
  return Boolean(paths[path] && paths[path][method.toLowerCase()]);
}

/* greeting(line): { script, worker_name, line: { team_id, team_name, code } } for a team id
 * or a line code. */
export function greeting(line) {
  return request('GET', `/api/greeting?line=${enc(line)}`);
}

/* listLines(): the council's phone lines ({ items: [{ id, team_name, duty_line, script, ... }],
 * default_script }), the ones an agent answers; see docs/lines.md. */
export function listLines() {
  return request('GET', '/api/lines');
}

export function amendContact(id, body) {
  return request('PATCH', `/api/contacts/${enc(id)}`, body);
}

/* contactVersions(id): { items: [{ version, recorded_at, recorded_by, reason, changed,
 * contact }] }, oldest first. */
export function contactVersions(id) {
  return request('GET', `/api/contacts/${enc(id)}/versions`);
}

export function offerHandover(id, toUserId, note) {
  return request('POST', `/api/contacts/${enc(id)}/handover`, { to_user_id: toUserId, note });
}

export function acceptHandover(id) {
  return request('POST', `/api/contacts/${enc(id)}/handover/accept`);
}

export function declineHandover(id, reason) {
  return request('POST', `/api/contacts/${enc(id)}/handover/decline`, { reason });
}

/* contactDecisions(id): { items: [decision], state }, oldest first. */
export function contactDecisions(id) {
  return request('GET', `/api/contacts/${enc(id)}/decisions`);
}

export function recordDecision(id, body) {
  return request('POST', `/api/contacts/${enc(id)}/decisions`, body);
}

export function authoriseDecision(id, note) {
  return request('POST', `/api/decisions/${enc(id)}/authorise`, note ? { note } : {});
}

export function recordOutcome(id, body) {
  return request('POST', `/api/contacts/${enc(id)}/outcome`, body);
}

/* queue(name, { teamId, limit, offset }): name is contact_centre, duty or team. */
export function queue(name, { teamId = null, limit = 50, offset = 0 } = {}) {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  const path = name === 'team' ? `/api/queues/teams/${enc(teamId)}` : `/api/queues/${enc(name)}`;
  return request('GET', `${path}?${query}`);
}

/* myContacts({ limit, offset }): { items, total, offered }. */
export function myContacts({ limit = 50, offset = 0 } = {}) {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  return request('GET', `/api/my/contacts?${query}`);
}

/* myWork(): tasks, team tasks, contacts, handovers, unread and worker messages (GET
 * /api/my/work, docs/routing.md). */
export function myWork() {
  return request('GET', '/api/my/work');
}

/* searchPersons(q): { items: [candidate with warnings], count }. Audited by the server. */
export function searchPersons(q, limit = 10) {
  const query = new URLSearchParams({ q, limit: String(limit) });
  return request('GET', `/api/persons/search?${query}`);
}

/* getPerson(id): the person, warnings first, with allocations (audited). */
export function getPerson(id) {
  return request('GET', `/api/persons/${enc(id)}`);
}

/* routing(id, { worker, team }): the routing answer for a recorded contact (docs/routing.md). */
export function routing(id, { worker = null, team = null } = {}) {
  const query = new URLSearchParams();
  if (worker) query.set('worker', String(worker));
  if (team) query.set('team', String(team));
  const s = query.toString();
  return request('GET', `/api/contacts/${enc(id)}/routing${s ? `?${s}` : ''}`);
}

/* messageToWorker(id, body): leaves the worker a message about the contact (W2, H11). */
export function messageToWorker(id, body) {
  return request('POST', `/api/contacts/${enc(id)}/message-to-worker`, body);
}

/* callbackPromise(id, body): records what the person was told about a call-back (W2, H8). */
export function callbackPromise(id, body) {
  return request('POST', `/api/contacts/${enc(id)}/callback-promise`, body);
}

/* callbackPromises(id): { items: [promise] } recorded on the contact. */
export function callbackPromises(id) {
  return request('GET', `/api/contacts/${enc(id)}/callback-promise`);
}

/* workerMessages(id): { items: [message to a worker] } sent about the contact. */
export function workerMessages(id) {
  return request('GET', `/api/contacts/${enc(id)}/message-to-worker`);
}

/* markMessageReturned(id, note): the call a message to a practitioner asked for was returned;
 * stops the message's clock (docs/routing.md). */
export function markMessageReturned(id, note = null) {
  return request('POST', `/api/worker-messages/${enc(id)}/returned`, note ? { note } : {});
}

/* takeContact(id): the signed-in user takes a contact nobody owns (C8). */
export function takeContact(id) {
  return request('POST', `/api/contacts/${enc(id)}/take`);
}

/* taskDone(id, note): closes one of my tasks as done. */
export function taskDone(id, note = null) {
  return request('POST', `/api/tasks/${enc(id)}/done`, note ? { note } : {});
}

/* --- the contact page's follow-up work (W3, W5, W6, W7, W12, A12) ---------------------------- */

/* writtenItems(id): { contact_id, items: [written item] } recorded on the contact (W3). */
export function writtenItems(id) {
  return request('GET', `/api/contacts/${enc(id)}/written-items`);
}

/* recordWrittenItem(id, body): 201 the written item (W3). */
export function recordWrittenItem(id, body) {
  return request('POST', `/api/contacts/${enc(id)}/written-items`, body);
}

/* onBehalfActions(id): { contact_id, items: [action] } done on behalf of the allocated team. */
export function onBehalfActions(id) {
  return request('GET', `/api/contacts/${enc(id)}/on-behalf`);
}

/* recordOnBehalf(id, body): 201 the action, with the worker alerted (W5). */
export function recordOnBehalf(id, body) {
  return request('POST', `/api/contacts/${enc(id)}/on-behalf`, body);
}

/* contactTasks(id): { contact_id, items: [task] } about the contact, oldest first. */
export function contactTasks(id) {
  return request('GET', `/api/contacts/${enc(id)}/tasks`);
}

/* createTask(body): 201 the task, with the owner the server chose (POST /api/tasks). */
export function createTask(body) {
  return request('POST', '/api/tasks', body);
}

/* contactAttachments(id): { items: [{ id, filename, content_type, size, href, ... }] } (A12). */
export function contactAttachments(id) {
  return request('GET', `/api/contacts/${enc(id)}/attachments`);
}

/* routingBeforeSaving({ persons, worker, team }): the routing answer for the persons, worker and
 * team on the agent's screen before the contact is saved (GET /api/routing, docs/routing.md):
 * the same answer as routing(id) gives once it is saved. */
export function routingBeforeSaving({ persons = [], worker = null, team = null } = {}) {
  const query = new URLSearchParams();
  for (const p of persons) query.append('person', String(p));
  if (worker) query.set('worker', String(worker));
  if (team) query.set('team', String(team));
  return request('GET', `/api/routing?${query}`);
}
