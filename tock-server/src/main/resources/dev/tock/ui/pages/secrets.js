// Secrets: names and keys only — values never reach the dashboard, and nothing here can change them.
import { read, ns as path } from '../api.js';
import { h, fill, table, empty, when, ago } from '../dom.js';

export default {
  mount(root, { ns }) {
    const list = h('div', { data: { testid: 'secret-list' } });
    root.append(h('h1', null, 'Secrets ', h('span', { class: 'muted small' }, 'namespace ' + ns)), list);

    async function refresh() {
      const { secrets } = await read(path(ns, 'secrets'));
      const rows = secrets.map(s => h('tr', { data: { secret: s.name } },
        h('td', null, s.name),
        h('td', null, h('code', null, s.keys.join(', '))),
        h('td', { class: 'opt' }, [when(s.updatedAt), h('div', { class: 'muted small' }, ago(s.updatedAt))])));
      fill(list, table(['Name', 'Keys', { text: 'Updated', class: 'opt' }],
        rows.length ? rows : empty('No secrets in this namespace.', 3)),
      h('p', { class: 'muted small' }, 'Values are encrypted and never shown. Create and change secrets with tock secrets or tock apply;'
        + ' executors read them with valueFrom.secretKeyRef.'));
    }
    return { title: 'Secrets', refresh };
  },
};
