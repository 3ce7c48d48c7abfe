// "Decode a point": a slider per latent dimension (and at latent 2 a pad to drag a point across), and the
// canvas that shows the digit decoded there (on this device, or by the server as the fallback). Moves go
// out through onMove; the position shown is always the store's.
import { store } from './store.js';
import { digitImage } from './digitImage.js';

const RANGE = 3; // the sliders' reach; codes from the map or a drawing may lie further out

export function createSliders(el, { onMove }) {
  let inputs = [];
  let shownId = 0;
  const context = el.decoded.getContext('2d');

  function build(latent) {
    el.sliders.replaceChildren();
    inputs = [];
    for (let d = 0; d < latent; d++) {
      const label = document.createElement('label');
      // step 0.05: an arrow key moves a visible amount (120 steps end to end; Page Up/Down a tenth of that)
      const input = Object.assign(document.createElement('input'), { type: 'range', min: -RANGE, max: RANGE, step: 0.05, value: 0 });
      const out = document.createElement('output');
      out.textContent = '0.00';
      input.setAttribute('aria-label', `z${d + 1}`);
      input.addEventListener('input', () => {
        const z = store.explore.z.slice();
        z[d] = Number(input.value);
        onMove(z);
      });
      label.append(`z${d + 1}`, input, out);
      el.sliders.append(label);
      inputs.push({ input, out });
    }
    el.pad.hidden = latent !== 2;
  }

  function show(z) {
    inputs.forEach(({ input, out }, d) => {
      input.value = Math.max(-RANGE, Math.min(RANGE, z[d]));
      out.textContent = z[d].toFixed(2);
    });
    drawPad(z);
  }

  function drawPad(z) {
    if (z.length !== 2) return;
    el.pad.setAttribute('aria-label', `2-D latent pad at z = (${z[0].toFixed(2)}, ${z[1].toFixed(2)}): `
      + 'drag, or use the arrow keys (Shift: bigger steps); Enter decodes');
    const c = el.pad.getContext('2d');
    const w = el.pad.width;
    c.fillStyle = '#000';
    c.fillRect(0, 0, w, w);
    c.strokeStyle = '#2b3652';
    c.beginPath();
    c.moveTo(w / 2, 0); c.lineTo(w / 2, w); c.moveTo(0, w / 2); c.lineTo(w, w / 2);
    c.stroke();
    c.fillStyle = '#6aa7ff';
    c.beginPath();
    c.arc((z[0] / RANGE + 1) / 2 * w, (1 - (z[1] / RANGE + 1) / 2) * w, 7, 0, 2 * Math.PI);
    c.fill();
  }

  function padMove(e) {
    const r = el.pad.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * 2 - 1;
    const y = 1 - ((e.clientY - r.top) / r.height) * 2;
    onMove([Math.max(-1, Math.min(1, x)) * RANGE, Math.max(-1, Math.min(1, y)) * RANGE]);
  }
  let dragging = false;
  el.pad.addEventListener('pointerdown', (e) => { dragging = true; el.pad.setPointerCapture(e.pointerId); padMove(e); });
  el.pad.addEventListener('pointermove', (e) => { if (dragging) padMove(e); });
  el.pad.addEventListener('pointerup', () => { dragging = false; });
  // By keyboard: the arrows move the point a tenth of a unit (with Shift half a unit), Enter decodes again.
  el.pad.addEventListener('keydown', (e) => {
    const z = store.explore.z;
    if (z.length !== 2) return;
    const step = e.shiftKey ? 0.5 : 0.1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step], Enter: [0, 0] };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    onMove([z[0] + move[0], z[1] + move[1]].map(v => Math.max(-RANGE, Math.min(RANGE, v))));
  });
  el.randomZ.addEventListener('click', () => onMove(store.explore.z.map(() => gaussian())));
  el.zeroZ.addEventListener('click', () => onMove(store.explore.z.map(() => 0)));

  return {
    build,
    show,
    /** Paints one frame (an ImageData of 28×28) on the decoded canvas: an animation's. */
    paint(image) {
      context.putImageData(image, 0, 0);
    },
    /** A digit this page decoded (784 floats), for the move numbered `id`; older ones than the newest shown are dropped. */
    drawn(pixels, id, { animating }) {
      if (id < shownId || animating) return;
      shownId = id;
      context.putImageData(digitImage(context, pixels), 0, 0);
    },
    /** A slider decode from the server: base64 of 784 gray bytes. Older answers than the newest shown are dropped. */
    decoded(m, { animating }) {
      if (m.id < shownId || animating) return;
      shownId = m.id;
      const gray = atob(m.pixels);
      const image = context.createImageData(28, 28);
      for (let i = 0; i < 784; i++) {
        const v = gray.charCodeAt(i);
        image.data.set([v, v, v, 255], 4 * i);
      }
      context.putImageData(image, 0, 0);
    },
  };
}

function gaussian() {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
