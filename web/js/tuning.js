// The presenter's live controls while a run trains: change β or the learning rate from the next batch
// (PATCH /api/runs/current; the change is recorded in the run and marked on the charts), and, while paused,
// step one batch or one epoch (POST /api/runs/current/step). Viewers never see them; the server checks
// the token on every request regardless.
import { request } from './http.js';

export function createTuning(el, { token, onError }) {
  let shownFor = null; // the run whose values the fields show

  el.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!el.form.reportValidity()) return;
    const body = {};
    for (const name of ['beta', 'learningRate']) {
      const input = el.form.elements[name];
      if (input.value !== '' && Number(input.value) !== Number(input.dataset.current)) body[name] = Number(input.value);
    }
    if (!Object.keys(body).length) return onError('change β or the learning rate first');
    const answer = await request('/api/runs/current', { method: 'PATCH', token, body });
    if (!answer.ok) return onError(answer.body.error);
    el.message.textContent = `from the next batch: β ${answer.body.next.beta}, learning rate ${answer.body.next.learningRate}`;
  });

  async function step(unit) {
    const answer = await request('/api/runs/current/step', { method: 'POST', token, body: { unit } });
    if (!answer.ok) return onError(answer.body.error);
    el.message.textContent = unit === 'batch' ? 'one batch…' : 'one epoch…';
  }
  el.stepBatch.addEventListener('click', () => step('batch'));
  el.stepEpoch.addEventListener('click', () => step('epoch'));

  return function render(store) {
    const active = store.canControl && (store.state === 'running' || store.state === 'paused') && !!store.hyperparameters;
    el.box.hidden = !active;
    if (!active) return;
    const h = store.hyperparameters;
    const current = { beta: h.beta, learningRate: h.learningRate };
    for (const c of store.changes) current[c.field] = c.to; // the values in force: the last change of each
    for (const name of ['beta', 'learningRate']) {
      const input = el.form.elements[name];
      const untouched = input.value === '' || Number(input.value) === Number(input.dataset.current) || shownFor !== store.runId;
      input.dataset.current = current[name];
      if (untouched) input.value = current[name];
    }
    shownFor = store.runId;
    const paused = store.state === 'paused';
    el.stepBatch.disabled = !paused;
    el.stepEpoch.disabled = !paused;
    el.stepHint.textContent = paused ? '' : 'pause to step';
  };
}
