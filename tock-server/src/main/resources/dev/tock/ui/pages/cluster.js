// Cluster: the nodes sharing the store, what each does, which version it runs, when it was last heard of.
import { read } from '../api.js';
import { h, fill, badge, table, empty, when, ago } from '../dom.js';

/** A node silent for longer than this is shown as silent (heartbeats come every 10 s by default). */
const SILENT_MS = 30000;

export default {
  mount(root) {
    const summary = h('p', { class: 'muted' });
    const list = h('div', { data: { testid: 'node-list' } });
    root.append(h('h1', null, 'Cluster'), summary, list);

    async function refresh() {
      const cluster = await read('/cluster');
      fill(summary, `${cluster.nodes.length} node${cluster.nodes.length === 1 ? '' : 's'}; answered by ${cluster.node}, version ${cluster.version}.`);
      const rows = cluster.nodes.map(n => {
        const since = parseSeconds(n.sinceLastSeen);
        const silent = since * 1000 > SILENT_MS;
        return h('tr', { data: { node: n.id } },
          h('td', { class: 'mono' }, n.id, n.id === cluster.node ? h('span', { class: 'muted small' }, ' (this one)') : null),
          h('td', null, n.roles.map(r => h('span', { class: 'tag' }, r))),
          h('td', null, n.version),
          h('td', { class: 'opt' }, when(n.startedAt)),
          h('td', null, (since < 60 ? since.toFixed(1) + ' s' : Math.round(since / 60) + ' min') + ' ago', h('div', { class: 'muted small opt' }, when(n.lastSeen))),
          h('td', null, silent ? badge('silent', 'status') : badge('live', 'status')));
      });
      fill(list, table(['Node', 'Roles', 'Version', { text: 'Started', class: 'opt' }, 'Last heartbeat', 'Status'],
        rows.length ? rows : empty('No node has registered.', 6)));
    }
    return { title: 'Cluster', refresh };
  },
};

/** "12s", "3m", "1h", "250ms" → seconds. */
function parseSeconds(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text || '');
  if (!m) return 0;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
}
