// BCE, KLD and total per epoch, train and test, plus this epoch's batches as they happen. KLD is a few
// nats where BCE is over a hundred, so it gets its own axis on the right. A snapshot draws the whole
// history; after that each epoch and each progress message only adds its point.
import { cssColor } from './theme.js';

// Each line's colour is a CSS variable of the theme (--chart-bce, …), read again when the theme changes.
const COLORS = { bce: '--chart-bce', kld: '--chart-kld', total: '--chart-total', live: '--chart-live' };

function series(label, color, axis, dashed, value) {
  return {
    label, data: [], color, yAxisID: axis, value,
    borderDash: dashed ? [6, 4] : [], pointRadius: 3, tension: 0.2, parsing: false,
  };
}

// The chart's text follows the page's (20 px on a projector, 15 on a phone) instead of Chart.js's fixed
// 12 px; on a narrow screen the legend gets small swatches and tight rows so the lines keep the room.
function fitText(chart) {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const narrow = window.innerWidth < 700;
  const size = Math.round(narrow ? rem * 0.7 : rem * 0.8);
  // (options are Chart.js's resolving proxies: set fields one by one, never spread them)
  for (const axis of Object.values(chart.options.scales)) {
    axis.ticks.font = { size };
    axis.title.font = { size };
  }
  const labels = chart.options.plugins.legend.labels;
  labels.pointStyleWidth = narrow ? 16 : 28;
  labels.padding = narrow ? 4 : 10;
  labels.font = { size };
  chart.options.plugins.tooltip.titleFont = { size };
  chart.options.plugins.tooltip.bodyFont = { size };
}

/** TensorBoard's smoothing: an exponential moving average, debiased so the first points are not pulled to 0. */
export function smooth(values, weight) {
  let last = 0;
  return values.map((v, i) => {
    last = last * weight + (1 - weight) * v;
    return weight === 0 ? v : last / (1 - weight ** (i + 1));
  });
}

/** Where on the epoch axis a change took effect: before batch `batch` of epoch `epoch`. */
export function changeX(change, store) {
  const h = store.hyperparameters;
  const batches = store.progress && store.progress.epoch === change.epoch ? store.progress.batches
    : Math.ceil((h && h.trainLimit ? h.trainLimit : 60000) / (h ? h.batchSize : 128));
  return change.epoch - 1 + (change.batch - 1) / batches;
}

export function describeChange(c) {
  const name = c.field === 'beta' ? 'β' : 'learning rate';
  return `${name} ${c.from} → ${c.to} from epoch ${c.epoch}, batch ${c.batch}`;
}

// Each change of β or the learning rate as a dashed vertical line with its label, on top of the lines.
const changeMarkers = {
  id: 'changeMarkers',
  afterDatasetsDraw(chart) {
    const marks = chart.$changes || [];
    const { ctx, chartArea: area, scales: { x } } = chart;
    ctx.save();
    ctx.strokeStyle = cssColor('--warn');
    ctx.fillStyle = cssColor('--warn');
    ctx.setLineDash([4, 3]);
    ctx.font = `${Math.round((parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) * 0.7)}px system-ui, sans-serif`;
    for (const m of marks) {
      const px = x.getPixelForValue(m.x);
      if (px < area.left || px > area.right) continue;
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.fillText(m.label, Math.min(px + 3, area.right - ctx.measureText(m.label).width), area.top + 12);
    }
    ctx.restore();
  },
};

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/**
 * el: { canvas, logScale (checkbox), smoothing (range) and its output, table (tbody), news (a polite live
 * region that announces each epoch's end) }.
 */
