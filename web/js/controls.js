// Presenter controls: the hyperparameters form (built from the server's own spec of them, so names, ranges,
// defaults and help are stated once, in HyperparameterSpec), start, pause / resume and stop. Shown only to a
// page that proved it holds the token; the server checks the token on every request regardless.
import { request } from './http.js';

function field(spec) {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.name = spec.name;
  input.title = spec.help;
  if (spec.type === 'boolean') {
    input.type = 'checkbox';
    input.checked = spec.defaultValue;
    label.className = 'check';
    label.append(input, ` ${spec.label}`);
    return label;
  }
  input.type = 'number';
  input.required = true;
  input.step = spec.type === 'integer' ? '1' : 'any';
  if (spec.min !== null) input.min = spec.min;
  if (spec.max !== null) input.max = spec.max;
  input.value = spec.defaultValue;
  label.append(spec.label, input);
  return label;
}

export function createControls({ form, fields, pause, stop, resumeRun, message, token, onError }) {
  let shownRun = null;
  let spec = [];
  const say = (text) => { message.textContent = text; };

  request('/api/hyperparameters').then((answer) => {
    if (!answer.ok) return onError(answer.body.error);
    spec = answer.body;
    fields.replaceChildren(...spec.map(field));
  });

  function values() {
    const data = new FormData(form);
    const out = {};
    for (const s of spec) out[s.name] = s.type === 'boolean' ? data.get(s.name) === 'on' : Number(data.get(s.name));
    return out;
  }

  async function send(path, body) {
    const result = await request(path, { method: 'POST', token, body: body === undefined ? {} : body });
    if (!result.ok) {
      const input = result.body.field && form.elements[result.body.field];
      if (input && input.setCustomValidity) {
        input.setCustomValidity(result.body.error);
        input.reportValidity();
        input.addEventListener('input', () => input.setCustomValidity(''), { once: true });
      }
      onError(result.body.error);
    }
    return result;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    say('starting…');
    const result = await send('/api/runs', values());
    say(result.ok ? `started ${result.body.runId}` : '');
  });
  pause.addEventListener('click', async () => {
    const resuming = pause.dataset.action === 'resume';
    await send(resuming ? '/api/runs/current/resume' : '/api/runs/current/pause');
  });
  stop.addEventListener('click', async () => {
    say('stopping after this batch…');
    const result = await send('/api/runs/current/stop');
    say(result.ok ? 'stopped; the last finished epoch is saved' : '');
  });

  // A run that was stopped, or interrupted by a crash or restart, continues from its last saved epoch.
  resumeRun.addEventListener('click', async () => {
    if (!shownRun) return;
    say(`resuming ${shownRun.id}…`);
    const result = await send(shownRun.links.resume);
    say(result.ok ? `resumed ${result.body.runId}` : '');
  });

  return function render(store) {
    const done = store.history.length;
    const total = store.hyperparameters ? store.hyperparameters.epochs : 0;
    const resumable = store.state === 'idle' && store.runId && done < total;
    shownRun = resumable ? { id: store.runId, links: store.links } : null;
    resumeRun.hidden = !resumable;
    resumeRun.textContent = resumable ? `Resume this run (epoch ${done + 1} of ${total})` : 'Resume this run';
    form.hidden = !store.canControl;
    const active = store.state === 'running' || store.state === 'paused';
    form.querySelector('#start').disabled = store.state !== 'idle';
    pause.disabled = !active;
    stop.disabled = !active;
    pause.textContent = store.state === 'paused' ? 'Resume' : 'Pause';
    pause.dataset.action = store.state === 'paused' ? 'resume' : 'pause';
    for (const input of fields.querySelectorAll('input')) input.disabled = store.state !== 'idle';
  };
}
