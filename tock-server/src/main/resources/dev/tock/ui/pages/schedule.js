// One schedule: what it runs and when, its next fires in its zone and the viewer's, every recent
// nominal time and how it ended (fired, skipped, missed, coalesced), and the actions on it.
import { read, act, ns as path, ApiError } from '../api.js';
import { h, fill, update, link, badge, table, empty, section, time, when, ago, zoneName, fromLocalInput, toLocalInput, shortId } from '../dom.js';
import { actionButton, perform } from '../actions.js';
import { scheduleAlerts } from './alerts.js';

export default {
  mount(root, { ns, id: name }) {
    const head = h('div');
    const actions = h('div', { class: 'actions', data: { testid: 'schedule-actions' } });
    const facts = h('div');
    const next = h('div', { data: { testid: 'next' } });
    const runs = h('div', { data: { testid: 'runs' } });
    const alerting = h('div', { data: { testid: 'schedule-alerts' } });
    root.append(
      h('p', { class: 'crumbs' }, link('Schedules', 'schedules', null, { ns }), ' / ', name),
      head, actions,
      h('div', { class: 'grid two' }, section('Schedule', facts), section('Next fires', next)),
      section('Latest runs', runs),
      section('Alerts', alerting),
      section('Backfill', backfillForm(ns, name)));

    async function refresh() {
      const [s, preview, history] = await Promise.all([
        read(path(ns, 'schedules', name)),
        read(path(ns, 'schedules', name, 'preview'), { count: 5 }),
        read(path(ns, 'schedules', name, 'runs'), { limit: 20 }),
      ]);
      update(head, [s.suspend, s.description], () => h('h1', null, name + ' ',
        s.suspend ? badge('suspended', 'status') : badge('active', 'status')));
      update(actions, s.suspend, () => scheduleActions(ns, name, s));
      fill(facts, scheduleFacts(s));
      fill(next, s.suspend ? h('p', { class: 'muted' }, 'Suspended: it does not fire until resumed.') : fireTable(preview));
      fill(runs, runTable(ns, history.runs, !!s.workflow));
      fill(alerting, await scheduleAlerts(ns, name, s));
    }

    function failed(e) {
      if (e instanceof ApiError && e.status === 404) fill(head, h('h1', null, 'Schedule not found: ' + name));
    }
    return { title: 'Schedule ' + name, refresh, failed };
  },
};

function scheduleActions(ns, name, s) {
  const post = (action, body) => () => act(path(ns, 'schedules', name, action), body);
  const bypass = h('input', { type: 'checkbox', name: 'bypassOverlap' });
  return [
    s.suspend
      ? actionButton('Resume', 'Resume schedule', post('resume'), { class: 'primary', data: { action: 'resume' } })
      : actionButton('Suspend', 'Suspend schedule', post('suspend'), { class: 'danger', data: { action: 'suspend' } }),
    actionButton('Trigger now', 'Trigger schedule', () => act(path(ns, 'schedules', name, 'trigger'),
      { bypassOverlap: bypass.checked }), { data: { action: 'trigger' } }),
    h('label', { class: 'inline' }, bypass, ' bypass overlap policy'),
  ];
}

function scheduleFacts(s) {
  const row = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
  const t = s.jobTemplate || {};
  return h('dl', { class: 'facts' },
    row('Runs', h('strong', null, s.description + ' (' + s.timeZone + ')')),
    row('Spec', h('code', null, s.schedule)),
    s.workflow
      ? row('Workflow', link(s.workflow, 'workflows', null, { ns: s.namespace, workflow: s.workflow }), ' (a run per fire)')
      : row('Job', t.type || '—', t.queue ? ' in queue ' + t.queue : ''),
    row('Overlap', s.overlap),
    row('Missed runs', (s.startingDeadlineSeconds != null ? `deadline ${s.startingDeadlineSeconds}s, ` : 'no deadline, ')
      + `catch up ${s.maxCatchUpRuns} within ${s.catchUpWindow}`),
    s.jitter && s.jitter !== '0s' ? row('Jitter', s.jitter) : null,
    row('History', `keeps ${s.successfulJobsHistoryLimit} succeeded, ${s.failedJobsHistoryLimit} failed`
      + (s.suspendAfterFailures ? `; suspends after ${s.suspendAfterFailures} failures in a row` : '')),
    row('Last scheduled fire', s.lastNominalTime ? [when(s.lastNominalTime), ' ', h('span', { class: 'muted' }, ago(s.lastNominalTime))] : 'never'),
    t.payload !== undefined ? row('Payload', h('pre', { class: 'json' }, JSON.stringify(t.payload, null, 2))) : null,
    s.workflow ? row('Inputs', h('pre', { class: 'json' }, JSON.stringify(s.inputs || {}, null, 2))) : null);
}

function fireTable(preview) {
  const rows = preview.times.map(t => h('tr', null,
    h('td', null, h('time', { datetime: t.utc, title: t.local }, time(t.utc, preview.timeZone))),
    h('td', null, time(t.utc)),
    h('td', { class: 'muted opt' }, ago(t.utc))));
  return table([preview.timeZone, 'Your time (' + zoneName() + ')', { text: '', class: 'opt' }],
    rows.length ? rows : empty('It never fires again.', 3));
}

/** workflow: each fire's job is the starter of a workflow run of the same id, linked too. */
function runTable(ns, runs, workflow) {
  const rows = runs.map(r => h('tr', { data: { nominal: r.nominalTime, outcome: r.outcome } },
    h('td', null, when(r.nominalTime)),
    h('td', null, badge(r.outcome, 'outcome'), r.manual ? h('span', { class: 'muted small' }, ' by hand') : null),
    h('td', null, r.job ? [link(shortId(r.job), 'jobs', r.job, { ns, }, { class: 'mono', title: r.job }), ' ',
      r.jobState ? badge(r.jobState) : h('span', { class: 'muted small' }, 'deleted'),
      workflow ? [' ', link('run', 'runs', r.job, { ns }, { data: { testid: 'fire-run' } })] : null] : h('span', { class: 'muted' }, '—')),
    h('td', { class: 'opt' }, r.node)));
  return table(['Nominal time', 'Outcome', 'Job', { text: 'Recorded by', class: 'opt' }],
    rows.length ? rows : empty('No fire recorded yet.', 4));
}

function backfillForm(ns, name) {
  const now = new Date();
  const from = h('input', { type: 'datetime-local', name: 'from', required: true,
    value: toLocalInput(new Date(now.getTime() - 86400000).toISOString()) });
  const to = h('input', { type: 'datetime-local', name: 'to', required: true, value: toLocalInput(now.toISOString()) });
  const overlap = h('select', { name: 'overlap' }, ['allow', 'forbid', 'replace', 'buffer_one'].map(o => h('option', { value: o }, o)));
  const submit = h('button', { type: 'submit' }, 'Backfill');
  return h('form', { class: 'filters', on: { submit: async e => {
    e.preventDefault();
    submit.disabled = true;
    try {
      await perform('Backfill', async () => {
        const result = await act(path(ns, 'schedules', name, 'backfill'),
          { from: fromLocalInput(from.value), to: fromLocalInput(to.value), overlap: overlap.value });
        return result;
      });
    } finally {
      submit.disabled = false;
    }
  } } },
  h('p', { class: 'muted small wide' }, 'Runs now every nominal time in the range (your time) that never fired, or was skipped, missed or coalesced.'),
  h('label', null, h('span', null, 'From'), from), h('label', null, h('span', null, 'To'), to),
  h('label', null, h('span', null, 'Overlap'), overlap), h('div', { class: 'form-buttons' }, submit));
}
