import {api, session, frame, el, $} from '/ui/web/common/app.js';

const s = await session();
frame('new', s);
$('#namespace').value = s.namespace;

async function loadHardware() {
  try {
    const p = await api('GET', `/v2/provider/${encodeURIComponent($('#namespace').value)}`);
    const options = [];
    for (const vendor of p.vendors || []) for (const region of vendor.regions || []) for (const c of region.computes || []) {
      const text = `${c.instanceType} ${c.instanceSize} · ${c.numCpus} CPU · ${c.memoryGb} GB (${vendor.name}/${region.name})`;
      options.push(el('option', {value: JSON.stringify({vendor: vendor.name, region: region.name, accelerator: c.accelerator,
        instanceType: c.instanceType, instanceSize: c.instanceSize})}, text));
    }
    $('#hardware').replaceChildren(...options);
    $('#hardware-error').textContent = options.length ? '' : 'No hardware is offered to this namespace';
  } catch (e) {
    $('#hardware-error').textContent = e.message;
  }
}

/** KEY=value lines as an object; a line without '=' is kept whole as a key so that the API names it. */
function pairs(text) {
  const out = {};
  for (const line of text.split('\n').map(l => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    if (eq < 0) out[line] = ''; else out[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return out;
}

function number(id) {
  const v = $(id).value.trim();
  return v === '' ? null : Number(v);
}

function body() {
  const hw = $('#hardware').value ? JSON.parse($('#hardware').value) : {};
  const image = $('#image-url').value.trim()
    ? {custom: {url: $('#image-url').value.trim(), health_route: $('#health-route').value.trim() || '/health'}}
    : {huggingface: {}};
  return {
    name: $('#name').value.trim(), type: $('#type').value,
    provider: {vendor: hw.vendor || 'hearth', region: hw.region || 'local'},
    compute: {accelerator: hw.accelerator || 'cpu', instanceType: hw.instanceType || 'cpu', instanceSize: hw.instanceSize || 'x1',
      scaling: {minReplica: number('#min-replica'), maxReplica: number('#max-replica'), scaleToZeroTimeout: number('#scale-to-zero')}},
    model: {repository: $('#repository').value.trim(), framework: image.custom ? 'custom' : 'pytorch', task: $('#task').value,
      image, env: pairs($('#env').value), secrets: pairs($('#secrets').value)},
  };
}

/** The field an API message is about: the API names the JSON path (compute.scaling...), the name or the model. */
function fieldOf(message) {
  const m = message.toLowerCase();
  const rules = [['scaletozerotimeout', 'scale-to-zero'], ['compute.scaling', 'scaling'], ['endpoint name', 'name'],
    ['already exists', 'name'], ['namespace', 'namespace'], ['model.task', 'task'], ['model.image', 'image'],
    ['model.secrets', 'secrets'], ['model.env', 'env'], ['type must', 'type'], ['instancesize', 'hardware'],
    ['compute.', 'hardware'], ['provider.', 'hardware'], ['model', 'repository'], ['path', 'repository'],
    ['repository', 'repository'], ['name', 'name']];
  for (const [key, field] of rules) if (m.includes(key)) return field;
  return 'form';
}

$('#namespace').addEventListener('change', loadHardware);
$('#create-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  document.querySelectorAll('#create-form .error').forEach(e => { e.textContent = ''; });
  const ns = $('#namespace').value.trim();
  try {
    const e = await api('POST', `/v2/endpoint/${encodeURIComponent(ns)}`, body());
    location.href = `/ui/endpoint?namespace=${encodeURIComponent(ns)}&name=${encodeURIComponent(e.name)}`;
  } catch (e) {
    const target = $('#' + fieldOf(e.message) + '-error');
    target.textContent = e.message;
    const input = target.parentElement.querySelector('input, select, textarea');
    if (input) input.setAttribute('aria-invalid', 'true');
  }
});
await loadHardware();
