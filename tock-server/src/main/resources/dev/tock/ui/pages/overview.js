// Overview: is work getting done, what is failing, what runs now and what runs next.
import { read, ns as path } from '../api.js';
import { h, fill, link, badge, table, empty, section, when, ago, number, firstLine, time, durationText } from '../dom.js';
import { barChart } from '../chart.js';

export default {
  mount(root, { ns }) {
    const totals = h('div', { class: 'stats', data: { testid: 'totals' } });
    const throughput = h('div', { class: 'chart-slot', data: { testid: 'throughput' } });
    const failures = h('div', { class: 'chart-slot', data: { testid: 'failure-chart' } });
    const queues = h('div', { data: { testid: 'queue-depth' } });
    const running = h('div', { data: { testid: 'running' } });
    const nextFires = h('div', { data: { testid: 'next-fires' } });
    const recent = h('div', { data: { testid: 'recent-failures' } });
    root.append(
      h('h1', null, 'Overview ', h('span', { class: 'muted small' }, 'namespace ' + ns)),
      totals,
      h('div', { class: 'grid two' },
        section('Throughput, last hour', throughput),
        section('Failures, last hour', failures)),
      h('div', { class: 'grid two' },
        section('Queue depth', queues),
        section('Running now', running)),
      h('div', { class: 'grid two' },
        section('Next fires', nextFires),
        section('Recent failures', recent)));

    async function refresh() {
      const [tp, qs, run, fires, fails] = await Promise.all([
        read(path(ns, 'throughput'), { window: '1h', bucket: '1m' }),
        read(path(ns, 'queues')),
        read(path(ns, 'jobs'), { state: 'running', limit: 10 }),
        read(path(ns, 'next-fires'), { limit: 8 }),
        read(path(ns, 'failures'), { limit: 10 }),
      ]);
      renderTotals(totals, tp.buckets, qs.queues);
      fill(throughput, barChart(tp.buckets, [{ key: 'succeeded', label: 'Succeeded', cls: 's-ok' }], 'Jobs succeeded per minute'));
      fill(failures, barChart(tp.buckets, [
        { key: 'failedAttempts', label: 'Failed attempts', cls: 's-fail' },
        { key: 'dead', label: 'Dead', cls: 's-dead' },
        { key: 'cancelled', label: 'Cancelled', cls: 's-cancel' },
      ], 'Failures per minute'));
      fill(queues, queueTable(ns, qs.queues));
      fill(running, runningTable(ns, run.jobs));
      fill(nextFires, fireTable(ns, fires.fires));
      fill(recent, failureList(ns, fails.failures));
    }
    return { title: 'Overview', refresh };
  },
};

function sum(list, f) {
  return list.reduce((n, x) => n + (f(x) || 0), 0);
}

function renderTotals(el, buckets, queues) {
  const stat = (label, value, cls, test) => h('div', { class: ['stat', cls], data: { stat: test } },
    h('span', { class: 'stat-value' }, number(value)), h('span', { class: 'stat-label' }, label));
  fill(el,
    stat('running now', sum(queues, q => q.jobs?.running), 'st-run', 'running'),
    stat('leased, not started', sum(queues, q => q.jobs?.leased), '', 'leased'),
    stat('waiting', sum(queues, q => (q.jobs?.ready || 0) + (q.jobs?.scheduled || 0) + (q.jobs?.failed || 0)), '', 'waiting'),
    stat('succeeded, 1 h', sum(buckets, b => b.succeeded), 'st-ok', 'succeeded'),
    stat('failed attempts, 1 h', sum(buckets, b => b.failedAttempts), 'st-fail', 'failed'),
    stat('dead, 1 h', sum(buckets, b => b.dead), 'st-dead', 'dead'));
}

function queueTable(ns, queues) {
  const rows = queues.map(q => h('tr', { data: { queue: q.name } },
    h('td', null, link(q.name, 'jobs', null, { ns, queue: q.name }), q.paused ? [' ', badge('paused', 'flag')] : null),
    h('td', { class: 'num' }, number(q.jobs?.ready)),
    h('td', { class: 'num' }, number(q.jobs?.scheduled)),
    h('td', { class: 'num' }, number(q.jobs?.failed)),
    h('td', { class: 'num opt' }, number(q.jobs?.leased)),
    h('td', { class: 'num' }, number(q.jobs?.running)),
    h('td', { class: 'num opt' }, durationText(q.startLag))));
  return table(['Queue', { text: 'Ready', class: 'num' }, { text: 'Scheduled', class: 'num' },
    { text: 'Retrying', class: 'num' }, { text: 'Leased', class: 'num opt' }, { text: 'Running', class: 'num' },
    { text: 'Start lag', class: 'num opt' }],
  rows.length ? rows : empty('No queues yet.', 7));
}

function runningTable(ns, jobs) {
  const rows = jobs.map(j => h('tr', { data: { job: j.id } },
    h('td', null, link(j.type, 'jobs', j.id, { ns })),
    h('td', null, j.queue),
    h('td', { class: 'opt' }, j.leaseOwner || '—'),
    h('td', null, 'attempt ' + j.attempts)));
  return table(['Type', 'Queue', { text: 'Node', class: 'opt' }, 'Attempt'], rows.length ? rows : empty('Nothing runs right now.', 4));
}

function fireTable(ns, fires) {
  const rows = fires.map(f => h('tr', { data: { schedule: f.schedule } },
    h('td', null, link(f.schedule, 'schedules', f.schedule, { ns })),
    h('td', null, when(f.time), h('span', { class: 'muted small' }, ' ' + ago(f.time))),
    h('td', { class: 'opt' }, h('span', { title: f.local }, f.description + ' (' + f.timeZone + ')'))));
  return table(['Schedule', 'Your time', { text: 'When', class: 'opt' }], rows.length ? rows : empty('No active schedules.', 3));
}

function failureList(ns, failures) {
  if (!failures.length) return h('p', { class: 'muted' }, 'No failed attempts.');
  return h('ul', { class: 'failures' }, failures.map(f => h('li', { data: { job: f.job } },
    h('div', { class: 'row' },
      link(f.type, 'jobs', f.job, { ns }), ' ', badge(f.outcome, 'outcome'), ' ', badge(f.jobState),
      h('span', { class: 'muted small push' }, h('time', { datetime: f.endedAt, title: time(f.endedAt) }, ago(f.endedAt)))),
    h('div', { class: 'error-line' }, firstLine(f.error) || '(no error message)'),
    h('div', { class: 'muted small' }, `attempt ${f.attempt} on ${f.node} · queue ${f.queue}`))));
}
