import {api, session, frame, el, $, ago, copyButton} from '/ui/web/common/app.js';

const s = await session();
frame('tokens', s);
$('#token-namespace').value = s.namespace;

async function load() {
  try {
    const list = await api('GET', '/v2/tokens');
    $('#tokens tbody').replaceChildren(...list.items.map(t => el('tr', {dataset: {id: t.id}},
      el('td', {dataset: {label: 'Id'}}, el('code', {}, t.id)),
      el('td', {dataset: {label: 'Namespace'}}, t.namespace),
      el('td', {dataset: {label: 'Admin'}}, t.admin ? 'yes' : 'no'),
      el('td', {dataset: {label: 'Label'}}, t.label ?? ''),
      el('td', {dataset: {label: 'Created'}}, ago(t.createdAt)),
      el('td', {dataset: {label: 'Last used'}}, ago(t.lastUsedAt)),
      el('td', {}, el('button', {type: 'button', class: 'danger', onclick: async () => {
        if (!confirm(`Revoke token ${t.id}? Requests with it are refused at once.`)) return;
        try { await api('DELETE', `/v2/tokens/${t.id}`); } catch (e) { $('#list-error').textContent = e.message; }
        await load();
      }}, 'Revoke')))));
  } catch (e) {
    $('#list-error').textContent = e.message;
  }
}

$('#token-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  $('#token-error').textContent = '';
  try {
    const t = await api('POST', '/v2/tokens', {namespace: $('#token-namespace').value.trim(),
      admin: $('#token-admin').checked, label: $('#token-label').value.trim() || null});
    $('#new-token-value').textContent = t.token;
    $('#new-token-copy').replaceChildren(copyButton(t.token));
    $('#new-token').hidden = false;
    await load();
  } catch (e) {
    $('#token-error').textContent = e.message;
  }
});
await load();
