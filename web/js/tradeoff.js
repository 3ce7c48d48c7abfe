// The KL/reconstruction trade-off, per epoch: KL per latent dimension as bars (log scale, with the 0.01-nat
// line above which a dimension counts as active), and rate–distortion: test KL (rate) against test BCE
// (distortion), one point per epoch joined in order, so β's pull shows as a path. Both follow the run on
// show, live or saved; the bars show its latest epoch.
import { cssColor } from './theme.js';

const ACTIVE_NATS = 0.01; // EpochMetrics' activeDims threshold

export function createTradeoff(el) {
  const Chart = window.Chart;
  const bars = new Chart(el.bars, {
    data: {
      labels: [],
      datasets: [
        { type: 'bar', label: 'KL of the dimension (nats)', data: [], backgroundColor: [] },
        { type: 'line', label: 'active above 0.01 nats', data: [], pointRadius: 0, borderDash: [5, 4], borderWidth: 1.5 },
      ],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'latent dimension' } },
        y: { type: 'logarithmic', min: 0.001, title: { display: true, text: 'KL (nats, log scale)' } },
      },
      plugins: { legend: { labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 24 } } },
    },
  });
  const path = new Chart(el.path, {
    type: 'scatter',
    data: { datasets: [{ label: 'one point per epoch (test set)', data: [], showLine: true, pointRadius: 4, borderWidth: 1.5 }] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'rate: KL per image (nats)' } },
        y: { title: { display: true, text: 'distortion: BCE per image (nats)' } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => `epoch ${c.raw.epoch}: KL ${c.raw.x.toFixed(2)}, BCE ${c.raw.y.toFixed(1)}` } },
      },
    },
  });

  function paint() {
    for (const chart of [bars, path]) {
      for (const axis of Object.values(chart.options.scales)) {
        axis.ticks.color = cssColor('--muted');
        axis.title.color = cssColor('--muted');
        axis.grid.color = cssColor('--line');
      }
      chart.options.plugins.legend.labels.color = cssColor('--text');
    }
    bars.data.datasets[1].borderColor = cssColor('--warn');
    path.data.datasets[0].borderColor = path.data.datasets[0].backgroundColor = cssColor('--chart-kld');
    bars.update('none');
    path.update('none');
  }
  document.addEventListener('latentlab:theme', paint);
  paint();

  return function render(store) {
    const history = store.history;
    el.empty.hidden = history.length > 0;
    el.body.hidden = history.length === 0;
    if (!history.length) return;
    const shown = history[history.length - 1];
    const kl = shown.klPerDimension;
    bars.data.labels = kl.map((_, d) => `z${d + 1}`);
    bars.data.datasets[0].data = kl.map(k => Math.max(k, 0.001));
    bars.data.datasets[0].backgroundColor = kl.map(k => (k > ACTIVE_NATS ? cssColor('--chart-bce') : cssColor('--muted')));
    bars.data.datasets[1].data = kl.map(() => ACTIVE_NATS);
    bars.update('none');
    el.barsEpoch.textContent = `epoch ${shown.epoch}: ${shown.activeDims} of ${kl.length} dimensions active`;
    path.data.datasets[0].data = history.map(h => ({ x: h.testKld, y: h.testBce, epoch: h.epoch }));
    path.update('none');
  };
}
