// Job detail: where a job stands, its payload, every attempt (node, duration, error, output), and what
// can be done with it.
import { read, act, ns as path, ApiError } from '../api.js';
import { h, fill, update, link, badge, section, when, ago, duration, time, errorBlock, firstLine } from '../dom.js';
import { actionButton } from '../actions.js';

const UNFINISHED = ['scheduled', 'ready', 'leased', 'running', 'failed'];

export default {
  mount(root, { ns, id }) {
    const head = h('div', { data: { testid: 'job-head' } });
    const actions = h('div', { class: 'actions', data: { testid: 'job-actions' } });
    const facts = h('div');
    const payload = h('div', { data: { testid: 'payload' } });
    const attempts = h('div', { data: { testid: 'attempts' } });
    root.append(
      h('p', { class: 'crumbs' }, link('Jobs', 'jobs', null, { ns }), ' / ', h('span', { class: 'mono' }, id)),
      head, actions,
      h('div', { class: 'grid two' }, section('Job', facts), section('Payload', payload)),
      section('Attempts', attempts));

    async function refresh() {
      const [job, list] = await Promise.all([read(path(ns, 'jobs', id)), read(path(ns, 'jobs', id, 'attempts'))]);
      update(head, job.state + job.type, () => h('h1', null, job.type + ' ', badge(job.state)));
      update(actions, job.state, () => jobActions(ns, job));
      fill(facts, jobFacts(ns, job));
      update(payload, job.payload, () => h('pre', { class: 'json' }, JSON.stringify(job.payload, null, 2)));
      update(attempts, list.attempts, () => timeline(list.attempts, job));
    }

    function failed(e) {
      if (e instanceof ApiError && e.status === 404) {
        fill(head, h('h1', null, 'Job not found'));
        fill(facts, h('p', null, e.message));
      }
    }
    return { title: 'Job ' + id.slice(0, 8), refresh, failed };
  },
};

function jobActions(ns, job) {
  const post = action => () => act(path(ns, 'jobs', job.id, action));
  return [
    UNFINISHED.includes(job.state)
      ? actionButton('Cancel', 'Cancel job', post('cancel'), { class: 'danger', data: { action: 'cancel' } }) : null,
    job.state === 'dead' || job.state === 'cancelled'
      ? actionButton('Retry', 'Retry job', post('retry'), { class: 'primary', data: { action: 'retry' } }) : null,
    job.state === 'scheduled' || job.state === 'failed'
      ? actionButton('Run now', 'Run job now', post('run-now'), { data: { action: 'run-now' } }) : null,
  ];
}

function jobFacts(ns, job) {
  const row = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
  const labels = Object.entries(job.labels || {});
  return h('dl', { class: 'facts' },
    row('Id', h('span', { class: 'mono' }, job.id)),
    row('Queue', link(job.queue, 'jobs', null, { ns, queue: job.queue })),
    row('Runs', h('span', { class: 'mono', data: { testid: 'job-runs' } }, job.runs)),
    row('Created', when(job.createdAt), ' ', h('span', { class: 'muted' }, ago(job.createdAt))),
    row(job.state === 'scheduled' || job.state === 'failed' ? 'Due' : 'Run at', when(job.runAt), ' ',
      h('span', { class: 'muted' }, ago(job.runAt))),
    job.finishedAt ? row('Finished', when(job.finishedAt), ' ', h('span', { class: 'muted' }, ago(job.finishedAt))) : null,
    row('Attempts', `${job.attempts} of ${job.retry?.maxAttempts ?? '?'}`),
    row('Priority', String(job.priority)),
    job.timeout ? row('Timeout', job.timeout) : null,
    job.idempotencyKey ? row('Idempotency key', h('span', { class: 'mono' }, job.idempotencyKey)) : null,
    labels.length ? row('Labels', labels.map(([k, v]) => h('span', { class: 'tag' }, k + '=' + v))) : null,
    workflowRun(job) ? row('Workflow run', link(workflowRun(job), 'runs', workflowRun(job), { ns }, { data: { testid: 'job-workflow-run' } }),
      job.labels?.['tock.workflow-step'] ? ' step ' + job.labels['tock.workflow-step'] : ' (started by this job)') : null,
    job.leaseOwner ? row(job.state === 'leased' ? 'Held by' : 'Running on', job.leaseOwner) : null,
    job.nominalTime ? row('Nominal time', when(job.nominalTime)) : null,
    job.concurrencyKey || job.concurrencyKeyNote
      ? row('Concurrency key', h('span', { class: 'mono' }, job.concurrencyKey || '""'),
        job.concurrencyKeyNote ? h('span', { class: 'muted' }, ' ' + job.concurrencyKeyNote) : null) : null,
    job.waiting ? row('Waiting', h('span', { data: { testid: 'waiting', reason: job.waiting.reason } }, job.waiting.detail)) : null,
    job.lastError ? row('Last error', h('span', { class: 'error-line' }, firstLine(job.lastError, 300))) : null);
}

/** The workflow run a job belongs to: a step's job names it in a label; a starter job's run has the job's id. */
function workflowRun(job) {
  return job.labels?.['tock.workflow-run'] || (job.type === 'tock.workflow' ? job.id : null);
}

/** Attempts oldest first, each with a bar as long as its share of the longest attempt. */
function timeline(attempts, job) {
  if (!attempts.length) {
    const note = { running: 'The first attempt is running.', leased: 'A node holds the job and starts it when a worker is free.' };
    return h('p', { class: 'muted' }, note[job.state] || 'No attempt yet.');
  }
  const lengths = attempts.map(a => new Date(a.endedAt) - new Date(a.startedAt));
  const longest = Math.max(1, ...lengths);
  return h('ol', { class: 'timeline' }, attempts.map((a, i) => {
    const bar = h('span', { class: ['bar', 'o-' + a.outcome] });
    bar.style.width = Math.max(2, Math.round(100 * lengths[i] / longest)) + '%';
    return h('li', { data: { attempt: a.number, outcome: a.outcome } },
      h('div', { class: 'row' },
        h('strong', null, 'Attempt ' + a.number), ' ', badge(a.outcome, 'outcome'),
        h('span', { class: 'muted push' }, 'on ', h('span', { class: 'mono' }, a.node))),
      h('div', { class: 'row small' },
        h('time', { datetime: a.startedAt, title: a.startedAt }, time(a.startedAt)),
        h('span', { class: 'muted' }, ' → ' + time(a.endedAt).slice(11)),
        h('span', { class: 'push' }, duration(a.startedAt, a.endedAt))),
      h('div', { class: 'bar-track' }, bar),
      a.error ? errorBlock(a.error) : null,
      a.output ? h('details', null, h('summary', null, 'Output (tail)'), h('pre', { class: 'output' }, a.output)) : null);
  }));
}
