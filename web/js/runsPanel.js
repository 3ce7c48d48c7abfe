// The saved runs, newest first, for everyone: when, the settings that differ from the defaults, epochs,
// final test loss, collapsed or not, how it ended. Open one read-only; tick 2–4 to overlay their test loss
// on one chart (legend by run, the differing settings named); the presenter can delete one (asked once more
// in the row; never the run training now: the server refuses that too).
import { request } from './http.js';
import { cssColor } from './theme.js';

const MAX_COMPARED = 4;
const PALETTE = ['--chart-bce', '--chart-kld', '--chart-total', '--danger'];

/** "20261207-021622-seed1" → "2026-12-07 02:16". */
function when(id) {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : '';
}

function settings(run) {
  if (!run.differs) return run.damaged || '';
  const parts = Object.entries(run.differs).filter(([k]) => k !== 'epochs').map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(', ') : 'defaults';
}

function cell(content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

function button(text, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

export function createRunsPanel(el, { token, onOpen, onError }) {
  let runs = [];
  const compared = new Set();
  const metrics = new Map(); // id → { epochsDone, metrics }
  let canControl = false;
  const chart = new window.Chart(el.chart, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { stepSize: 1 } },
        y: { title: { display: true, text: 'test loss (nats per image)' } } },
      plugins: { legend: { labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 24 } } },
    },
  });

  async function refresh() {
    const answer = await request('/api/runs', { cache: 'no-store' });
    if (!answer.ok) return;
    runs = answer.body;
    for (const id of [...compared]) if (!runs.some(r => r.id === id)) compared.delete(id);
    draw();
    compare();
  }

  function draw() {
    el.empty.hidden = runs.length > 0;
    el.table.hidden = runs.length === 0;
    el.rows.replaceChildren(...runs.map((run) => {
      const row = document.createElement('tr');
      row.dataset.run = run.id;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = compared.has(run.id);
      box.setAttribute('aria-label', `compare ${run.id}`);
      box.addEventListener('change', () => {
        if (box.checked && compared.size >= MAX_COMPARED) {
          box.checked = false;
          return onError(`compare at most ${MAX_COMPARED} runs at once`);
        }
        if (box.checked) compared.add(run.id); else compared.delete(run.id);
        compare();
      });
      const last = run.lastMetrics;
      const actions = document.createElement('span');
      actions.className = 'row-actions';
      actions.append(button('open', 'small', () => onOpen(run.id)));
      if (run.links && run.epochsDone > 0 && last) {
        const weights = document.createElement('a');
        weights.className = 'export';
        weights.href = run.links.weights.replace('{epoch}', last.epoch);
        weights.download = `${run.id}-epoch-${last.epoch}.safetensors`;
        weights.textContent = 'weights';
        weights.title = `epoch ${last.epoch}'s weights as safetensors, PyTorch's names: vae.load_state_dict(load_file(…))`;
        actions.append(weights);
      }
      if (canControl && !run.active) {
        const remove = button('delete', 'small danger', () => {
          const sure = button(`delete ${run.id} for good`, 'small danger', async () => {
            const answer = await request(`/api/runs/${encodeURIComponent(run.id)}`, { method: 'DELETE', token });
            if (!answer.ok) onError(answer.body.error);
            refresh();
          });
          sure.dataset.confirm = 'true';
          actions.replaceChildren(sure, button('cancel', 'small secondary', draw));
          sure.focus();
        });
        actions.append(remove);
      }
      row.append(cell(box), cell(`${run.demo ? 'demo · ' : ''}${when(run.id)}`), cell(run.id), cell(settings(run)),
        cell(`${run.epochsDone}/${run.hyperparameters ? run.hyperparameters.epochs : '?'}`),
        cell(last ? (last.testBce + last.testKld).toFixed(1) : '–'), cell(last ? (last.collapsed ? 'yes' : 'no') : '–'),
        cell(run.outcome), cell(actions));
      return row;
    }));
  }

  async function compare() {
    const ids = runs.filter(r => compared.has(r.id));
    el.compare.hidden = ids.length < 2;
    if (ids.length < 2) return;
    for (const run of ids) {
      const known = metrics.get(run.id);
      if (known && known.epochsDone === run.epochsDone) continue;
      const answer = await request(`/api/runs/${encodeURIComponent(run.id)}`, { cache: 'no-store' });
      if (answer.ok) metrics.set(run.id, { epochsDone: run.epochsDone, metrics: answer.body.metrics });
    }
    chart.data.datasets = ids.filter(r => metrics.has(r.id)).map((run, k) => ({
      label: `${run.id} (${settings(run)})`, runId: run.id,
      data: metrics.get(run.id).metrics.map(m => ({ x: m.epoch, y: m.testBce + m.testKld })),
      borderColor: cssColor(PALETTE[k]), backgroundColor: cssColor(PALETTE[k]), pointRadius: 3, tension: 0.2,
    }));
    for (const axis of Object.values(chart.options.scales)) {
      axis.ticks.color = cssColor('--muted');
      axis.title.color = cssColor('--muted');
      axis.grid.color = cssColor('--line');
    }
    chart.options.plugins.legend.labels.color = cssColor('--text');
    chart.update('none');
  }
  document.addEventListener('latentlab:theme', compare);

  return function render(what, store) {
    const control = store.canControl;
    const changedRole = control !== canControl;
    canControl = control;
    if (what === 'snapshot' || what === 'epoch' || (what === 'state' && store.state === 'idle') || changedRole) refresh();
  };
}
