// The test digits' codes as a scatter plot coloured by digit (PCA above two dimensions), with the slider
// position, this page's drawing and, for viewers, where the presenter is, on top. Clicking a spot decodes there.
const DIGIT_COLORS = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe'];

export function createLatentMap(canvas, { onPick }) {
  const Chart = window.Chart;
  let map = null;
  const digitSets = DIGIT_COLORS.map((color, d) => ({
    label: String(d), data: [], backgroundColor: color + 'aa', borderWidth: 0, pointRadius: 1.6, parsing: false,
  }));
  const marker = { label: 'slider', data: [], pointStyle: 'rectRot', pointRadius: 9, backgroundColor: '#fff', borderColor: '#000', borderWidth: 2, parsing: false };
  const drawn = { label: 'drawn', data: [], pointStyle: 'star', pointRadius: 12, borderColor: '#fff', borderWidth: 3, parsing: false };
  const presenter = { label: 'presenter', data: [], pointStyle: 'rectRot', pointRadius: 11, backgroundColor: 'transparent', borderColor: '#6aa7ff', borderWidth: 3, parsing: false };
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [...digitSets, marker, drawn, presenter] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'z₁' } }, y: { title: { display: true, text: 'z₂' } } },
      plugins: {
        legend: { labels: { boxWidth: 10, filter: (item) => item.datasetIndex < 10 } },
        tooltip: { callbacks: { label: (c) => c.datasetIndex < 10 ? `digit ${c.dataset.label} (test #${c.raw.i})` : c.dataset.label } },
      },
      onClick: (event) => {
        if (!map) return;
        onPick(codeAt(chart.scales.x.getValueForPixel(event.x), chart.scales.y.getValueForPixel(event.y)));
      },
    },
  });

  // a map point is the code mean + x·axes[0] + y·axes[1]; a code's point is its projection on the axes
  function codeAt(x, y) {
    return map.mean.map((m, d) => m + x * map.axes[0][d] + (map.axes.length > 1 && map.latent > 1 ? y * map.axes[1][d] : 0));
  }
  function at(z) {
    if (!map || !z || z.length !== map.latent) return [];
    const [x, y] = [0, 1].map(k => z.reduce((s, v, d) => s + (v - map.mean[d]) * map.axes[k][d], 0));
    return [{ x, y }];
  }

  return {
    show(data) {
      map = data;
      for (const set of digitSets) set.data = [];
      for (let i = 0; i < data.labels.length; i++) {
        digitSets[data.labels[i]].data.push({ x: data.points[2 * i], y: data.points[2 * i + 1], i });
      }
      const pca = data.method === 'pca';
      chart.options.scales.x.title.text = pca ? `PC 1 (${(100 * data.explained[0]).toFixed(0)}% of variance)` : 'z₁';
      chart.options.scales.y.title.text = pca ? `PC 2 (${(100 * data.explained[1]).toFixed(0)}% of variance)` : 'z₂';
      chart.update('none');
    },
    /** The three markers: the slider position, the drawing's code, the presenter's position (or none). */
    mark({ z, drawnAt, presenterAt }) {
      marker.data = at(z);
      drawn.data = at(drawnAt);
      presenter.data = at(presenterAt);
      chart.update('none');
    },
  };
}
