import {api, el, $} from '/ui/web/common/app.js';

/* global uPlot */
const CHARTS = [
  {id: 'requests', title: 'Requests by status class (per step)', series: [
    ['2xx', p => p.requests2xx, '#15803d'], ['4xx', p => p.requests4xx, '#b45309'], ['5xx', p => p.requests5xx, '#b91c1c']]},
  {id: 'latency', title: 'Latency (ms)', series: [
    ['p50', p => p.latencyP50 == null ? null : p.latencyP50 * 1000, '#1d4ed8'],
    ['p95', p => p.latencyP95 == null ? null : p.latencyP95 * 1000, '#c2410c']]},
  {id: 'tokens', title: 'Generated tokens/s', series: [['tokens/s', p => p.tokensPerSecond, '#7c3aed']]},
  {id: 'replicas', title: 'Ready replicas', series: [['replicas', p => p.replicas, '#0f766e']]},
  {id: 'cold', title: 'Cold starts (count, longest in s)', series: [
    ['cold starts', p => p.coldStarts, '#be185d'], ['longest (s)', p => p.coldStartSeconds, '#6b655c']]},
];

/** uPlot charts of GET .../metrics, read again every step (5 s). */
export function metrics(path) {
  const plots = new Map();
  // Each chart fills its grid cell (a cell is at least 300 px wide, or the whole width on a phone).
  const width = box => Math.max(240, box.clientWidth - 8);
  async function refresh() {
    let data;
    try {
      data = await api('GET', `${path}/metrics`);
      $('#metrics-error').textContent = '';
    } catch (e) {
      $('#metrics-error').textContent = e.message;
      return;
    }
    const points = data.points;
    const times = points.map(p => p.time / 1000);
    for (const c of CHARTS) {
      const values = [times, ...c.series.map(([, f]) => points.map(f))];
      if (!plots.has(c.id)) {
        const box = el('div', {class: 'chart', id: 'chart-' + c.id, role: 'img', 'aria-label': c.title}, el('h3', {}, c.title));
        $('#charts').append(box);
        plots.set(c.id, new uPlot({width: width(box), height: 180, series: [{}, ...c.series.map(([label, , stroke]) =>
          ({label, stroke, width: 2, spanGaps: false}))], axes: [{}, {size: 50}], legend: {show: true}}, values, box));
      } else {
        plots.get(c.id).setData(values);
      }
    }
    $('#charts').dataset.points = String(points.length);
  }
  refresh();
  setInterval(refresh, 5000);
  window.addEventListener('resize', () => plots.forEach(p => p.setSize({width: width(p.root.parentElement), height: 180})));
}
