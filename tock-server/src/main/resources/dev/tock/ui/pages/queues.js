// Queues: how much waits and runs in each, its limit, whether it is paused — and pause or resume it.
import { read, act, ns as path } from '../api.js';
import { h, fill, link, badge, table, empty, number, durationText } from '../dom.js';
import { actionButton } from '../actions.js';

/** A queue's key sharing in a few words: "2 per key · 100/s · key 10/s · fair". */
function sharing(q) {
  const parts = [];
  if (q.perKeyMaxRunning != null) parts.push(q.perKeyMaxRunning + ' per key');
  if (q.perKeyLimits) parts.push(Object.keys(q.perKeyLimits).length + ' named');
  if (q.rateLimit) parts.push(q.rateLimit.rate + (q.rateLimit.burst > 1 ? ' burst ' + q.rateLimit.burst : ''));
  if (q.perKeyRate) parts.push('key ' + q.perKeyRate.rate);
  if (q.fairness) parts.push('fair');
  return parts.length ? parts.join(' · ') : '-';
}

export default {
  mount(root, { ns }) {
    const list = h('div', { data: { testid: 'queue-list' } });
    root.append(h('h1', null, 'Queues ', h('span', { class: 'muted small' }, 'namespace ' + ns)), list);

    async function refresh() {
      const { queues } = await read(path(ns, 'queues'));
      const rows = queues.map(q => {
        const j = q.jobs || {};
        const act_ = action => () => act(path(ns, 'queues', q.name, action));
        return h('tr', { data: { queue: q.name, paused: q.paused } },
          h('td', null, link(q.name, 'jobs', null, { ns, queue: q.name })),
          h('td', { class: 'num' }, number((j.ready || 0) + (j.scheduled || 0) + (j.failed || 0))),
          h('td', { class: 'num opt' }, number(j.ready)),
          h('td', { class: 'num opt' }, number(j.scheduled)),
          h('td', { class: 'num opt' }, number(j.failed)),
          h('td', { class: 'num opt' }, number(j.leased)),
          h('td', { class: 'num' }, number(j.running)),
          h('td', { class: 'num' }, q.maxRunning == null ? 'none' : String(q.maxRunning)),
          h('td', { class: 'opt', data: { testid: 'sharing' } }, sharing(q)),
          h('td', { class: 'num opt' }, durationText(q.startLag)),
          h('td', { class: 'num opt' }, number(j.succeeded) + ' / ' + number(j.dead)),
          h('td', null, q.paused ? badge('paused', 'status') : badge('active', 'status')),
          h('td', null, q.paused
            ? actionButton('Resume', 'Resume queue ' + q.name, act_('resume'), { class: 'small', data: { action: 'resume' } })
            : actionButton('Pause', 'Pause queue ' + q.name, act_('pause'), { class: 'small', data: { action: 'pause' } })));
      });
      const unhandled = queues.flatMap(q => (q.unhandled || []).map(u => h('li', { data: { queue: q.name, type: u.type } },
        `${number(u.ready)} ready job${u.ready === 1 ? '' : 's'} of `, h('span', { class: 'mono' }, u.executor ? u.executor + ' executor' : u.type),
        ' in queue ', link(q.name, 'jobs', null, { ns, queue: q.name }),
        u.executor ? ' that no live node enables' : ' that nothing handles: no live node has a handler and no worker leased the queue in the last minute')));
      const flags = unhandled.length ? h('ul', { class: 'error-line', data: { testid: 'unhandled' } }, ...unhandled) : null;
      fill(list, flags, table(['Queue', { text: 'Waiting', class: 'num' }, { text: 'Ready', class: 'num opt' },
        { text: 'Scheduled', class: 'num opt' }, { text: 'Retrying', class: 'num opt' }, { text: 'Leased', class: 'num opt' },
        { text: 'Running', class: 'num' },
        { text: 'Limit', class: 'num' }, { text: 'Key sharing', class: 'opt' }, { text: 'Start lag', class: 'num opt' },
        { text: 'Succeeded / dead, 1 h', class: 'num opt' }, 'Status', ''],
      rows.length ? rows : empty('No queues: a queue appears once it has settings or jobs.', 13)),
      h('p', { class: 'muted small' }, 'Pausing a queue stops new starts; running jobs finish. The limit caps running and leased jobs across the cluster.'
        + ' Leased jobs are held by a node that starts them when one of its workers is free.'));
    }
    return { title: 'Queues', refresh };
  },
};
