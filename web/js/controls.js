// Presenter controls: the hyperparameters form (built from the server's own spec of them, so names, ranges,
// defaults and help are stated once, in HyperparameterSpec), start, pause / resume and stop. Shown only to a
// page that proved it holds the token; the server checks the token on every request regardless.
import { request } from './http.js';

// One field of the form, its help written under it (a phone shows no hover tooltip). A value 0 that is a
// choice of its own (images per epoch: all 60,000) gets a checkbox by that name.
function field(spec) {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.name = spec.name;
  const help = document.createElement('small');
  help.className = 'help';
  help.textContent = spec.help;
  if (spec.type === 'boolean') {
    input.type = 'checkbox';
    input.checked = spec.defaultValue;
    label.className = 'check';
    label.append(input, ` ${spec.label}`);
    const wrap = document.createElement('div');
    wrap.className = 'check-field';
    wrap.append(label, help);
    return wrap;
  }
  input.type = 'number';
  input.required = true;
  input.step = spec.type === 'integer' ? '1' : 'any';
  if (spec.min !== null) input.min = spec.min;
  if (spec.max !== null) input.max = spec.max;
  input.value = spec.defaultValue;
  label.append(spec.label, input);
  if (spec.zeroMeans) {
    const all = document.createElement('label');
    all.className = 'check zero';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.dataset.zeroFor = spec.name;
    all.append(box, ` ${spec.zeroMeans}`);
    box.addEventListener('change', () => setZero(input, box, box.checked));
    input.addEventListener('input', () => { box.checked = input.value !== '' && Number(input.value) === 0; });
    setZero(input, box, Number(spec.defaultValue) === 0);
    help.textContent = spec.help.replace(/, 0 = .*/, '');
    label.append(all);
  }
  label.append(help);
  return label;
}

// Ticking the box writes 0; typing another number unticks it.
function setZero(input, box, zero) {
  box.checked = zero;
  if (zero) input.value = 0;
  else if (Number(input.value) === 0) input.value = '';
}

export function createControls({ form, fields, pause, stop, resumeRun, message, token, onError }) {
  let shownRun = null;
  let lastStore = null;
  let spec = [];
  const say = (text) => { message.textContent = text; };

  request('/api/hyperparameters').then((answer) => {
    if (!answer.ok) return onError(answer.body.error);
    spec = answer.body;
    fields.replaceChildren(...spec.map(field));
    if (lastStore) fillFrom(lastStore.hyperparameters, lastStore.runId);
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
    const saved = lastStore ? lastStore.history.length : 0;
    say(!result.ok ? '' : saved ? `stopped; epoch ${saved}, the last finished, is saved`
      : 'stopped before the first epoch ended: nothing was saved');
  });

  // A run that was stopped, or interrupted by a crash or restart, continues from its last saved epoch.
  resumeRun.addEventListener('click', async () => {
    if (!shownRun) return;
    say(`resuming ${shownRun.id}…`);
    const result = await send(shownRun.links.resume);
    say(result.ok ? `resumed ${result.body.runId}` : '');
  });

  // The form shows the settings of the run on show (after a reload, the running run's, not the defaults),
  // once per run: what the presenter types while idle is left alone.
  let filledFrom = null;
  function fillFrom(h, runId) {
    if (!h || !spec.length || filledFrom === runId) return;
    filledFrom = runId;
    for (const s of spec) {
      const input = form.elements[s.name];
      if (!input || h[s.name] === undefined) continue;
      if (s.type === 'boolean') input.checked = h[s.name];
      else input.value = h[s.name];
      const zero = fields.querySelector(`[data-zero-for="${s.name}"]`);
      if (zero) setZero(input, zero, Number(h[s.name]) === 0);
    }
  }

  return function render(store) {
    lastStore = store;
    fillFrom(store.hyperparameters, store.runId);
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
    // The button the presenter most likely wants is the filled one: Resume when a run can go on, else Start.
    form.querySelector('#start').classList.toggle('secondary', resumable);
    resumeRun.classList.toggle('secondary', !resumable);
  };
}
