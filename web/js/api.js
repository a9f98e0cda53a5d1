/*
 * api: frontdoor's HTTP API as seen from the browser, and the signed-in session. It keeps the
 * CSRF token in memory only (never in storage or the DOM) and sends it as X-CSRF-Token on every
 * state-changing request; the session itself is the HttpOnly fd_session cookie, which this
 * module never sees. It does not render anything or decide where to navigate.
 */

/* An error response: status, and the contract's { error: { code, message, field } } if any. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body && typeof body === 'object' && body.error ? body.error : {};
    super(error.message || `request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || null;
    this.field = error.field || null;
    this.body = body; /* the whole answer, for pages that read more than the error */
    /* every field at fault ({ field, message }) when the server checked them all at once,
       else just this one */
    this.errors = Array.isArray(body?.errors) && body.errors.length ? body.errors
      : [{ field: this.field, message: this.message }];
  }
}

let csrfToken = null;
let currentUser = null;

/* The signed-in user ({ id, username, name, role, team }) or null. Borrowed; do not modify. */
export function sessionUser() {
  return currentUser;
}

function remember(body) {
  currentUser = body && body.user ? body.user : null;
  csrfToken = body && typeof body.csrf_token === 'string' ? body.csrf_token : null;
}

export function forgetSession() {
  currentUser = null;
  csrfToken = null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/*
 * request(method, path, body): sends body (if given) as JSON and resolves to the parsed JSON
 * response (null for 204). Rejects with ApiError for any non-2xx status; network failures
 * reject with the browser's TypeError.
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/* loadSession(): asks the server who is signed in. Resolves to the user, or null if nobody. */
export async function loadSession() {
  try {
    remember(await request('GET', '/api/session'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      forgetSession();
    } else {
      throw err;
    }
  }
  return currentUser;
}

/* signIn(username, password): resolves to the user; rejects with ApiError 401/403 if refused. */
export async function signIn(username, password) {
  remember(await request('POST', '/api/session', { username, password }));
  return currentUser;
}

/*
 * signOut(): ends the session on the server and forgets it here. If the server refuses (other
 * than "not signed in"), rejects and keeps the session, since the cookie is still valid.
 */
export async function signOut() {
  try {
    await request('DELETE', '/api/session');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  forgetSession();
}

export function listContacts({ limit, offset }) {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  return request('GET', `/api/contacts?${query}`);
}

export function getContact(id) {
  return request('GET', `/api/contacts/${encodeURIComponent(id)}`);
}

export function createContact(contact) {
  return request('POST', '/api/contacts', contact);
}
