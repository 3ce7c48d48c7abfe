// BCE, KLD and total per epoch, train and test, plus this epoch's batches as they happen. KLD is a few
// nats where BCE is over a hundred, so it gets its own axis on the right. A snapshot draws the whole
// history; after that each epoch and each progress message only adds its point.
const COLORS = { bce: '#6aa7ff', kld: '#ffb347', total: '#4cd39b', live: '#c9d4ee' };

function series(label, color, axis, dashed, value) {
  return {
    label, data: [], borderColor: color, backgroundColor: color, yAxisID: axis, value,
    borderDash: dashed ? [6, 4] : [], pointRadius: 3, tension: 0.2, parsing: false,
  };
}

export function createLossChart(canvas) {
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
  Chart.defaults.color = '#9aa6c1';
  Chart.defaults.borderColor = '#2b3652';
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
      plugins: { legend: { labels: { boxWidth: 18 } } },
    },
  });

  function addEpoch(m) {
    for (const set of epochSets) {
      const last = set.data[set.data.length - 1];
      if (last && last.x >= m.epoch) set.data = set.data.filter(p => p.x < m.epoch); // an epoch again (resume)
      set.data.push({ x: m.epoch, y: set.value(m) });
    }
  }

  return function render(what, store) {
    if (what === 'snapshot') {
      for (const set of epochSets) set.data = [];
      store.history.forEach(addEpoch);
      live.data = store.liveBatches.map(b => ({ x: b.x, y: b.bce }));
    } else if (what === 'epoch') {
      addEpoch(store.history[store.history.length - 1]);
      live.data = [];
    } else if (what === 'progress') {
      const b = store.liveBatches[store.liveBatches.length - 1];
      if (store.liveBatches.length === 1) live.data = [];
      live.data.push({ x: b.x, y: b.bce });
    } else if (what !== 'state') {
      return;
    }
    chart.options.scales.x.max = Math.max(store.hyperparameters ? store.hyperparameters.epochs : 1, 1);
    chart.update('none');
  };
}
