// Building the page. Everything that comes from the API is inserted as text (text nodes, textContent,
// attribute values), never parsed as HTML, so a "<script>" in a payload, error or name shows as text.

/**
 * Creates an element. attrs: plain attributes, plus `class`, `on` ({event: handler}) and `data`
 * ({key: value} as data-* attributes). Children: nodes, or anything else shown as text; null skipped.
 */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (name === 'data') {
      for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[key] = String(v);
    } else if (name === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (name === 'value' && 'value' in el && !tag.startsWith('svg:')) {
      el.value = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A link inside the app. page: e.g. "jobs"; id: optional; query: {key: value}. */
export function href(page, id, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== null && v !== undefined && v !== '') params.set(k, v);
  const path = '#/' + page + (id ? '/' + encodeURIComponent(id) : '');
  const q = params.toString();
  return q ? path + '?' + q : path;
}

export function link(text, page, id, query, attrs) {
  return h('a', { href: href(page, id, query), ...(attrs || {}) }, text);
}

/** A job state, attempt outcome or fire outcome as a coloured badge. */
export function badge(value, kind) {
  return h('span', { class: ['badge', 'b-' + value], data: { [kind || 'state']: value } }, value ? value.replace('_', ' ') : '—');
}

export function table(headers, rows, attrs) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs || {},
      h('thead', null, h('tr', null, headers.map(col => typeof col === 'string'
        ? h('th', { scope: 'col' }, col)
        : h('th', { scope: 'col', class: col.class }, col.text)))),
      h('tbody', null, rows)));
}

export function empty(text, span) {
  return h('tr', { class: 'empty' }, h('td', { colspan: span }, text));
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), ...children);
}

// ---- times -------------------------------------------------------------------------------------

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const formats = new Map();

function formatter(zone) {
  const key = zone || '';
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat('en-CA', {
      timeZone: zone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }));
  }
  return formats.get(key);
}

/** "2026-11-22 14:03:05" in the viewer's zone, or in `zone`. */
export function time(iso, zone) {
  if (!iso) return '—';
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(iso)).map(p => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function zoneName() {
  return viewerZone;
}

/** A <time> element showing the local time, with the UTC instant as its title. */
export function when(iso, zone) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso }, time(iso, zone));
}

/** "3 min ago" or "in 5 s", against the viewer's clock. */
export function ago(iso, now) {
  if (!iso) return '—';
  const diff = (new Date(iso).getTime() - (now ?? Date.now())) / 1000;
  const text = span(Math.abs(diff));
  return diff > 1 ? 'in ' + text : diff < -1 ? text + ' ago' : 'now';
}

function span(seconds) {
  if (seconds < 60) return Math.round(seconds) + ' s';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min';
  if (seconds < 86400 * 2) return (seconds / 3600).toFixed(seconds < 36000 ? 1 : 0) + ' h';
  return Math.round(seconds / 86400) + ' d';
}

/** How long between two instants, e.g. "312 ms", "4.2 s", "3 min". */
export function duration(fromIso, toIso) {
  if (!fromIso || !toIso) return '—';
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return span(ms / 1000);
}

/** A datetime-local input's value (viewer's time) as an RFC 3339 instant, or null. */
export function fromLocalInput(value) {
  if (!value) return null;
  const date = new Date(value);
  return isNaN(date.getTime()) ? null : date.toISOString();
}

/** An RFC 3339 instant as a datetime-local input's value in the viewer's zone. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A server duration ("3644ms", "12s", "5m") in words: "3.6 s", "12 s", "5 min". */
export function durationText(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text || '');
  if (!m) return text || '—';
  const seconds = Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
  return seconds < 1 ? Math.round(seconds * 1000) + ' ms' : seconds < 60 ? seconds.toFixed(1).replace(/\.0$/, '') + ' s' : span(seconds);
}

/** A short form of a job id that still tells jobs of the same millisecond apart. */
export function shortId(id) {
  return id.slice(0, 8) + '…' + id.slice(-4);
}

/** An error: its first lines, and the rest (a stack trace) behind a disclosure. */
export function errorBlock(text) {
  const lines = String(text).split('\n');
  if (lines.length <= 4) return h('pre', { class: 'error' }, text);
  return h('div', { class: 'error-block' }, h('pre', { class: 'error' }, lines.slice(0, 3).join('\n')),
    h('details', null, h('summary', null, `${lines.length - 3} more lines`), h('pre', { class: 'error' }, lines.slice(3).join('\n'))));
}

export function firstLine(text, max) {
  if (!text) return '';
  const line = String(text).split('\n')[0];
  return line.length > (max || 140) ? line.slice(0, max || 140) + '…' : line;
}

export function number(n) {
  return (n ?? 0).toLocaleString('en-US');
}

const shown = new WeakMap();

/**
 * Re-renders el from data only when the data changed since the last time, so that polling keeps
 * focus, open <details> and text selections where nothing changed.
 */
export function update(el, data, render) {
  const key = JSON.stringify(data);
  if (shown.get(el) === key) return;
  shown.set(el, key);
  fill(el, render(data));
}
