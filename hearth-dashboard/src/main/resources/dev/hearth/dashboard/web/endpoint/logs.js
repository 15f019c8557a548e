import {el, $} from '/ui/web/common/app.js';

/** What the page keeps of one replica's log; older text is dropped beyond it, so a long-running page stays small. */
const MAX_CHARS = 2_000_000;

/**
 * The replicas' logs, streamed by GET .../logs/stream (server-sent events): one tab per replica, each log from its
 * first line, then lines as they are written; a replica that starts later gets a new tab. "Follow live" keeps the
 * view at the newest line; unchecked, the view stays still (the lines keep arriving and show when it is checked).
 */
export function logs(path) {
  const replicas = new Map(); // id -> {label, text}
  let selected = null;
  const source = new EventSource(`${path}/logs/stream`, {withCredentials: true});
  source.addEventListener('open', () => {
    // A reconnect streams every log again from its first line: start over rather than show it twice.
    replicas.clear();
    selected = null;
    $('#logs-error').textContent = '';
    render();
  });
  source.addEventListener('replica', e => {
    const r = JSON.parse(e.data);
    const known = replicas.get(r.replica);
    if (known) known.label = r.label; else replicas.set(r.replica, {label: r.label, text: ''});
    if (!selected) selected = r.replica;
    renderTabs();
  });
  source.addEventListener('log', e => {
    const r = JSON.parse(e.data);
    const replica = replicas.get(r.replica);
    if (!replica) return;
    replica.text += r.text;
    if (replica.text.length > MAX_CHARS) replica.text = replica.text.slice(replica.text.length - MAX_CHARS);
    if (r.replica === selected) showText();
  });
  source.addEventListener('deleted', () => {
    source.close();
    $('#logs-error').textContent = 'This endpoint was deleted.';
  });
  source.addEventListener('error', () => {
    $('#logs-error').textContent = source.readyState === EventSource.CLOSED
      ? 'The log stream was closed; reload the page to read it again.'
      : 'The log stream was interrupted; reconnecting…';
  });
  $('#logs-follow').addEventListener('change', showText);

  function render() {
    renderTabs();
    showText();
  }
  function renderTabs() {
    $('#replica-tabs').replaceChildren(...[...replicas.entries()].map(([id, r]) => el('button', {type: 'button', role: 'tab',
      'data-replica': id, 'aria-selected': String(id === selected),
      onclick: () => { selected = id; render(); }}, `${id} (${r.label})`)));
  }
  function showText() {
    if (!$('#logs-follow').checked) return;
    const pre = $('#log-text');
    pre.textContent = selected ? replicas.get(selected).text : 'No replica has run yet.';
    pre.scrollTop = pre.scrollHeight;
  }
}
