import {api, session, frame, el, $, badge, copyButton, ago, countdown, endpointEvents} from '/ui/web/common/app.js';

const s = await session();
frame('endpoints', s);
const rows = new Map(); // name -> the endpoint's latest view
let namespace = new URLSearchParams(location.search).get('namespace') || s.namespace;
let events = null;
$('#namespace').value = namespace;

function row(e) {
  const st = e.status;
  const url = st.url ? el('div', {class: 'url'}, el('code', {}, st.url), copyButton(st.url)) : el('span', {class: 'muted'}, '—');
  const link = `/ui/endpoint?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(e.name)}`;
  return el('tr', {dataset: {name: e.name, state: st.state}},
    el('td', {dataset: {label: 'Name'}}, el('a', {href: link}, e.name)),
    el('td', {dataset: {label: 'State'}}, el('div', {}, badge(st.state), el('span', {class: 'state-message'}, st.message))),
    el('td', {dataset: {label: 'Task'}}, e.model.task),
    el('td', {dataset: {label: 'Model'}}, el('code', {}, e.model.repository)),
    el('td', {dataset: {label: 'Replicas'}, class: 'replicas'}, `${st.readyReplica}/${st.targetReplica}`),
    el('td', {dataset: {label: 'URL'}}, url),
    el('td', {dataset: {label: 'Last activity'}}, ago(st.lastActivityAt)),
    el('td', {dataset: {label: 'Idle', at: st.scaleToZeroAt || ''}, class: 'idle'}, countdown(st.scaleToZeroAt)));
}

function render() {
  const q = $('#search').value.trim().toLowerCase();
  const state = $('#state-filter').value;
  const body = $('#endpoints tbody');
  const shown = [...rows.values()].filter(e => (!q || e.name.toLowerCase().includes(q)) && (!state || e.status.state === state));
  body.replaceChildren(...shown.map(row));
  $('#empty').hidden = rows.size > 0;
}

async function load() {
  $('#list-error').textContent = '';
  rows.clear();
  try {
    const list = await api('GET', `/v2/endpoint/${encodeURIComponent(namespace)}`);
    for (const e of list.items) rows.set(e.name, e);
  } catch (e) {
    $('#list-error').textContent = e.message;
  }
  render();
  if (events) events.close();
  events = endpointEvents(namespace, e => { rows.set(e.name, e); render(); }, d => { rows.delete(d.name); render(); });
}

$('#search').addEventListener('input', render);
$('#state-filter').addEventListener('change', render);
$('#namespace').addEventListener('change', () => { namespace = $('#namespace').value.trim() || s.namespace; load(); });
setInterval(() => document.querySelectorAll('td.idle').forEach(td => { td.textContent = countdown(td.dataset.at); }), 1000);
await load();
