import {api, el, $} from '/ui/web/common/app.js';

const EVERY_MS = 1500;

/**
 * The replicas' logs from GET .../logs, split at its "==> replica ID (...) <==" headers into one tab per replica,
 * read again every 1.5 s while "Follow live" is on (the whole tail from the first line, up to 10,000 lines).
 */
export function logs(path) {
  let selected = null;
  async function refresh() {
    if (!$('#logs-follow').checked) return;
    try {
      const r = await fetch(`${path}/logs?tail=10000`, {credentials: 'same-origin'});
      const text = await r.text();
      if (!r.ok) { $('#logs-error').textContent = JSON.parse(text).error; return; }
      $('#logs-error').textContent = '';
      const replicas = split(text);
      if (!selected || !replicas.has(selected)) selected = replicas.keys().next().value || null;
      $('#replica-tabs').replaceChildren(...[...replicas.keys()].map(id => el('button', {type: 'button', role: 'tab',
        'aria-selected': String(id === selected), onclick: () => { selected = id; show(replicas); }}, replicas.get(id).title)));
      show(replicas);
    } catch (e) {
      $('#logs-error').textContent = e.message;
    }
  }
  function show(replicas) {
    const pre = $('#log-text');
    const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
    pre.textContent = selected ? replicas.get(selected).lines : 'No replica has run yet.';
    document.querySelectorAll('#replica-tabs button').forEach(b => b.setAttribute('aria-selected', String(b.textContent === replicas.get(selected)?.title)));
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }
  refresh();
  setInterval(refresh, EVERY_MS);
}

function split(text) {
  const replicas = new Map();
  let id = null;
  for (const line of text.split('\n')) {
    const m = /^==> replica (\S+) \((.*)\) <==$/.exec(line);
    if (m) { id = m[1]; replicas.set(id, {title: `${m[1]} (${m[2]})`, lines: ''}); continue; }
    if (id) replicas.get(id).lines += line + '\n';
  }
  return replicas;
}
