// Presenter controls: the hyperparameters form, start, pause / resume and stop. Shown only to a page
// that proved it holds the token; the server checks the token on every request regardless.
import { control } from './api.js';

export function createControls({ form, pause, stop, resumeRun, message, token, onError }) {
  let shownRun = null;
  function say(text) {
    message.textContent = text;
  }

  function values() {
    const data = new FormData(form);
    const number = (name) => Number(data.get(name));
    return {
      epochs: number('epochs'), batchSize: number('batchSize'), learningRate: number('learningRate'),
      latentDim: number('latentDim'), beta: number('beta'), warmupEpochs: number('warmupEpochs'),
      seed: number('seed'), trainLimit: number('trainLimit'), exact: data.get('exact') === 'on',
    };
  }

  async function send(path, body) {
    const result = await control(token, path, body);
    if (!result.ok) {
      const field = result.body.field && form.elements[result.body.field];
      if (field && field.setCustomValidity) {
        field.setCustomValidity(result.body.error);
        field.reportValidity();
        field.addEventListener('input', () => field.setCustomValidity(''), { once: true });
      }
      onError(result.body.error || `request failed (${result.status})`);
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
    say(`resuming ${shownRun}…`);
    const result = await send(`/api/runs/${encodeURIComponent(shownRun)}/resume`);
    say(result.ok ? `resumed ${result.body.runId}` : '');
  });

  return function render(store) {
    const done = store.history.length;
    const total = store.hyperparameters ? store.hyperparameters.epochs : 0;
    const resumable = store.state === 'idle' && store.runId && done < total;
    shownRun = resumable ? store.runId : null;
    resumeRun.hidden = !resumable;
    resumeRun.textContent = resumable ? `Resume this run (epoch ${done + 1} of ${total})` : 'Resume this run';
    form.hidden = !store.canControl;
    const active = store.state === 'running' || store.state === 'paused';
    form.querySelector('#start').disabled = store.state !== 'idle';
    pause.disabled = !active;
    stop.disabled = !active;
    pause.textContent = store.state === 'paused' ? 'Resume' : 'Pause';
    pause.dataset.action = store.state === 'paused' ? 'resume' : 'pause';
    for (const input of form.querySelectorAll('.fields input')) input.disabled = store.state !== 'idle';
  };
}