export function createLossChart(el) {
  const canvas = el.canvas;
  const Chart = window.Chart;
  const epochSets = [
    series('train BCE', COLORS.bce, 'y', false, m => m.trainBce),
    series('test BCE', COLORS.bce, 'y', true, m => m.testBce),
    series('train total', COLORS.total, 'y', false, m => m.trainBce + m.trainKld),
    series('test total', COLORS.total, 'y', true, m => m.testBce + m.testKld),
    series('train KLD', COLORS.kld, 'kld', false, m => m.trainKld),
    series('test KLD', COLORS.kld, 'kld', true, m => m.testKld),
  ];
  const live = { ...series('batch BCE (this epoch)', COLORS.live, 'y', false), pointRadius: 0, borderWidth: 1, showLine: true };
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [...epochSets, live] },
    options: {
      animation: false, maintainAspectRatio: false, normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' }, ticks: { stepSize: 1 } },
        y: { title: { display: true, text: 'BCE and total' } },
        kld: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'KLD' }, min: 0 },
      },
      plugins: { legend: { labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 28 } } }, // swatches drawn as their lines, dashes and all
      onResize: (c) => fitText(c),
    },
    plugins: [changeMarkers],
  });
  fitText(chart);
  function paint() {
    for (const set of chart.data.datasets) set.borderColor = set.backgroundColor = cssColor(set.color);
    chart.options.color = cssColor('--muted');
    for (const axis of Object.values(chart.options.scales)) {
      axis.ticks.color = cssColor('--muted');
      axis.title.color = cssColor('--muted');
      axis.grid.color = cssColor('--line');
      axis.border.color = cssColor('--control-line');
    }
    chart.options.plugins.legend.labels.color = cssColor('--text');
    chart.update('none');
  }
  paint();
  document.addEventListener('latentlab:theme', paint);

  function addEpoch(m) {
    for (const set of epochSets) {
      const last = set.data[set.data.length - 1];
      if (last && last.x >= m.epoch) set.data = set.data.filter(p => p.x < m.epoch); // an epoch again (resume)
      set.data.push({ x: m.epoch, y: set.value(m) });
    }
  }

  let lastStore = null;
  function drawLive(store) {
    const batches = store.liveBatches;
    const smoothed = smooth(batches.map(b => b.bce), Number(el.smoothing.value));
    live.data = batches.map((b, i) => ({ x: b.x, y: smoothed[i] }));
  }

  function markChanges(store) {
    chart.$changes = store.changes.map(c => ({ x: changeX(c, store), label: `${c.field === 'beta' ? 'β' : 'lr'} ${c.from}→${c.to}` }));
    el.changes.replaceChildren(...store.changes.map((c) => {
      const item = document.createElement('li');
      item.textContent = describeChange(c);
      return item;
    }));
    el.changes.hidden = !store.changes.length;
  }

  function table(store) {
    el.table.replaceChildren(...store.history.map((m) => {
      const row = document.createElement('tr');
      row.append(cell(m.epoch), cell(m.trainBce.toFixed(2)), cell(m.trainKld.toFixed(2)), cell(m.testBce.toFixed(2)),
        cell(m.testKld.toFixed(2)), cell((m.testBce + m.testKld).toFixed(2)), cell(`${m.activeDims} of ${m.klPerDimension.length}`));
      return row;
    }));
  }

  function layout(store) {
    // the x-axis starts at the first epoch, or at 0 while epoch 1's batches are drawn
    const early = store.liveBatches.some(b => b.x < 1) || !store.history.length;
    chart.options.scales.x.min = early ? 0 : Math.min(1, ...store.history.map(h => h.epoch));
    chart.options.scales.x.max = Math.max(store.hyperparameters ? store.hyperparameters.epochs : 1, 1);
    const log = el.logScale.checked;
    chart.options.scales.y.type = log ? 'logarithmic' : 'linear';
    chart.options.scales.kld.type = log ? 'logarithmic' : 'linear';
    chart.options.scales.kld.min = log ? undefined : 0;
  }

  el.logScale.addEventListener('change', () => { if (lastStore) { layout(lastStore); chart.update('none'); } });
  el.smoothing.addEventListener('input', () => {
    el.smoothingValue.textContent = Number(el.smoothing.value).toFixed(2);
    if (lastStore) { drawLive(lastStore); chart.update('none'); }
  });

  return function render(what, store) {
    lastStore = store;
    if (what === 'snapshot') {
      for (const set of epochSets) set.data = [];
      store.history.forEach(addEpoch);
      drawLive(store);
      table(store);
    } else if (what === 'epoch') {
      const m = store.history[store.history.length - 1];
      addEpoch(m);
      live.data = [];
      table(store);
      el.news.textContent = `Epoch ${m.epoch} of ${store.hyperparameters ? store.hyperparameters.epochs : '?'} done: `
        + `test loss ${(m.testBce + m.testKld).toFixed(1)} nats per image, ${m.activeDims} of ${m.klPerDimension.length} latent dimensions active.`;
    } else if (what === 'progress') {
      drawLive(store);
    } else if (what !== 'state' && what !== 'tuned') {
      return;
    }
    markChanges(store);
    layout(store);
    chart.update('none');
  };
}
