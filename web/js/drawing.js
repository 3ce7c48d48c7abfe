// "Draw a digit": a canvas to draw on with mouse, pen or finger (white ink on black, like MNIST), and the
// encode button: the server prepares the drawing as MNIST was prepared, encodes it, and the code becomes the
// explorer's position, marked on the map.
import { store, explore } from './store.js';
import { ask } from './http.js';

const SIDE = 56; // sent at 56 × 56; the server centres it by mass in a 20 × 20 box

export function createDrawing(el, { onEncoded, onError }) {
  const canvas = el.drawing;
  const ctx = canvas.getContext('2d');
  let drawing = false;
  let last = null;
  let inked = false;

  function clear() {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    inked = false;
    el.info.textContent = '';
  }
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    last = point(e);
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const p = point(e);
    stroke(last, p);
    last = p;
  });
  const stop = () => { drawing = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);

  // By keyboard: a pen (the ring) moves with the arrows (Shift: faster); Space lifts or puts it down, and
  // while it is down the arrows draw; Enter encodes; Delete clears.
  const pen = { x: canvas.width / 2, y: canvas.height / 2, down: false };
  const ring = document.createElement('span');
  ring.className = 'pen';
  ring.setAttribute('aria-hidden', 'true');
  ring.hidden = true; // shown while the canvas has the keyboard's focus
  canvas.after(ring);
  function showPen() {
    ring.hidden = document.activeElement !== canvas;
    const scale = canvas.getBoundingClientRect().width / canvas.width;
    ring.style.left = `${canvas.offsetLeft + pen.x * scale}px`;
    ring.style.top = `${canvas.offsetTop + pen.y * scale}px`;
    ring.classList.toggle('down', pen.down);
    canvas.setAttribute('aria-label', `draw a digit with mouse, finger or keys: arrows move the pen, Space ${pen.down ? 'lifts' : 'puts down'} the pen, Enter encodes, Delete clears`);
  }
  canvas.addEventListener('focus', showPen);
  canvas.addEventListener('blur', showPen);
  canvas.addEventListener('keydown', (e) => {
    const step = (e.shiftKey ? 16 : 6) * canvas.width / 168;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      const from = { x: pen.x, y: pen.y };
      pen.x = Math.max(0, Math.min(canvas.width, pen.x + moves[e.key][0]));
      pen.y = Math.max(0, Math.min(canvas.height, pen.y + moves[e.key][1]));
      if (pen.down) stroke(from, pen);
    } else if (e.key === ' ') {
      pen.down = !pen.down;
      if (pen.down) stroke(pen, pen);
    } else if (e.key === 'Enter') {
      el.encode.click();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      clear();
    } else {
      return;
    }
    e.preventDefault();
    showPen();
  });
  function stroke(from, to) {
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = canvas.width / 11;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    inked = true;
  }
  clear();

  function pixels() {
    const small = document.createElement('canvas');
    small.width = SIDE;
    small.height = SIDE;
    const sctx = small.getContext('2d');
    sctx.drawImage(canvas, 0, 0, SIDE, SIDE);
    const data = sctx.getImageData(0, 0, SIDE, SIDE).data;
    const values = new Array(SIDE * SIDE);
    for (let i = 0; i < values.length; i++) values[i] = Math.round(data[i * 4] / 255 * 1000) / 1000;
    return values;
  }

  function show(mu) {
    el.info.textContent = `lands at (${mu.slice(0, 4).map(v => v.toFixed(2)).join(', ')}${mu.length > 4 ? ', …' : ''})`;
  }

  el.encode.addEventListener('click', async () => {
    if (!inked) { onError('draw a digit first'); return; }
    try {
      const answer = (await ask('/api/encode', { method: 'POST', body: { drawing: pixels(), side: SIDE } })).body;
      explore('drawn', { drawn: { pixels: answer.pixels, mu: answer.mu, logvar: answer.logvar } });
      show(answer.mu);
      onEncoded(answer.mu);
    } catch (e) {
      onError(e.message);
    }
  });
  el.clear.addEventListener('click', clear);

  return {
    /** New weights of the same model: the same drawing lands somewhere new. */
    async encodeAgain() {
      const drawn = store.explore.drawn;
      if (!drawn) return;
      try {
        const answer = (await ask('/api/encode', { method: 'POST', body: { pixels: drawn.pixels } })).body;
        explore('drawn', { drawn: { pixels: drawn.pixels, mu: answer.mu, logvar: answer.logvar } });
      } catch (e) {
        onError(e.message);
      }
    },
    /** A model of another shape: the old code means nothing there. */
    forget() {
      explore('drawn', { drawn: null });
    },
  };
}
