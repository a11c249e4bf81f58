// Schedules: each spec in words, when it fires next (in its zone and the viewer's), and when it last did.
import { read, ns as path } from '../api.js';
import { h, fill, link, badge, table, empty, time, when, ago, zoneName } from '../dom.js';

export default {
  mount(root, { ns }) {
    const list = h('div', { data: { testid: 'schedule-list' } });
    root.append(h('h1', null, 'Schedules ', h('span', { class: 'muted small' }, 'namespace ' + ns)), list);

    async function refresh() {
      const { schedules } = await read(path(ns, 'schedules'));
      const rows = schedules.map(s => h('tr', { data: { schedule: s.name, suspended: s.suspend } },
        h('td', null, link(s.name, 'schedules', s.name, { ns })),
        h('td', null, h('div', null, s.description + ' (' + s.timeZone + ')'), h('code', { class: 'muted small' }, s.schedule)),
        h('td', null, s.suspend ? badge('suspended', 'status') : badge('active', 'status')),
        h('td', null, s.nextFireTime
          ? [h('div', null, time(s.nextFireTime, s.timeZone) + ' ' + s.timeZone),
            h('div', { class: 'muted small' }, time(s.nextFireTime) + ' your time · ' + ago(s.nextFireTime))]
          : h('span', { class: 'muted' }, '—')),
        h('td', { class: 'opt' }, s.lastNominalTime ? [when(s.lastNominalTime), h('div', { class: 'muted small' }, ago(s.lastNominalTime))]
          : h('span', { class: 'muted' }, 'never'))));
      fill(list, table(['Name', 'Runs', 'Status', 'Next fire', { text: 'Last fire', class: 'opt' }],
        rows.length ? rows : empty('No schedules in this namespace.', 5)),
      h('p', { class: 'muted small' }, 'Your time is ' + zoneName() + '.'));
    }
    return { title: 'Schedules', refresh };
  },
};
