// The dashboard: a hash router, a namespace picker and a poller that refreshes the page on view every
// two seconds while the tab is visible. Each page is a module whose mount() builds it and returns
// { refresh } (and optionally { stop }).
import { read, ApiError, whenUnauthorized, session, logout } from './api.js';
import { h, fill } from './dom.js';
import { setRefresher, flash } from './actions.js';
import overview from './pages/overview.js';
import jobs from './pages/jobs.js';
import job from './pages/job.js';
import schedules from './pages/schedules.js';
import schedule from './pages/schedule.js';
import queues from './pages/queues.js';
import secrets from './pages/secrets.js';
import alerts from './pages/alerts.js';
import cluster from './pages/cluster.js';
import workflows from './pages/workflows.js';
import run from './pages/run.js';

const POLL_MS = 2000;
const pages = { overview, jobs, job, schedules, schedule, workflows, run, queues, secrets, alerts, cluster };
const main = document.getElementById('main');
const live = document.getElementById('live');
const picker = document.getElementById('namespace');

let current = null;
let timer = null;
let generation = 0;

/** The namespace on view: the ns query parameter, else the last one picked, else default. */
function namespace(query) {
  return query.get('ns') || localStorage.getItem('tock.ns') || 'default';
}

/** "#/jobs/ID?state=dead" → { page: 'job', id: 'ID', query } */
/** The logged-in token's name and a Log out button, on a server with logins. */
async function showWhoIsLoggedIn() {
  const button = document.getElementById('logout');
  try {
    const who = await session();
    if (!who || !who.auth) return;
    button.textContent = 'Log out ' + who.token.name;
    button.title = who.token.role + ' of ' + who.token.namespaces.join(', ');
    button.hidden = false;
    button.addEventListener('click', () => logout());
  } catch (e) {
    // a 401 goes to the login page through whenUnauthorized
  }
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search] = hash.split('?');
  const [first, id] = (path || 'overview').split('/').map(decodeURIComponent);
  const query = new URLSearchParams(search || '');
  if (first === 'jobs' && id) return { page: 'job', nav: 'jobs', id, query };
  if (first === 'schedules' && id) return { page: 'schedule', nav: 'schedules', id, query };
  if (first === 'runs' && id) return { page: 'run', nav: 'workflows', id, query };
  if (first === 'run') return { page: 'overview', nav: 'overview', id: null, query };
  return { page: pages[first] ? first : 'overview', nav: pages[first] ? first : 'overview', id: null, query };
}

async function refreshNow() {
  clearTimeout(timer);
  await tick();
}

async function tick() {
  const mine = generation;
  if (current && !document.hidden) {
    try {
      await current.refresh();
      if (mine !== generation) return;
      fill(live, h('span', { class: 'dot ok' }), 'live · ' + new Date().toLocaleTimeString('en-GB'));
      live.dataset.state = 'ok';
    } catch (e) {
      if (mine !== generation) return;
      fill(live, h('span', { class: 'dot err' }), e instanceof ApiError ? 'error ' + e.status : 'offline');
      live.dataset.state = 'error';
      if (e instanceof ApiError && current.failed) current.failed(e);
    }
  }
  if (mine === generation) timer = setTimeout(tick, POLL_MS);
}

function show() {
  generation++;
  clearTimeout(timer);
  current?.stop?.();
  const r = route();
  const ns = namespace(r.query);
  localStorage.setItem('tock.ns', ns);
  if (picker.value !== ns) {
    if (![...picker.options].some(o => o.value === ns)) picker.append(h('option', { value: ns }, ns));
    picker.value = ns;
  }
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.page === r.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  fill(main);
  fill(document.getElementById('flash'));
  live.dataset.state = 'loading';
  current = pages[r.page].mount(main, { ns, id: r.id, query: r.query });
  document.title = (current.title || 'Tock') + ' · Tock';
  tick();
}

async function loadNamespaces() {
  try {
    const { namespaces } = await read('/namespaces');
    const ns = picker.value;
    fill(picker, namespaces.map(n => h('option', { value: n.name }, n.name)));
    if (![...picker.options].some(o => o.value === ns)) picker.append(h('option', { value: ns }, ns));
    picker.value = ns;
  } catch {
    // The picker keeps what it has; the page on view reports the error.
  }
}

picker.addEventListener('change', () => {
  localStorage.setItem('tock.ns', picker.value);
  const r = route();
  const query = new URLSearchParams();
  query.set('ns', picker.value);
  // An id belongs to the namespace it came from: go to the list instead.
  location.hash = '#/' + r.nav + '?' + query.toString();
});
document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshNow(); });
window.addEventListener('hashchange', () => { show(); main.focus({ preventScroll: true }); });
document.addEventListener('keydown', e => {
  if (e.key === '/' && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName)) {
    const search = document.querySelector('[data-search]');
    if (search) { e.preventDefault(); search.focus(); }
  }
});

setRefresher(refreshNow);
// No session (or it ended, or its token was revoked): log in, then come back to this page.
whenUnauthorized(() => location.assign('/ui/login?next=' + encodeURIComponent('/ui/' + location.hash)));
showWhoIsLoggedIn();
loadNamespaces();
show();
