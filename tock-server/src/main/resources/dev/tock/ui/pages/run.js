// One workflow run: its graph as the definition it started with (steps as boxes coloured by state, `needs`
// and `sameAs` as arrows, a fan-out step as one box counting its items by state), every step instance with
// its job, and Cancel and Retry. A box with one job opens that job's page (its attempts); a fan-out box
// shows its items in the table below.
import { read, act, ns as path, ApiError } from '../api.js';
import { h, fill, update, link, badge, table, empty, section, when, duration, shortId, firstLine } from '../dom.js';
import { actionButton } from '../actions.js';

export const runStates = ['running', 'succeeded', 'failed', 'cancelled'];

const BOX = { w: 184, h: 66, gapX: 56, gapY: 22, pad: 12 };

export default {
  mount(root, { ns, id, query }) {
    const head = h('div');
    const actions = h('div', { class: 'actions', data: { testid: 'run-actions' } });
    const facts = h('div');
    const graph = h('div', { class: 'graph-wrap', data: { testid: 'run-graph' } });
    const steps = h('div', { data: { testid: 'run-steps' } });
    let selected = query.get('step') || '';
    const select = step => {
      selected = selected === step ? '' : step;
      refresh();
      steps.scrollIntoView({ block: 'nearest' });
    };
    root.append(
      h('p', { class: 'crumbs' }, link('Workflows', 'workflows', null, { ns }), ' / run ', shortId(id)),
      head, actions, section('Run', facts), section('Graph', graph), section('Step instances', steps));

    async function refresh() {
      const run = await read(path(ns, 'workflow-runs', id));
      update(head, [run.state], () => h('h1', null, run.workflow + ' ', badge(run.state, 'run')));
      update(actions, run.state, () => runActions(ns, id, run));
      update(facts, [run.state, run.finishedAt], () => runFacts(ns, run));
      update(graph, [run.state, run.steps, selected], () => drawGraph(ns, run, selected, select));
      update(steps, [run.steps, selected], () => instanceTable(ns, run, selected, () => select(selected)));
    }

    function failed(e) {
      if (e instanceof ApiError && e.status === 404) fill(head, h('h1', null, 'Workflow run not found: ' + id));
    }
    return { title: 'Workflow run ' + shortId(id), refresh, failed };
  },
};

function runActions(ns, id, run) {
  const post = action => () => act(path(ns, 'workflow-runs', id, action));
  return [
    run.state === 'running'
      ? actionButton('Cancel', 'Cancel run', post('cancel'), { class: 'danger', data: { action: 'cancel' } }) : null,
    run.state === 'failed' || run.state === 'cancelled'
      ? actionButton('Retry', 'Retry run', post('retry'), { class: 'primary', data: { action: 'retry' },
        title: 'Runs its dead or cancelled steps and the steps after them again; succeeded steps keep their outputs' }) : null,
  ];
}

function runFacts(ns, run) {
  const row = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
  return h('dl', { class: 'facts' },
    row('Workflow', link(run.workflow, 'workflows', null, { ns, workflow: run.workflow })),
    row('Run', h('code', null, run.id)),
    row('Started', when(run.createdAt)),
    row('Ended', run.finishedAt ? [when(run.finishedAt), h('span', { class: 'muted' }, ' after ' + duration(run.createdAt, run.finishedAt))] : '—'),
    row('Inputs', h('pre', { class: 'json' }, JSON.stringify(run.inputs, null, 2))));
}

/** Where a job or instance state falls when counting a fan-out step's items. */
function bucket(state) {
  if (state === 'succeeded') return 'succeeded';
  if (state === 'dead') return 'failed';
  if (state === 'leased' || state === 'running' || state === 'failed' || state === 'active') return 'running';
  if (state === 'waiting' || state === 'ready' || state === 'scheduled') return 'pending';
  return state; // cancelled, skipped
}

/** What a step's box shows: its state, its job (one instance) or its items counted by state (fan-out). */
function stepView(step, instances) {
  const own = instances.find(i => !i.itemKey);
  const items = instances.filter(i => i.itemKey);
  const fanOut = !!step.forEach;
  if (!own && !items.length) return { state: 'pending', fanOut, counts: null };
  if (!fanOut) return { state: own ? own.state : 'pending', fanOut, job: own && own.jobId, counts: null };
  const counts = { succeeded: 0, failed: 0, running: 0, pending: 0, cancelled: 0, skipped: 0 };
  for (const i of items) counts[bucket(i.state)] = (counts[bucket(i.state)] || 0) + 1;
  const state = counts.running || counts.pending ? 'running' : own ? own.state : 'pending';
  return { state, fanOut, counts, total: own && own.items != null ? own.items : items.length };
}

