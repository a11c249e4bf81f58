// Alerts: what is firing (with acknowledge and silence buttons), what fired lately, and the silences.
// Rules and channels are declared with tock apply; this page acts only on alerts and silences.
import { read, act, put, ns as path } from '../api.js';
import { h, fill, table, empty, when, ago, badge, section } from '../dom.js';
import { actionButton } from '../actions.js';

const SILENCE_FOR_MS = 60 * 60 * 1000;

/** A silence name from a rule and subject: lower-case letters, digits and '-', at most 63. */
function silenceName(alert) {
  const raw = ('ui-' + alert.rule + '-' + alert.subject).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return raw.slice(0, 63).replace(/-+$/, '');
}

/** Whether a rule's subject entry (kind, name and type patterns) takes in the schedule; labels are not checked here. */
function selects(subject, name, type) {
  const glob = (pattern, text) => new RegExp('^' + (pattern || '*').split('*')
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$').test(text || '');
  return subject.kind === 'schedule' && glob(subject.name, name) && glob(subject.type, type);
}

/** A schedule page's alert section: the rules that watch it and its latest alerts. */
export async function scheduleAlerts(ns, name, schedule) {
  const [rules, recent] = await Promise.all([read(path(ns, 'alert-rules')), read(path(ns, 'alerts'), { limit: 200 })]);
  const type = schedule.workflow ? 'tock.workflow' : schedule.jobTemplate && schedule.jobTemplate.type;
  const watching = rules.items.filter(r => (r.spec.subjects || []).some(s => selects(s, name, type)));
  const mine = recent.alerts.filter(a => a.subject === 'schedule/' + name).slice(0, 10);
  return [
    h('p', { data: { testid: 'schedule-rules' } }, watching.length
      ? ['Watched by ', watching.map((r, i) => [i ? ', ' : '', h('strong', null, r.name), ' (',
        r.spec.conditions.map(c => c.type).join(', '), ')'])]
      : h('span', { class: 'muted' }, 'No alert rule watches this schedule.')),
    table(['State', 'Rule', 'Summary', 'Fired', 'Resolved'], mine.length
      ? mine.map(a => h('tr', { data: { alert: a.id, state: a.state } }, h('td', null, badge(a.state, 'alert')), h('td', null, a.rule),
        h('td', null, a.summary), h('td', null, when(a.firedAt)), h('td', null, a.resolvedAt ? when(a.resolvedAt) : '')))
      : empty('No alerts for this schedule.', 5)),
  ];
}

export default {
  mount(root, { ns, query }) {
    const firing = h('div', { data: { testid: 'alerts-firing' } });
    const recent = h('div', { data: { testid: 'alerts-recent' } });
    const silences = h('div', { data: { testid: 'alert-silences' } });
    const focus = query && query.get('alert');
    root.append(h('h1', null, 'Alerts ', h('span', { class: 'muted small' }, 'namespace ' + ns)),
      section('Firing', firing), section('Recent', recent), section('Silences', silences));

    function row(a, actions) {
      return h('tr', { data: { alert: a.id, state: a.state }, class: a.id === focus ? 'selected' : null },
        h('td', null, badge(a.state, 'alert')),
        h('td', null, a.severity),
        h('td', null, h('strong', null, a.rule), h('div', { class: 'muted small' }, a.condition)),
        h('td', null, h('code', null, a.subject)),
        h('td', null, a.summary),
        h('td', { class: 'opt' }, [when(a.firedAt), h('div', { class: 'muted small' }, ago(a.firedAt))]),
        h('td', null, actions ? actions(a) : (a.resolvedAt ? when(a.resolvedAt) : '')));
    }

    function buttons(a) {
      const out = [];
      if (a.acknowledgedBy) {
        out.push(h('span', { class: 'muted small', data: { acked: a.acknowledgedBy } }, 'acknowledged by ' + a.acknowledgedBy), ' ');
      } else {
        out.push(actionButton('Acknowledge', 'Acknowledge alert', () => act(path(ns, 'alerts', a.id, 'ack')),
          { class: 'small', data: { action: 'ack' } }));
      }
      out.push(actionButton('Silence 1h', 'Silence ' + a.rule + ' on ' + a.subject, () => put(path(ns, 'alert-silences', silenceName(a)),
        { rule: a.rule, subject: a.subject, until: new Date(Date.now() + SILENCE_FOR_MS).toISOString(), comment: 'from the dashboard' }),
        { class: 'small', data: { action: 'silence' } }));
      return out;
    }

    async function refresh() {
      const [on, all, quiet] = await Promise.all([
        read(path(ns, 'alerts'), { state: 'firing', limit: 200 }),
        read(path(ns, 'alerts'), { limit: 50 }),
        read(path(ns, 'alert-silences'))]);
      const headers = ['State', 'Severity', 'Rule', 'Subject', 'Summary', { text: 'Fired', class: 'opt' }];
      fill(firing, table([...headers, ''], on.alerts.length ? on.alerts.map(a => row(a, buttons)) : empty('Nothing is firing.', 7)));
      fill(recent, table([...headers, 'Resolved'], all.alerts.length ? all.alerts.map(a => row(a)) : empty('No alerts yet.', 7)));
      fill(silences, table(['Name', 'Rule', 'Subject', 'Until or window', 'Comment'], quiet.items.length
        ? quiet.items.map(s => h('tr', { data: { silence: s.name } },
          h('td', null, s.name), h('td', null, h('code', null, s.spec.rule)), h('td', null, h('code', null, s.spec.subject)),
          h('td', null, s.spec.until ? when(s.spec.until) : s.spec.cron + ' for ' + s.spec.duration + (s.spec.zone ? ' (' + s.spec.zone + ')' : '')),
          h('td', null, s.spec.comment || '')))
        : empty('No silences.', 5)),
      h('p', { class: 'muted small' }, 'Rules and channels are declared with tock apply (kind: AlertRule, AlertChannel); see docs/alerts.md.'));
    }
    return { title: 'Alerts', refresh };
  },
};
