import {stream, el, $} from '/ui/web/common/app.js';

/** Chat through the endpoint's OpenAI route and text generation through TGI's, both streamed token by token. */
export function playground(gateway) {
  const tabs = [['#tab-chat', '#chat-panel'], ['#tab-generate', '#generate-panel']];
  for (const [tab, panel] of tabs) {
    $(tab).addEventListener('click', () => {
      for (const [t, p] of tabs) { $(t).setAttribute('aria-selected', String(t === tab)); $(p).hidden = p !== panel; }
    });
  }
  const messages = [];
  $('#chat-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const text = $('#chat-input').value.trim();
    if (!text) return;
    $('#chat-error').textContent = '';
    messages.push({role: 'user', content: text});
    $('#chat-log').append(el('div', {class: 'msg user'}, text));
    const answer = el('div', {class: 'msg assistant', dataset: {chunks: '0', done: 'false'}});
    $('#chat-log').append(answer);
    $('#chat-input').value = '';
    $('#chat-send').disabled = true;
    try {
      await stream(`${gateway}/v1/chat/completions`, {messages, stream: true,
        max_tokens: Number($('#chat-max-tokens').value) || 24, temperature: Number($('#chat-temperature').value)}, chunk => {
        const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
        if (delta && delta.content) {
          answer.textContent += delta.content;
          answer.dataset.chunks = String(Number(answer.dataset.chunks) + 1);
        }
      });
      messages.push({role: 'assistant', content: answer.textContent});
    } catch (e) {
      $('#chat-error').textContent = e.message;
      messages.pop();
    } finally {
      answer.dataset.done = 'true';
      $('#chat-send').disabled = false;
    }
  });
  $('#generate-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    $('#gen-error').textContent = '';
    const out = $('#gen-output');
    out.textContent = '';
    out.dataset.done = 'false';
    const parameters = {};
    const num = (id, key) => { const v = $(id).value.trim(); if (v !== '') parameters[key] = Number(v); };
    num('#gen-max-new-tokens', 'max_new_tokens'); num('#gen-temperature', 'temperature'); num('#gen-top-p', 'top_p');
    num('#gen-top-k', 'top_k'); num('#gen-repetition-penalty', 'repetition_penalty'); num('#gen-seed', 'seed');
    const stop = $('#gen-stop').value.split(',').map(x => x.trim()).filter(Boolean);
    if (stop.length) parameters.stop = stop;
    try {
      await stream(`${gateway}/generate_stream`, {inputs: $('#gen-inputs').value, parameters}, ev => {
        if (ev.token && !ev.token.special) out.textContent += ev.token.text;
        if (ev.error) throw new Error(ev.error);
      });
    } catch (e) {
      $('#gen-error').textContent = e.message;
    } finally {
      out.dataset.done = 'true';
    }
  });
}