/** Columns by depth along needs and sameAs; onExit in a column of its own at the end. */
function layout(def) {
  const byName = new Map(def.steps.map(s => [s.name, s]));
  const deps = s => [...new Set([...(s.needs || []), ...(s.forEach && s.forEach.sameAs ? [s.forEach.sameAs] : [])])]
    .filter(d => byName.has(d));
  const depth = new Map();
  const depthOf = s => {
    if (!depth.has(s.name)) {
      depth.set(s.name, 0);
      depth.set(s.name, Math.max(-1, ...deps(s).map(d => depthOf(byName.get(d)))) + 1);
    }
    return depth.get(s.name);
  };
  const columns = [];
  for (const s of def.steps) (columns[depthOf(s)] ||= []).push(s);
  if (def.onExit) columns.push([{ ...def.onExit, onExit: true }]);
  const at = new Map();
  columns.forEach((col, c) => col.forEach((s, r) => at.set(s.name, {
    x: BOX.pad + c * (BOX.w + BOX.gapX), y: BOX.pad + r * (BOX.h + BOX.gapY) })));
  const rows = Math.max(...columns.map(c => c.length));
  return { at, deps, steps: columns.flat(), width: BOX.pad * 2 + columns.length * BOX.w + (columns.length - 1) * BOX.gapX,
    height: BOX.pad * 2 + rows * BOX.h + (rows - 1) * BOX.gapY };
}

function drawGraph(ns, run, selected, select) {
  const def = run.definition;
  const { at, deps, steps, width, height } = layout(def);
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'run-graph', role: 'img',
    'aria-label': 'Steps of run ' + run.id });
  svg.append(h('svg:defs', null, h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto-start-reverse' }, h('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  for (const s of steps) {
    for (const d of s.onExit ? [] : deps(s)) {
      const from = at.get(d);
      const to = at.get(s.name);
      const x1 = from.x + BOX.w, y1 = from.y + BOX.h / 2, x2 = to.x - 2, y2 = to.y + BOX.h / 2, mid = (x1 + x2) / 2;
      svg.append(h('svg:path', { d: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`, class: 'edge',
        'marker-end': 'url(#arrow)', data: { from: d, to: s.name } }));
    }
  }
  for (const s of steps) svg.append(stepBox(ns, s, stepView(s, run.steps.filter(i => i.step === s.name)), at.get(s.name), selected, select));
  return svg;
}

function stepBox(ns, step, view, { x, y }, selected, select) {
  const lines = [];
  if (view.counts) {
    const c = view.counts;
    lines.push(`${c.succeeded} succeeded · ${c.failed} failed`, `${c.running} running · ${c.pending} pending`);
  } else {
    lines.push(view.state + (step.onExit ? ' · on exit' : ''));
  }
  const box = h('svg:g', { class: ['step', 's-' + bucketClass(view.state), step.onExit ? 'on-exit' : null,
    selected === step.name ? 'selected' : null],
  data: { step: step.name, state: view.state, fanout: view.fanOut || null,
    ...(view.counts ? { succeeded: view.counts.succeeded, failed: view.counts.failed, running: view.counts.running,
      pending: view.counts.pending, items: view.total } : {}) } },
  h('svg:title', null, step.name + ': ' + lines.join(', ')),
  h('svg:rect', { x, y, width: BOX.w, height: BOX.h, rx: 8 }),
  h('svg:text', { x: x + 10, y: y + 22, class: 'step-name' }, step.name, view.counts ? ' × ' + view.total : ''),
  lines.map((line, i) => h('svg:text', { x: x + 10, y: y + 42 + i * 15, class: 'step-detail' }, line)));
  if (view.job) {
    return h('svg:a', { href: '#/jobs/' + encodeURIComponent(view.job) + '?ns=' + encodeURIComponent(ns),
      'aria-label': step.name + ': job ' + view.job }, box);
  }
  if (view.fanOut && view.counts) {
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'button');
    box.setAttribute('aria-label', step.name + ': show its items');
    box.addEventListener('click', () => select(step.name));
    box.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(step.name); } });
  }
  return box;
}

/** The colour of a state: the job states as the badges colour them, plus the states only instances have. */
function bucketClass(state) {
  return state === 'active' || state === 'leased' ? 'running' : state === 'waiting' ? 'pending' : state;
}

function instanceTable(ns, run, selected, clear) {
  const shown = run.steps.filter(i => !selected || i.step === selected);
  const rows = shown.map(i => h('tr', { data: { step: i.step, item: i.itemKey || null, state: i.state } },
    h('td', null, i.step),
    h('td', { class: 'mono' }, i.itemKey || (i.items != null ? i.items + ' items' : '')),
    h('td', null, badge(i.state)),
    h('td', null, i.jobId ? link(shortId(i.jobId), 'jobs', i.jobId, { ns }, { class: 'mono', title: i.jobId })
      : h('span', { class: 'muted' }, '—')),
    h('td', { class: 'opt' }, i.error ? firstLine(i.error, 120) : i.output !== undefined && i.output !== null
      ? h('code', { class: 'small' }, firstLine(JSON.stringify(i.output), 120)) : '')));
  return [
    selected ? h('p', { class: 'muted small' }, 'Items of ', h('strong', null, selected), ' ',
      h('button', { type: 'button', class: 'small', data: { action: 'all-steps' }, on: { click: clear } }, 'Show every step')) : null,
    table(['Step', 'Item', 'State', 'Job', { text: 'Output or error', class: 'opt' }],
      rows.length ? rows : empty('No step has started yet.', 5)),
  ];
}
