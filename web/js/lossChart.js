// BCE, KLD and total per epoch, train and test, plus this epoch's batches as they happen. KLD is a few
// nats where BCE is over a hundred, so it gets its own axis on the right.
const COLORS = { bce: '#6aa7ff', kld: '#ffb347', total: '#4cd39b', live: '#c9d4ee' };

function series(label, color, axis, dashed) {
  return {
    label, data: [], borderColor: color, backgroundColor: color, yAxisID: axis,
    borderDash: dashed ? [6, 4] : [], pointRadius: 3, tension: 0.2, parsing: false,
  };
}

export function createLossChart(canvas) {
  const Chart = window.Chart;
  const sets = [
    series('train BCE', COLORS.bce, 'y', false),
    series('test BCE', COLORS.bce, 'y', true),
    series('train total', COLORS.total, 'y', false),
    series('test total', COLORS.total, 'y', true),
    series('train KLD', COLORS.kld, 'kld', false),
    series('test KLD', COLORS.kld, 'kld', true),
    { ...series('batch BCE (this epoch)', COLORS.live, 'y', false), pointRadius: 0, borderWidth: 1, showLine: true },
  ];
  Chart.defaults.color = '#9aa6c1';
  Chart.defaults.borderColor = '#2b3652';
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: sets },
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

  return function render(store) {
    const h = store.history;
    const point = (f) => h.map(m => ({ x: m.epoch, y: f(m) }));
    sets[0].data = point(m => m.trainBce);
    sets[1].data = point(m => m.testBce);
    sets[2].data = point(m => m.trainBce + m.trainKld);
    sets[3].data = point(m => m.testBce + m.testKld);
    sets[4].data = point(m => m.trainKld);
    sets[5].data = point(m => m.testKld);
    sets[6].data = store.liveBatches.map(b => ({ x: b.x, y: b.bce }));
    const epochs = store.hyperparameters ? store.hyperparameters.epochs : 1;
    chart.options.scales.x.max = Math.max(epochs, 1);
    chart.update('none');
  };
}
