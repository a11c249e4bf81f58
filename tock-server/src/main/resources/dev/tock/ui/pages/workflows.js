// Workflows: each workflow with its step count, its latest run and how many of its runs are active; the
// namespace's runs, newest first, filtered by state and workflow; and, with a workflow picked, a form that starts a
// run of it with its inputs.
import { read, act, ns as path } from '../api.js';
import { h, update, link, href, badge, table, empty, section, when, duration, shortId } from '../dom.js';
import { flash } from '../actions.js';
import { runStates } from './run.js';

export default {
  mount(root, { ns, query }) {
    const list = h('div', { data: { testid: 'workflow-list' } });
    const runs = h('div', { data: { testid: 'workflow-runs' } });
    const starter = h('div', { data: { testid: 'workflow-start' } });
    const state = h('select', { name: 'state' }, h('option', { value: '' }, 'any state'),
      runStates.map(s => h('option', { value: s }, s)));
    const workflow = h('select', { name: 'workflow' }, h('option', { value: '' }, 'any workflow'));
    state.value = query.get('state') || '';
    const filter = () => {
      location.hash = '#/workflows?' + new URLSearchParams(Object.entries({ ns, state: state.value, workflow: workflow.value })
        .filter(([, v]) => v)).toString();
    };
    state.addEventListener('change', filter);
    workflow.addEventListener('change', filter);
    root.append(h('h1', null, 'Workflows ', h('span', { class: 'muted small' }, 'namespace ' + ns)),
      h('div', { class: 'card' }, list), starter,
      section('Runs', h('form', { class: 'filters', on: { submit: e => e.preventDefault() } },
        h('label', null, h('span', null, 'State'), state), h('label', null, h('span', null, 'Workflow'), workflow)), runs));

    async function refresh() {
      // One call: each workflow comes with its latest run and its number of running runs.
      const { workflows } = await read(path(ns, 'workflows'));
      update(list, workflows, () => table(['Workflow', 'Steps', 'Latest run', 'Active runs', { text: 'Changed', class: 'opt' }],
        workflows.length ? workflows.map(w => workflowRow(ns, w)) : empty('No workflows in this namespace.', 5)));
      const names = workflows.map(w => w.name);
      const picked = query.get('workflow') || '';
      if (picked && !names.includes(picked)) names.push(picked);
      update(workflow, names, () => [h('option', { value: '' }, 'any workflow'), names.map(n => h('option', { value: n }, n))]);
      workflow.value = picked;
      const chosen = workflows.find(w => w.name === picked);
      update(starter, chosen ? [chosen.name, chosen.spec.inputs || null] : null, () => chosen ? startForm(ns, chosen) : []);
      const page = await read(path(ns, 'workflow-runs'), { state: query.get('state'), workflow: picked, limit: 50 });
      update(runs, page.runs, () => runTable(ns, page.runs));
    }
    return { title: 'Workflows', refresh };
  },
};

function workflowRow(ns, w) {
  const latest = w.latestRun;
  const active = w.activeRuns || 0;
  const steps = w.spec.steps.length + (w.spec.onExit ? 1 : 0);
  return h('tr', { data: { workflow: w.name, steps, active } },
    h('td', null, link(w.name, 'workflows', null, { ns, workflow: w.name })),
    h('td', { data: { testid: 'steps' } }, String(steps)),
    h('td', null, latest
      ? [link(shortId(latest.id), 'runs', latest.id, { ns }, { class: 'mono', title: latest.id }), ' ', badge(latest.state, 'run'),
        h('div', { class: 'muted small' }, when(latest.createdAt))]
      : h('span', { class: 'muted' }, 'never run')),
    h('td', { data: { testid: 'active' } }, String(active)),
    h('td', { class: 'opt' }, when(w.updatedAt), h('div', { class: 'muted small' }, 'version ' + w.version)));
}

function runTable(ns, runs) {
  const rows = runs.map(r => h('tr', { data: { run: r.id, state: r.state } },
    h('td', null, link(shortId(r.id), 'runs', r.id, { ns }, { class: 'mono', title: r.id })),
    h('td', null, r.workflow),
    h('td', null, badge(r.state, 'run')),
    h('td', null, when(r.createdAt)),
    h('td', { class: 'opt' }, r.finishedAt ? duration(r.createdAt, r.finishedAt) : h('span', { class: 'muted' }, 'running'))));
  return table(['Run', 'Workflow', 'State', 'Started', { text: 'Took', class: 'opt' }],
    rows.length ? rows : empty('No runs match.', 5));
}

/**
 * Starts a run of a workflow: a field per input it declares (left empty, the default applies), or one JSON object
 * when it declares none. A value is read as JSON when it is JSON (3, true, [1,2]) and as text otherwise, as
 * `tock workflows run --input` reads it. The run's page opens once it started.
 */
function startForm(ns, w) {
  const declared = w.spec.inputs;
  const fields = declared ? Object.entries(declared).map(([name, input]) => {
    const field = h('input', { type: 'text', name, required: !('default' in input),
      placeholder: 'default' in input ? JSON.stringify(input.default) : 'required', title: input.description || '' });
    return { name, field, label: h('label', null, h('span', null, name), field) };
  }) : [];
  const free = declared ? null : h('textarea', { name: 'inputs', rows: 2, placeholder: '{"target": "example.com"}' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start run');
  return section('Start a run of ' + w.name, h('form', { class: 'filters', on: { submit: async e => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const run = await act(path(ns, 'workflows', w.name, 'runs'), { inputs: inputsOf(fields, free) });
      // The message goes on the run's page: opening a page clears the one before.
      window.addEventListener('hashchange', () => flash('Start run: done.'), { once: true });
      location.hash = href('runs', run.id, { ns });
    } catch (e) {
      flash('Start run failed: ' + (e.message || String(e)), 'error');
    } finally {
      submit.disabled = false;
    }
  } } },
  h('p', { class: 'muted small wide' }, declared
    ? 'Each value is read as JSON when it is JSON (3, true, [1,2]) and as text otherwise; an empty field takes the default.'
    : 'This workflow declares no inputs: give any as one JSON object, or none.'),
  fields.map(f => f.label), free ? h('label', { class: 'wide' }, h('span', null, 'Inputs'), free) : null,
  h('div', { class: 'form-buttons' }, submit)));
}

function inputsOf(fields, free) {
  if (free) {
    if (!free.value.trim()) return {};
    try {
      return JSON.parse(free.value);
    } catch (e) {
      throw new Error('the inputs are not JSON: ' + e.message);
    }
  }
  const inputs = {};
  for (const { name, field } of fields) {
    if (field.value !== '') inputs[name] = asJson(field.value);
  }
  return inputs;
}

function asJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}
