import {api, session, frame, el, $, badge, copyButton, ago, countdown, endpointEvents, param} from '/ui/web/common/app.js';
import {playground} from '/ui/web/endpoint/playground.js';
import {logs} from '/ui/web/endpoint/logs.js';
import {snippets} from '/ui/web/endpoint/snippets.js';

const s = await session();
frame('endpoints', s);
const ns = param('namespace') || s.namespace;
const name = param('name');
const path = `/v2/endpoint/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;
const gateway = `/endpoints/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;
let current = null;

function show(e) {
  current = e;
  document.title = `${e.name} · Hearth`;
  $('#title').textContent = e.name;
  const st = e.status;
  $('#state').replaceChildren(badge(st.state));
  $('#state-message').textContent = st.message;
  const c = e.compute;
  const items = [
    ['Namespace', ns], ['Model', e.model.repository], ['Task', e.model.task], ['Type', e.type],
    ['Hardware', `${c.instanceType} ${c.instanceSize} (${e.provider.vendor}/${e.provider.region})`],
    ['Replicas', `${st.readyReplica} ready / ${st.targetReplica} target (min ${c.scaling.minReplica}, max ${c.scaling.maxReplica})`],
    ['Scale to zero after', c.scaling.minReplica === 0 ? `${c.scaling.scaleToZeroTimeout ?? 'default'} min idle` : 'never (min ≥ 1)'],
    ['URL', st.url ? el('span', {class: 'url'}, el('code', {id: 'endpoint-url'}, st.url), copyButton(st.url)) : '—'],
    ['Last activity', ago(st.lastActivityAt)], ['Idle', countdown(st.scaleToZeroAt) || '—'],
    ['Created', st.createdAt], ['Updated', st.updatedAt]];
  $('#overview-list').replaceChildren(...items.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  const paused = st.state === 'paused';
  $('#pause').disabled = paused;
  $('#resume').disabled = st.state === 'running';
  $('#scale-to-zero').disabled = paused || st.state === 'scaledToZero';
  if (!$('#review-panel').hidden) return;
  $('#up-repository').value = e.model.repository;
  $('#up-type').value = e.type;
  $('#up-min').value = c.scaling.minReplica;
  $('#up-max').value = c.scaling.maxReplica;
  $('#up-stz').value = c.scaling.scaleToZeroTimeout ?? '';
}

async function action(verb) {
  $('#action-error').textContent = '';
  try { show(await api('POST', `${path}/${verb}`)); } catch (e) { $('#action-error').textContent = e.message; }
}
$('#pause').addEventListener('click', () => action('pause'));
$('#resume').addEventListener('click', () => action('resume'));
$('#scale-to-zero').addEventListener('click', () => action('scale-to-zero'));

/** The sparse patch the update form asks for, and each change as [what, from, to]. */
function patch() {
  const e = current, changes = [], p = {};
  const num = id => $(id).value.trim() === '' ? null : Number($(id).value);
  const scaling = {};
  const check = (what, from, to, put) => { if (to !== from) { changes.push([what, from, to]); put(to); } };
  check('model.repository', e.model.repository, $('#up-repository').value.trim(), v => { p.model = {repository: v}; });
  check('type', e.type, $('#up-type').value, v => { p.type = v; });
  check('compute.scaling.minReplica', e.compute.scaling.minReplica, num('#up-min'), v => { scaling.minReplica = v; });
  check('compute.scaling.maxReplica', e.compute.scaling.maxReplica, num('#up-max'), v => { scaling.maxReplica = v; });
  check('compute.scaling.scaleToZeroTimeout', e.compute.scaling.scaleToZeroTimeout ?? null, num('#up-stz'), v => { scaling.scaleToZeroTimeout = v; });
  if (Object.keys(scaling).length) p.compute = {scaling};
  return {p, changes};
}

$('#update-form').addEventListener('submit', ev => {
  ev.preventDefault();
  $('#update-error').textContent = '';
  const {changes} = patch();
  if (!changes.length) { $('#update-error').textContent = 'Nothing to change'; return; }
  $('#diff').replaceChildren(...changes.map(([what, from, to]) => el('div', {},
    el('strong', {}, what), ': ', el('span', {class: 'from'}, String(from)), ' → ', el('span', {class: 'to'}, String(to)))));
  $('#review-panel').hidden = false;
  $('#apply').focus();
});
$('#cancel-update').addEventListener('click', () => { $('#review-panel').hidden = true; show(current); });
$('#apply').addEventListener('click', async () => {
  try {
    const updated = await api('PUT', path, patch().p);
    $('#review-panel').hidden = true;
    show(updated);
  } catch (e) { $('#update-error').textContent = e.message; }
});

$('#delete-confirm').addEventListener('input', () => { $('#delete-button').disabled = $('#delete-confirm').value !== name; });
$('#delete-button').addEventListener('click', async () => {
  try { await api('DELETE', path); location.href = '/'; } catch (e) { $('#delete-error').textContent = e.message; }
});

try {
  show(await api('GET', path));
} catch (e) {
  $('#page-error').textContent = e.message;
}
endpointEvents(ns, e => { if (e.name === name) show(e); }, d => {
  if (d.name === name) $('#page-error').textContent = `Endpoint ${ns}/${name} was deleted`;
});
playground(gateway);
logs(path);
snippets(ns, name, location.origin + gateway);
import('/ui/web/endpoint/metrics.js').then(m => m.metrics(path)).catch(e => { $('#metrics-error').textContent = String(e.message || e); });
