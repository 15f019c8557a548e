import {api, session, frame, el, $, badge, ago} from '/ui/web/common/app.js';

const s = await session();
frame('connections', s);
$('#connection-namespace').value = s.namespace;
const base = () => `/v2/connections/${encodeURIComponent($('#connection-namespace').value.trim() || s.namespace)}`;

async function load() {
  $('#list-error').textContent = '';
  try {
    const list = await api('GET', base());
    $('#connections tbody').replaceChildren(...list.items.map(c => el('tr', {dataset: {name: c.name}},
      el('td', {dataset: {label: 'Name'}}, c.name),
      el('td', {dataset: {label: 'Model'}}, el('code', {}, c.model_name)),
      el('td', {dataset: {label: 'Endpoint'}}, el('code', {}, c.endpoint)),
      el('td', {dataset: {label: 'Key'}}, c.api_key_hint ?? '—'),
      el('td', {dataset: {label: 'Status'}}, badge(c.status.state), el('span', {class: 'state-message'}, c.status.lastError ?? '')),
      el('td', {dataset: {label: 'Checked'}}, ago(c.status.checkedAt)),
      el('td', {},
        el('button', {type: 'button', class: 'retest', onclick: () => act('POST', `${base()}/${encodeURIComponent(c.name)}/test`)}, 'Re-test'), ' ',
        el('button', {type: 'button', class: 'danger remove', onclick: () => {
          if (confirm(`Remove connection ${c.name}?`)) act('DELETE', `${base()}/${encodeURIComponent(c.name)}`);
        }}, 'Remove')))));
  } catch (e) {
    $('#list-error').textContent = e.message;
  }
}

async function act(method, path) {
  try { await api(method, path); } catch (e) { $('#list-error').textContent = e.message; return; }
  await load();
}

$('#connection-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  $('#connection-error').textContent = '';
  try {
    // The pasted text goes to the API as it is: its errors (bad JSON, a typo'd key, a refused key) are the server's.
    await api('POST', base(), $('#credential').value, {raw: true});
    $('#credential').value = '';
    await load();
  } catch (e) {
    $('#connection-error').textContent = e.message;
  }
});
$('#connection-namespace').addEventListener('change', load);
await load();
