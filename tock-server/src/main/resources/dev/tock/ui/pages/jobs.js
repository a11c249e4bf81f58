// Jobs: filter by state, queue, type, label and creation time; search by id or idempotency key; one
// page at a time, newest first, with the server's cursor.
import { read, ns as path } from '../api.js';
import { h, fill, href, link, badge, table, empty, when, ago, fromLocalInput, toLocalInput, shortId } from '../dom.js';

const STATES = ['scheduled', 'ready', 'leased', 'running', 'succeeded', 'failed', 'dead', 'cancelled'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTERS = ['state', 'queue', 'type', 'label', 'from', 'to', 'key', 'limit'];
/** Cursors of the pages before the one on view, per filter, so that "Newer" can go back. */
const earlier = new Map();

export default {
  mount(root, { ns, query }) {
    const filters = Object.fromEntries(FILTERS.map(f => [f, query.get(f) || '']));
    const cursor = query.get('cursor') || '';
    const filterKey = ns + '?' + FILTERS.map(f => filters[f]).join('|');
    const results = h('div', { data: { testid: 'job-list' } });
    const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
    const searchInput = h('input', { type: 'search', name: 'search', placeholder: 'Job id or idempotency key',
      'aria-label': 'Job id or idempotency key', value: filters.key, data: { search: '' } });

    const search = h('form', { class: 'search', role: 'search', on: { submit: e => {
      e.preventDefault();
      const text = searchInput.value.trim();
      if (UUID.test(text)) location.hash = href('jobs', text.toLowerCase(), { ns });
      else go({ ...filters, key: text });
    } } }, searchInput, h('button', { type: 'submit' }, 'Search'));

    const form = filterForm(filters, values => go({ ...values, key: filters.key }));
    root.append(h('h1', null, 'Jobs ', h('span', { class: 'muted small' }, 'namespace ' + ns)), search, form, results, pager);

    function go(values) {
      location.hash = href('jobs', null, { ns, ...values });
    }

    async function refresh() {
      const page = await read(path(ns, 'jobs'), {
        state: filters.state, queue: filters.queue, type: filters.type, label: filters.label,
        createdFrom: filters.from, createdBefore: filters.to, idempotencyKey: filters.key,
        limit: filters.limit || 25, cursor,
      });
      fill(results, jobTable(ns, page.jobs, filters, !!page.nextCursor));
      renderPager(page.nextCursor, page.jobs.length < Number(filters.limit || 25));
    }

    function renderPager(next, short) {
      const stack = earlier.get(filterKey) || [];
      const base = { ns, ...filters };
      fill(pager,
        cursor ? h('a', { href: href('jobs', null, base), class: 'button', data: { page: 'newest' } }, '⇤ Newest') : null,
        cursor && stack.length ? h('button', { type: 'button', data: { page: 'newer' }, on: { click: () => {
          const previous = stack.pop();
          location.hash = href('jobs', null, { ...base, cursor: previous });
        } } }, '← Newer') : null,
        next ? h('button', { type: 'button', data: { page: 'older' }, on: { click: () => {
          stack.push(cursor);
          earlier.set(filterKey, stack);
          location.hash = href('jobs', null, { ...base, cursor: next });
        } } }, 'Older →') : h('span', { class: 'muted small' }, cursor ? 'Oldest page.' : ''),
        next && short ? h('span', { class: 'muted small', data: { testid: 'short-page' } },
          'Few jobs matched among the 100,000 read for this page; Older → searches further back.') : null);
    }

    return { title: 'Jobs', refresh };
  },
};

function filterForm(filters, apply) {
  const field = (label, input) => h('label', null, h('span', null, label), input);
  const state = h('select', { name: 'state' }, h('option', { value: '' }, 'any state'),
    STATES.map(s => h('option', { value: s, selected: filters.state === s }, s)));
  const queue = h('input', { name: 'queue', value: filters.queue, placeholder: 'any', autocomplete: 'off' });
  const type = h('input', { name: 'type', value: filters.type, placeholder: 'any', autocomplete: 'off' });
  const label = h('input', { name: 'label', value: filters.label, placeholder: 'key=value', autocomplete: 'off' });
  const from = h('input', { name: 'from', type: 'datetime-local', value: toLocalInput(filters.from) });
  const to = h('input', { name: 'to', type: 'datetime-local', value: toLocalInput(filters.to) });
  const limit = h('select', { name: 'limit' }, ['25', '50', '100'].map(n =>
    h('option', { value: n, selected: (filters.limit || '25') === n }, n + ' per page')));
  return h('form', { class: 'filters', 'aria-label': 'Filters', on: { submit: e => {
    e.preventDefault();
    apply({ state: state.value, queue: queue.value.trim(), type: type.value.trim(), label: label.value.trim(),
      from: fromLocalInput(from.value) || '', to: fromLocalInput(to.value) || '', limit: limit.value === '25' ? '' : limit.value });
  } } },
  field('State', state), field('Queue', queue), field('Type', type), field('Label', label),
  field('Created from', from), field('Created before', to), field('Page size', limit),
  h('div', { class: 'form-buttons' },
    h('button', { type: 'submit', class: 'primary' }, 'Apply'),
    h('a', { href: href('jobs'), class: 'button', on: { click: e => {
      e.preventDefault();
      location.hash = href('jobs', null, { ns: new URLSearchParams(location.hash.split('?')[1]).get('ns') });
    } } }, 'Clear')));
}

function jobTable(ns, jobs, filters, more) {
  const rows = jobs.map(j => h('tr', { data: { job: j.id, state: j.state } },
    h('td', null, link(shortId(j.id), 'jobs', j.id, { ns }, { class: 'mono', title: j.id })),
    h('td', null, j.type),
    h('td', { class: 'opt' }, j.queue),
    h('td', null, badge(j.state)),
    h('td', { class: 'opt' }, when(j.createdAt)),
    h('td', { class: 'num opt' }, String(j.attempts)),
    h('td', { class: 'opt' }, j.state === 'scheduled' || j.state === 'failed' ? 'due ' + ago(j.runAt)
      : j.finishedAt ? 'finished ' + ago(j.finishedAt) : '')));
  const filtered = Object.values(filters).some(Boolean);
  return table(['Job', 'Type', { text: 'Queue', class: 'opt' }, 'State', { text: 'Created', class: 'opt' },
    { text: 'Attempts', class: 'num opt' }, { text: '', class: 'opt' }],
  rows.length ? rows : empty(more ? 'No match among the jobs read for this page.'
    : filtered ? 'No job matches these filters.' : 'No jobs yet.', 7), { class: 'jobs' });
}
