// Shared by every page: the session, calls to the control plane's API, the page frame and small DOM helpers.
// Every call goes to the same HTTP API any client uses; the browser's HttpOnly session cookie stands for the token,
// and every state-changing call carries the session's CSRF token in X-CSRF-Token.

let current = null;

/** An answer of the API that was not 2xx, with the message in the API's own error shape. */
export class ApiError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

/** The message of an error body: the Hub's {"error": "..."}, TGI's {"error","error_type"}, OpenAI's {"error":{"message"}}. */
export function errorMessage(body, status) {
  if (body && typeof body.error === 'string') return body.error;
  if (body && body.error && typeof body.error.message === 'string') return body.error.message;
  return 'HTTP ' + status;
}

/** Calls the API; resolves to the parsed JSON (or null), rejects with an ApiError. */
export async function api(method, path, body, {raw = false} = {}) {
  const headers = {};
  if (current && method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = current.csrf;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = raw ? body : JSON.stringify(body);
  }
  const r = await fetch(path, {method, headers, body: payload, credentials: 'same-origin'});
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (r.status === 401 && current && path !== '/v2/session') { signInAgain(); }
  if (!r.ok) throw new ApiError(r.status, json ? errorMessage(json, r.status) : (text || 'HTTP ' + r.status), json);
  return json;
}

/** Streams a POST whose answer is server-sent events; calls onData with each parsed `data:` payload. */
export async function stream(path, body, onData) {
  const r = await fetch(path, {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'Accept': 'text/event-stream', 'X-CSRF-Token': current.csrf},
    body: JSON.stringify(body)});
  if (!r.ok) {
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
    throw new ApiError(r.status, json ? errorMessage(json, r.status) : text, json);
  }
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true});
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of frame.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return;
        try { onData(JSON.parse(data)); } catch (e) { if (e instanceof ApiError) throw e; }
      }
    }
  }
}

function signInAgain() {
  const next = location.pathname + location.search;
  location.href = '/ui/signin?next=' + encodeURIComponent(next);
}

/** The signed-in session ({namespace, admin, csrf}); sends the browser to the sign-in page when there is none. */
export async function session() {
  try {
    current = await api('GET', '/v2/session');
    return current;
  } catch (e) {
    signInAgain();
    throw e;
  }
}

/** Creates an element: el('td', {class: 'x', dataset: {label: 'Name'}}, child, 'text', ...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** The page frame: the navigation, who is signed in and the sign-out button. */
export function frame(active, s) {
  const links = [['/', 'Endpoints', 'endpoints'], ['/ui/new', 'New endpoint', 'new'], ['/ui/models', 'Models', 'models'],
    ['/ui/connections', 'Connections', 'connections']];
  if (s.admin) links.push(['/ui/tokens', 'Tokens', 'tokens']);
  const header = el('header', {class: 'top'},
    el('a', {class: 'brand', href: '/'}, 'Hearth'),
    el('nav', {'aria-label': 'Main'}, links.map(([href, text, id]) =>
      el('a', {href, 'aria-current': id === active ? 'page' : null}, text))),
    el('div', {class: 'who'},
      el('span', {id: 'who'}, s.admin ? `${s.namespace} (admin)` : s.namespace),
      el('button', {type: 'button', id: 'sign-out', onclick: signOut}, 'Sign out')));
  document.body.prepend(header);
}

async function signOut() {
  try { await api('DELETE', '/v2/session'); } finally { location.href = '/ui/signin'; }
}

export function badge(state) {
  return el('span', {class: 'badge ' + state, dataset: {state}}, state);
}

/** A copy-to-clipboard button for {@code text}. */
export function copyButton(text, label = 'Copy') {
  const b = el('button', {type: 'button', 'aria-label': label + ' ' + text.slice(0, 40)}, label);
  b.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(text); b.textContent = 'Copied'; }
    catch (e) { b.textContent = 'Select and copy'; }
    setTimeout(() => { b.textContent = label; }, 1500);
  });
  return b;
}

export function ago(iso) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return s + 's ago';
  if (s < 3600) return Math.round(s / 60) + 'm ago';
  if (s < 86400) return Math.round(s / 3600) + 'h ago';
  return Math.round(s / 86400) + 'd ago';
}

export function countdown(iso) {
  if (!iso) return '';
  const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
  if (s <= 0) return 'scaling to zero';
  const m = Math.floor(s / 60);
  return (m > 0 ? m + 'm ' : '') + (s % 60) + 's to zero';
}

/** Live endpoint changes from GET /v2/events (server-sent events); the browser reconnects by itself. */
export function endpointEvents(namespace, onEndpoint, onDeleted) {
  const es = new EventSource('/v2/events?namespace=' + encodeURIComponent(namespace));
  es.addEventListener('endpoint', e => onEndpoint(JSON.parse(e.data)));
  es.addEventListener('deleted', e => onDeleted(JSON.parse(e.data)));
  return es;
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}
