// A stacked bar chart drawn as SVG by hand: one bar per time bucket, one stacked segment per series.
import { h, time, number } from './dom.js';

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };

/**
 * buckets: [{start, ...values}]; series: [{key, label, cls}]. Returns an <svg> that scales to its box;
 * each bar has a <title> (shown on hover) with its time and values.
 */
export function barChart(buckets, series, caption) {
  const totals = buckets.map(b => series.reduce((sum, s) => sum + (b[s.key] || 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, buckets.length);
  const barW = Math.max(1, step * 0.8);
  const y = v => PAD.top + plotH - (v / max) * plotH;
  const sums = series.map(s => buckets.reduce((sum, b) => sum + (b[s.key] || 0), 0));
  const label = caption + ': ' + series.map((s, i) => `${s.label} ${number(sums[i])}`).join(', ');

  const svg = h('svg:svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': label });
  for (const fraction of [0, 0.5, 1]) {
    const v = max * fraction;
    svg.append(h('svg:line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(h('svg:text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' },
      Number.isInteger(v) ? number(v) : v.toFixed(1)));
  }
  buckets.forEach((b, i) => {
    let base = 0;
    const x = PAD.left + i * step + (step - barW) / 2;
    const group = h('svg:g', { class: 'bar' },
      h('svg:title', null, time(b.start) + ' — ' + series.map(s => `${s.label}: ${number(b[s.key])}`).join(', ')));
    for (const s of series) {
      const v = b[s.key] || 0;
      if (v > 0) {
        group.append(h('svg:rect', { x, width: barW, y: y(base + v), height: Math.max(1, y(base) - y(base + v)), class: s.cls }));
      }
      base += v;
    }
    // An invisible full-height target so that an empty bucket still shows its title on hover.
    group.append(h('svg:rect', { x: PAD.left + i * step, width: step, y: PAD.top, height: plotH, class: 'hit' }));
    svg.append(group);
  });
  if (buckets.length) {
    svg.append(h('svg:text', { x: PAD.left, y: HEIGHT - 6, class: 'axis' }, time(buckets[0].start).slice(11, 16)));
    svg.append(h('svg:text', { x: WIDTH - PAD.right, y: HEIGHT - 6, class: 'axis', 'text-anchor': 'end' },
      time(buckets[buckets.length - 1].start).slice(11, 16)));
  }
  const legend = h('p', { class: 'legend' }, series.map((s, i) =>
    h('span', { class: 'key' }, h('span', { class: ['swatch', s.cls] }), `${s.label} `, h('strong', null, number(sums[i])))));
  return h('figure', { class: 'chart-box' }, svg, legend);
}

/** A round number at or above v for the top of the axis. */
function niceMax(v) {
  const magnitude = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= v) return m * magnitude;
  return 10 * magnitude;
}
