// The console's only way to the exchange: the public HTTP API, with the session cookie (sent by
// the browser) and the session's CSRF token on every write.
import { signal } from './state.js';

export const session = signal(null);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// `body` is sent as JSON, or as is when it is a Blob (upload chunks, with their own Content-Type
// in `extra`); `extra` adds headers such as Upload-Offset or Idempotency-Key.
export async function api(method, path, body, accept = 'application/json', extra = {}) {
  const raw = body instanceof Blob;
  const headers = { Accept: accept, ...extra };
  if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  const s = session.get();
  if (method !== 'GET' && s) headers['X-CSRF-Token'] = s.csrf_token;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined || raw ? body : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : null);
  return data;
}

// The cookie is HttpOnly, out of scripts' reach: a flag in localStorage says whether there may be
// a session worth asking the server about.
const HINT = 'bourse.session';

export async function restoreSession() {
  if (!localStorage.getItem(HINT)) return;
  try {
    session.set(await api('GET', '/v1/sessions/current'));
  } catch {
    localStorage.removeItem(HINT);
    session.set(null);
  }
}

export async function signIn(credentials) {
  session.set(await api('POST', '/v1/sessions', credentials));
  localStorage.setItem(HINT, '1');
}

export async function signOut() {
  try {
    await api('DELETE', '/v1/sessions/current');
  } finally {
    localStorage.removeItem(HINT);
    session.set(null);
  }
}

export function hasRole(role) {
  return session.get()?.roles?.includes(role) ?? false;
}
