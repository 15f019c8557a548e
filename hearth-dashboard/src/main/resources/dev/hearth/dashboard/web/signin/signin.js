import {api, $, param} from '/ui/web/common/app.js';

$('#signin-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  $('#signin-error').textContent = '';
  try {
    await api('POST', '/v2/session', {token: $('#token').value});
    const next = param('next');
    location.href = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  } catch (e) {
    $('#signin-error').textContent = e.message;
    $('#token').select();
  }
});
