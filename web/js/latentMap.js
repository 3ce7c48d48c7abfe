// The test digits' codes as a scatter plot coloured by digit (PCA above two dimensions), with the slider
// position, this page's drawing and, for viewers, where the presenter is, on top. Clicking a spot decodes there.
// The markers live on a canvas of their own over the chart: a slider move redraws three shapes, not the
// 10,000 points (Chart.js takes ~9 ms for those on a 2-core laptop, more than half a frame).
const DIGIT_COLORS = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe'];

export function createLatentMap(canvas, { onPick }) {
  const Chart = window.Chart;
  let map = null;
  const digitSets = DIGIT_COLORS.map((color, d) => ({
    label: String(d), data: [], backgroundColor: color + 'aa', borderWidth: 0, pointRadius: 1.6, parsing: false,
  }));
  const overlay = document.createElement('canvas');
  overlay.className = 'map-markers';
  overlay.setAttribute('aria-hidden', 'true');
  canvas.after(overlay);
  let marks = { slider: null, drawn: null, presenter: null };
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets: digitSets },
    options: {
      animation: false, maintainAspectRatio: false,
      color: '#c9d4ee', // the map is a dark plot in both themes (style.css .map-box)
      scales: {
        x: { title: { display: true, text: 'z₁', color: '#c9d4ee' }, ticks: { color: '#9aa6c1' }, grid: { color: '#2b3652' } },
        y: { title: { display: true, text: 'z₂', color: '#c9d4ee' }, ticks: { color: '#9aa6c1' }, grid: { color: '#2b3652' } },
      },
      plugins: {
        legend: { labels: { boxWidth: 10, color: '#e8ecf5' } },
        tooltip: { callbacks: { label: (c) => `digit ${c.dataset.label} (test #${c.raw.i})` } },
      },
      onClick: (event) => {
        if (!map) return;
        onPick(codeAt(chart.scales.x.getValueForPixel(event.x), chart.scales.y.getValueForPixel(event.y)));
      },
    },
    plugins: [{ id: 'markers', afterRender: (rendered) => drawMarkers(rendered) }],
  });

  // a map point is the code mean + x·axes[0] + y·axes[1]; a code's point is its projection on the axes
  function codeAt(x, y) {
    return map.mean.map((m, d) => m + x * map.axes[0][d] + (map.axes.length > 1 && map.latent > 1 ? y * map.axes[1][d] : 0));
  }
  function at(z) {
    if (!map || !z || z.length !== map.latent) return null;
    const [x, y] = [0, 1].map(k => z.reduce((s, v, d) => s + (v - map.mean[d]) * map.axes[k][d], 0));
    return { x, y };
  }

  const STYLES = {
    slider: { shape: 'diamond', radius: 9, fill: '#fff', stroke: '#000', width: 2 },
    drawn: { shape: 'star', radius: 12, fill: null, stroke: '#fff', width: 3 },
    presenter: { shape: 'diamond', radius: 11, fill: null, stroke: '#6aa7ff', width: 3 },
  };

  // The markers at the chart's current scales; a point off the chart stands on its edge.
  function drawMarkers(chart) {
    const ratio = chart.currentDevicePixelRatio || window.devicePixelRatio || 1;
    if (overlay.width !== chart.canvas.width || overlay.height !== chart.canvas.height) {
      overlay.width = chart.canvas.width;
      overlay.height = chart.canvas.height;
    }
    overlay.style.width = `${chart.width}px`;
    overlay.style.height = `${chart.height}px`;
    const g = overlay.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, overlay.width, overlay.height);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const area = chart.chartArea;
    for (const [name, point] of Object.entries(marks)) {
      if (point) overlay.dataset[name] = `${point.x.toFixed(2)},${point.y.toFixed(2)}`;
      else delete overlay.dataset[name];
      if (!point || !area || !map) continue;
      const px = Math.max(area.left, Math.min(area.right, chart.scales.x.getPixelForValue(point.x)));
      const py = Math.max(area.top, Math.min(area.bottom, chart.scales.y.getPixelForValue(point.y)));
      shape(g, STYLES[name], px, py);
    }
  }

  function shape(g, style, x, y) {
    const r = style.radius;
    g.beginPath();
    if (style.shape === 'diamond') {
      g.moveTo(x, y - r); g.lineTo(x + r, y); g.lineTo(x, y + r); g.lineTo(x - r, y); g.closePath();
    } else { // a star of four strokes, as Chart.js draws its 'star'
      for (let k = 0; k < 4; k++) {
        const a = (k * Math.PI) / 4;
        g.moveTo(x - r * Math.cos(a), y - r * Math.sin(a));
        g.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
      }
    }
    if (style.fill) { g.fillStyle = style.fill; g.fill(); }
    g.lineWidth = style.width;
    g.strokeStyle = style.stroke;
    g.stroke();
  }

  // By keyboard: the arrows move the decoded point across the map by a fiftieth of its width (Shift: a
  // tenth), starting where the slider point is; Enter decodes there again.
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.addEventListener('keydown', (e) => {
    if (!map) return;
    const x = chart.scales.x;
    const y = chart.scales.y;
    const fraction = e.shiftKey ? 0.1 : 0.02;
    const dx = (x.max - x.min) * fraction;
    const dy = (y.max - y.min) * fraction;
    const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy], Enter: [0, 0] };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    const from = marks.slider || { x: 0, y: 0 };
    onPick(codeAt(from.x + move[0], from.y + move[1]));
  });

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
      marks = { slider: at(z), drawn: at(drawnAt), presenter: at(presenterAt) };
      drawMarkers(chart);
    },
  };
}
