import {api, session, frame, el, $, badge} from '/ui/web/common/app.js';

const s = await session();
frame('models', s);
try {
  const list = await api('GET', '/v1/models?all=true');
  $('#models tbody').replaceChildren(...list.data.map(m => el('tr', {dataset: {model: m.id}},
    el('td', {dataset: {label: 'Model'}}, el('code', {}, m.id)),
    el('td', {dataset: {label: 'Source'}}, m.source),
    el('td', {dataset: {label: 'Namespace'}}, m.namespace),
    el('td', {dataset: {label: 'Task'}}, m.task ?? m.pipeline_tag ?? '—'),
    el('td', {dataset: {label: 'Context window'}}, m.context_window ?? m.max_total_tokens ?? '—'),
    el('td', {dataset: {label: 'State'}}, m.state ? badge(m.state) : '—'))));
} catch (e) {
  $('#models-error').textContent = e.message;
}
