// The test digits' codes as a scatter plot coloured by digit (PCA above two dimensions), with the slider
// position, this page's drawing and, for viewers, where the presenter is, on top. Clicking a spot decodes there.
// The markers live on a canvas of their own over the chart: a slider move redraws three shapes, not the
// 10,000 points (Chart.js takes ~9 ms for those on a 2-core laptop, more than half a frame). Under them, a
// canvas of posteriors: the prior N(0, I) as a reference circle and the 1-sigma ellipse q(z|x) of a sample
// of test digits, of the digit under the pointer, of a clicked one (with its K samples) and of the drawing.
import { projectedEllipse, priorEllipse, posteriorOf } from './posterior.js';

const SAMPLE_EVERY = 100; // every 100th test digit's ellipse: 100 of them, all classes
const PICK_PX = 8;        // a click this close to a test digit picks that digit
const DIGIT_COLORS = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe'];

export function createLatentMap(canvas, { onPick, onSelect }) {
  const Chart = window.Chart;
  let map = null;
  const digitSets = DIGIT_COLORS.map((color, d) => ({
    label: String(d), data: [], backgroundColor: color + 'aa', borderWidth: 0, pointRadius: 1.6, parsing: false,
  }));
  const overlay = document.createElement('canvas');
  overlay.className = 'map-markers';
  overlay.setAttribute('aria-hidden', 'true');
  canvas.after(overlay);
  const posteriors = document.createElement('canvas');
  posteriors.className = 'map-posteriors';
  posteriors.setAttribute('aria-hidden', 'true');
  canvas.after(posteriors);
  let marks = { slider: null, drawn: null, presenter: null };
  let hovered = null;      // the test digit under the pointer
  let selected = null;     // the clicked test digit
  let drawnPosterior = null; // { mu, logvar } of this page's drawing
  let samples = [];        // map points of the selected digit's K samples
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
        const near = nearest(event);
        if (near !== null) {
          select(near);
          onPick(posteriorOf(map, near).mu);
          return;
        }
        onPick(codeAt(chart.scales.x.getValueForPixel(event.x), chart.scales.y.getValueForPixel(event.y)));
      },
      onHover: (event) => {
        const near = map ? nearest(event) : null;
        if (near !== hovered) {
          hovered = near;
          drawPosteriors(chart);
        }
      },
    },
    plugins: [{ id: 'markers', afterRender: (rendered) => { drawPosteriors(rendered); drawMarkers(rendered); } }],
  });

  function nearest(event) {
    const found = chart.getElementsAtEventForMode(event, 'nearest', { intersect: false }, false)[0];
    if (!found) return null;
    const raw = chart.data.datasets[found.datasetIndex].data[found.index];
    const px = chart.scales.x.getPixelForValue(raw.x);
    const py = chart.scales.y.getPixelForValue(raw.y);
    return Math.hypot(px - event.x, py - event.y) <= PICK_PX ? raw.i : null;
  }

  function select(i) {
    selected = i;
    samples = [];
    drawPosteriors(chart);
    if (onSelect) onSelect(i);
  }

  function fitCanvas(target, rendered) {
    if (target.width !== rendered.canvas.width || target.height !== rendered.canvas.height) {
      target.width = rendered.canvas.width;
      target.height = rendered.canvas.height;
    }
    target.style.width = `${rendered.width}px`;
    target.style.height = `${rendered.height}px`;
    const g = target.getContext('2d');
    const ratio = rendered.currentDevicePixelRatio || window.devicePixelRatio || 1;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, target.width, target.height);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return g;
  }

  // One ellipse in the map's coordinates: drawn under a transform from data units to pixels, stroked without it.
  function ellipse(g, rendered, e, style) {
    const x = rendered.scales.x;
    const y = rendered.scales.y;
    const sx = x.getPixelForValue(1) - x.getPixelForValue(0);
    const sy = y.getPixelForValue(0) - y.getPixelForValue(1);
    g.save();
    g.translate(x.getPixelForValue(e.cx), y.getPixelForValue(e.cy));
    g.scale(sx, -sy);
    g.rotate(e.angle);
    g.beginPath();
    g.ellipse(0, 0, Math.max(e.r1, 1e-6), Math.max(e.r2, 1e-6), 0, 0, 2 * Math.PI);
    g.restore();
    g.setLineDash(style.dash || []);
    g.lineWidth = style.width;
    g.strokeStyle = style.stroke;
    g.stroke();
    if (style.fill) { g.fillStyle = style.fill; g.fill(); }
  }

  function drawPosteriors(rendered) {
    const g = fitCanvas(posteriors, rendered);
    const shown = { prior: false, sample: 0, hovered: null, selected: null, drawn: false, samples: samples.length };
    if (map && rendered.chartArea) {
      const area = rendered.chartArea;
      g.save();
      g.beginPath();
      g.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      g.clip();
      ellipse(g, rendered, priorEllipse(map.latent, map.mean, map.axes), { stroke: '#e8ecf5', width: 2, dash: [6, 5] });
      shown.prior = true;
      for (let i = 0; i < map.labels.length; i += SAMPLE_EVERY) {
        const p = posteriorOf(map, i);
        ellipse(g, rendered, projectedEllipse(p.mu, p.logvar, map.mean, map.axes), { stroke: `${DIGIT_COLORS[map.labels[i]]}99`, width: 1 });
        shown.sample++;
      }
      for (const [which, i, color] of [['hovered', hovered, '#ffffff'], ['selected', selected, '#ffd84d']]) {
        if (i === null || i >= map.labels.length) continue;
        const p = posteriorOf(map, i);
        ellipse(g, rendered, projectedEllipse(p.mu, p.logvar, map.mean, map.axes), { stroke: color, width: 2.5 });
        shown[which] = i;
      }
      if (drawnPosterior && drawnPosterior.mu.length === map.latent) {
        ellipse(g, rendered, projectedEllipse(drawnPosterior.mu, drawnPosterior.logvar, map.mean, map.axes), { stroke: '#ffffff', width: 2.5, dash: [3, 3] });
        shown.drawn = true;
      }
      g.fillStyle = '#ffd84d';
      for (const s of samples) {
        const px = rendered.scales.x.getPixelForValue(s.x);
        const py = rendered.scales.y.getPixelForValue(s.y);
        g.beginPath();
        g.arc(px, py, 3.5, 0, 2 * Math.PI);
        g.fill();
      }
      g.restore();
    }
    posteriors.dataset.shown = JSON.stringify(shown); // for tests: what is drawn
  }

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
      if (!map || map.latent !== data.latent || map.runId !== data.runId) selected = null;
      map = data;
      samples = [];
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
    mark({ z, drawnAt, presenterAt, drawn }) {
      marks = { slider: at(z), drawn: at(drawnAt), presenter: at(presenterAt) };
      drawMarkers(chart);
      const posterior = drawn && drawn.logvar ? { mu: drawn.mu, logvar: drawn.logvar } : null;
      if (JSON.stringify(posterior) !== JSON.stringify(drawnPosterior)) {
        drawnPosterior = posterior;
        drawPosteriors(chart);
      }
    },
    /** Picks test digit i (as a click on it does). */
    select,
    /** The K sampled codes of the selected digit, drawn as points on the map. */
    showSamples(codes) {
      samples = codes.map(at).filter(Boolean);
      drawPosteriors(chart);
    },
  };
}
