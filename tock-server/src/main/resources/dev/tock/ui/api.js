// The dashboard's only way to the server: reads with read(), every change with act(). Both go to the
// /v1 REST API of the origin that served the page, so the API's filter chain (and later its
// authentication) applies to the dashboard as to any other client.

const API = '/v1';

/** A refusal from the API, with its problem+json body (title, detail, field) when it sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/**
 * Headers every request carries. A custom header cannot be sent cross-site without a CORS preflight,
 * which this server never grants. The session's CSRF token, from the tock_csrf cookie the login set
 * (only pages of this origin can read it), goes along in X-CSRF-Token: the server refuses every change
 * made with the session cookie without it.
 */
function headers(json) {
  const h = { 'Accept': 'application/json', 'X-Tock-Client': 'dashboard' };
  if (json) h['Content-Type'] = 'application/json';
  const token = csrfToken() || document.querySelector('meta[name="tock-csrf"]')?.content;
  if (token) h['X-CSRF-Token'] = token;
  return h;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)tock_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

/** Who is logged in: { auth, token: { name, role, namespaces }, expiresAt }; auth is false on a server without logins. */
export async function session() {
  return answer(await fetch('/ui/session', { headers: headers(false), credentials: 'same-origin', cache: 'no-store' }));
}

/** Ends the session (its cookies are cleared) and goes to the login page. */
export async function logout() {
  await fetch('/ui/logout', { method: 'POST', headers: headers(false), credentials: 'same-origin', redirect: 'manual' });
  location.assign('/ui/login');
}

/** Called when the API answers 401, e.g. to show a login page once there is one. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Keeps an integer too large for a double as its digits: payloads and outputs often carry 64-bit ids, which
 * JSON.parse would round. Shown through JSON.stringify, it reads exactly as the API sent it.
 */
function exactIntegers(key, value, context) {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)
      && context && typeof context.source === 'string' && typeof JSON.rawJSON === 'function') {
    return JSON.rawJSON(context.source);
  }
  return value;
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text, exactIntegers); } catch { body = { detail: text }; }
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, body);
  }
  return body;
}

function url(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === null || v === undefined || v === '') continue;
    for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  }
  const q = params.toString();
  return API + path + (q ? '?' + q : '');
}

/** GET a resource; query values that are arrays become repeated parameters. */
export async function read(path, query) {
  return answer(await fetch(url(path, query), { headers: headers(false), credentials: 'same-origin', cache: 'no-store' }));
}

/** Every change the dashboard makes: a POST with a JSON body (or none). */
export async function act(path, body) {
  return answer(await fetch(url(path), {
    method: 'POST',
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  }));
}

/** A PUT of a JSON body: creating or replacing an object by name (e.g. a silence). */
export async function put(path, body) {
  return answer(await fetch(url(path), {
    method: 'PUT',
    headers: headers(true),
    body: JSON.stringify(body),
    credentials: 'same-origin',
  }));
}

/** The path of a namespace's resource: ns('team-a', 'jobs', id, 'cancel') → /namespaces/team-a/jobs/<id>/cancel */
export function ns(namespace, ...parts) {
  return '/namespaces/' + [namespace, ...parts].map(encodeURIComponent).join('/');
}
