// The explorer: sliders (and a 2-D pad at latent 2) decoded live over the socket, interpolation between
// two encoded digits, a drawing canvas, the latent map and, for viewers, following the presenter.
import { createDrawing } from './drawing.js';
import { createLatentMap } from './latentMap.js';

const RANGE = 3;

export function createExplorer(el, { send, canControl, onError }) {
  const state = { latent: 0, z: [], decodeId: 0, shownId: 0, epoch: -1, runId: null, following: false,
                  drawnCode: null, drawn: null, lastInterpolation: null, frames: [], animating: null };
  const drawing = createDrawing(el.drawing);
  const map = createLatentMap(el.map, { onPick: (z) => setZ(z, true) });
  let lastBroadcast = 0;
  let shareTimer = null;

  for (const select of [el.fromKind, el.toKind]) {
    for (let d = 0; d <= 9; d++) select.add(new Option(`a random ${d}`, `digit:${d}`));
    select.add(new Option('test image by number', 'index'));
    select.add(new Option('my drawing', 'drawn'));
  }
  // "test image by number" shows a number box for that end
  const indexBoxes = [[el.fromKind, el.fromIndexLabel], [el.toKind, el.toIndexLabel]];
  function showIndexBoxes() {
    for (const [select, label] of indexBoxes) label.hidden = select.value !== 'index';
  }
  for (const [select] of indexBoxes) select.addEventListener('change', showIndexBoxes);
  el.fromKind.value = 'digit:3';
  el.toKind.value = 'digit:8';

  function buildSliders(latent) {
    el.sliders.replaceChildren();
    state.inputs = [];
    for (let d = 0; d < latent; d++) {
      const label = document.createElement('label');
      const input = Object.assign(document.createElement('input'), { type: 'range', min: -RANGE, max: RANGE, step: 0.01, value: 0 });
      const out = document.createElement('output');
      out.textContent = '0.00';
      input.setAttribute('aria-label', `z${d + 1}`);
      input.dataset.dim = d;
      input.addEventListener('input', () => {
        const z = state.z.slice();
        z[d] = Number(input.value);
        setZ(z, true);
      });
      label.append(`z${d + 1}`, input, out);
      el.sliders.append(label);
      state.inputs.push({ input, out });
    }
    el.pad.hidden = latent !== 2;
  }

  function drawPad() {
    if (state.latent !== 2) return;
    const c = el.pad.getContext('2d');
    const w = el.pad.width;
    c.fillStyle = '#000';
    c.fillRect(0, 0, w, w);
    c.strokeStyle = '#2b3652';
    c.beginPath();
    c.moveTo(w / 2, 0); c.lineTo(w / 2, w); c.moveTo(0, w / 2); c.lineTo(w, w / 2);
    c.stroke();
    const x = (state.z[0] / RANGE + 1) / 2 * w;
    const y = (1 - (state.z[1] / RANGE + 1) / 2) * w;
    c.fillStyle = '#6aa7ff';
    c.beginPath();
    c.arc(x, y, 7, 0, 2 * Math.PI);
    c.fill();
  }

  function padMove(e) {
    const r = el.pad.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * 2 - 1;
    const y = 1 - ((e.clientY - r.top) / r.height) * 2;
    setZ([Math.max(-1, Math.min(1, x)) * RANGE, Math.max(-1, Math.min(1, y)) * RANGE], true);
  }
  let padDragging = false;
  el.pad.addEventListener('pointerdown', (e) => { padDragging = true; el.pad.setPointerCapture(e.pointerId); padMove(e); });
  el.pad.addEventListener('pointermove', (e) => { if (padDragging) padMove(e); });
  el.pad.addEventListener('pointerup', () => { padDragging = false; });

  function setZ(z, byUser) {
    if (byUser && state.following) {
      state.following = false; // moving it yourself detaches you from the presenter
      el.follow.checked = false;
    }
    state.z = z.map(v => Math.max(-10, Math.min(10, v)));
    state.inputs.forEach(({ input, out }, d) => {
      input.value = Math.max(-RANGE, Math.min(RANGE, state.z[d]));
      out.textContent = state.z[d].toFixed(2);
    });
    drawPad();
    map.mark(state.z);
    state.decodeId += 1;
    send({ type: 'decode', id: state.decodeId, z: state.z });
    if (byUser) shareWithViewers();
  }

  // At most 10 a second, and always the last one: a drag's final position must reach the followers.
  function shareWithViewers() {
    if (!canControl()) return;
    const wait = 100 - (performance.now() - lastBroadcast);
    if (wait > 0) {
      if (!shareTimer) shareTimer = setTimeout(() => { shareTimer = null; shareWithViewers(); }, wait);
      return;
    }
    lastBroadcast = performance.now();
    send({ type: 'explore', state: { z: state.z, from: el.fromKind.value, to: el.toKind.value,
      fromIndex: Number(el.fromIndex.value), toIndex: Number(el.toIndex.value),
      steps: Number(el.steps.value), spherical: el.spherical.checked, interpolation: state.lastInterpolation } });
  }

  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) {
      const error = await response.json().catch(() => ({ error: `request failed (${response.status})` }));
      throw new Error(error.error);
    }
    return response;
  }

  function end(kind, pinned, indexBox) {
    if (kind === 'index') {
      const n = Number(indexBox.value);
      if (!Number.isInteger(n) || n < 0 || n > 9999) throw new Error('a test image number is a whole number 0–9999');
      return { testIndex: n };
    }
    if (kind === 'drawn') {
      if (!state.drawn) throw new Error('draw a digit and press “encode it” first');
      return { pixels: state.drawn };
    }
    if (pinned && pinned.testIndex !== undefined) return { testIndex: pinned.testIndex };
    return { digit: Number(kind.split(':')[1]) };
  }

  async function interpolate(keepDigits) {
    try {
      const previous = keepDigits ? state.lastInterpolation : null;
      const body = {
        from: end(el.fromKind.value, previous && previous.from, el.fromIndex),
        to: end(el.toKind.value, previous && previous.to, el.toIndex),
        steps: Number(el.steps.value), spherical: el.spherical.checked,
      };
      const response = await post('/api/interpolate', body);
      const info = JSON.parse(response.headers.get('X-Interpolation') || '{}');
      state.lastInterpolation = { from: info.from, to: info.to };
      state.exportBody = { ...body, from: end(el.fromKind.value, info.from, el.fromIndex), to: end(el.toKind.value, info.to, el.toIndex) };
      el.exportStrip.disabled = false;
      el.exportAnimation.disabled = false;
      const blob = await response.blob();
      if (el.strip.src.startsWith('blob:')) URL.revokeObjectURL(el.strip.src);
      el.strip.src = URL.createObjectURL(blob);
      await el.strip.decode();
      state.frames = cutFrames(el.strip, body.steps);
      shareWithViewers();
    } catch (e) {
      onError(e.message);
    }
  }

  // The strip as one 28×28 ImageData per step, for the animation.
  function cutFrames(img, steps) {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = 28;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const frames = [];
    for (let s = 0; s < steps; s++) frames.push(ctx.getImageData(s * 30, 0, 28, 28));
    return frames;
  }

  const decodedContext = el.decoded.getContext('2d');

  function paintFrame(imageData) {
    decodedContext.putImageData(imageData, 0, 0);
  }

  // A slider decode arrives as base64 of 784 gray bytes.
  function paintGray(base64) {
    const gray = atob(base64);
    const image = decodedContext.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = gray.charCodeAt(i);
      image.data[4 * i] = v;
      image.data[4 * i + 1] = v;
      image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    paintFrame(image);
  }

  // The strip (4× larger) or its animation, of the same two digits, as a file.
  async function exportInterpolation(format) {
    if (!state.exportBody) return;
    try {
      const response = await post('/api/interpolate', { ...state.exportBody, format, scale: 4 });
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `interpolation-epoch-${state.epoch}.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      onError(e.message);
    }
  }

  el.interpolate.addEventListener('click', () => interpolate(false));
  el.exportStrip.addEventListener('click', () => exportInterpolation('png'));
  el.exportAnimation.addEventListener('click', () => exportInterpolation('gif'));
  el.animate.addEventListener('click', () => {
    if (state.animating) {
      clearInterval(state.animating);
      state.animating = null;
      el.animate.textContent = 'animate';
      return;
    }
    if (!state.frames.length) return;
    let i = 0;
    let direction = 1;
    el.animate.textContent = 'stop';
    state.animating = setInterval(() => {
      paintFrame(state.frames[i]);
      if (i + direction < 0 || i + direction >= state.frames.length) direction = -direction;
      i += direction;
    }, 120);
  });
  el.randomZ.addEventListener('click', () => setZ(state.z.map(() => gaussian()), true));
  el.zeroZ.addEventListener('click', () => setZ(state.z.map(() => 0), true));
  el.drawClear.addEventListener('click', () => { drawing.clear(); el.drawInfo.textContent = ''; });
  el.drawEncode.addEventListener('click', async () => {
    if (drawing.isEmpty()) { onError('draw a digit first'); return; }
    try {
      const { side, values } = drawing.pixels();
      const answer = await (await post('/api/encode', { drawing: values, side })).json();
      state.drawn = answer.pixels;
      state.drawnCode = answer.mu;
      map.markDrawn(answer.mu);
      el.drawInfo.textContent = `lands at (${answer.mu.slice(0, 4).map(v => v.toFixed(2)).join(', ')}${answer.mu.length > 4 ? ', …' : ''})`;
      setZ(answer.mu, true);
    } catch (e) {
      onError(e.message);
    }
  });
  el.follow.addEventListener('change', () => {
    state.following = el.follow.checked;
    if (state.following && state.presenter) applyPresenter(state.presenter);
  });

  function applyPresenter(presenter) {
    if (presenter.z && presenter.z.length === state.latent) setZ(presenter.z, false);
    el.fromKind.value = presenter.from || el.fromKind.value;
    el.toKind.value = presenter.to || el.toKind.value;
    if (presenter.fromIndex !== undefined) el.fromIndex.value = presenter.fromIndex;
    if (presenter.toIndex !== undefined) el.toIndex.value = presenter.toIndex;
    showIndexBoxes();
    el.steps.value = presenter.steps || el.steps.value;
    el.spherical.checked = !!presenter.spherical;
    const interpolation = presenter.interpolation;
    if (interpolation && JSON.stringify(interpolation) !== JSON.stringify(state.lastInterpolation)) {
      state.lastInterpolation = interpolation;
      interpolate(true);
    }
  }

  async function refreshMap() {
    const response = await fetch('/api/latent-map');
    if (!response.ok) return false;
    const data = await response.json();
    const fresh = data.latent !== state.latent || data.runId !== state.runId;
    state.epoch = data.epoch;
    state.runId = data.runId;
    el.empty.hidden = true;
    el.body.hidden = false;
    el.epochLabel.textContent = `(weights after epoch ${data.epoch})`;
    el.mapMethod.textContent = data.method === 'pca'
      ? `PCA of ${data.latent} dimensions: ${(100 * (data.explained[0] + data.explained[1])).toFixed(0)}% of the variance shown` : '';
    if (fresh) {
      state.latent = data.latent;
      buildSliders(data.latent);
      state.z = new Array(data.latent).fill(0);
      state.lastInterpolation = null;
    }
    map.show(data);
    el.manifoldFigure.hidden = data.latent !== 2;
    if (data.latent === 2) el.manifold.src = `/api/manifold?n=20&epoch=${data.epoch}&run=${encodeURIComponent(data.runId)}`;
    setZ(state.z, false);
    if (state.drawnCode && !fresh) {
      const answer = await (await post('/api/encode', { pixels: state.drawn })).json();
      state.drawnCode = answer.mu;
      map.markDrawn(answer.mu);
    }
    if (state.lastInterpolation) interpolate(true); // the same two digits, drawn by the new weights
    return true;
  }

  return {
    refreshMap,
    decoded(m) {
      if (m.id < state.shownId || state.animating) return;
      state.shownId = m.id;
      paintGray(m.pixels);
    },
    follow(presenter) {
      state.presenter = presenter; // kept, so ticking "follow" jumps to where the presenter is
      if (state.following && !canControl()) applyPresenter(presenter);
    },
    state,
    setZ: (z) => setZ(z, true),
    drawingIsEmpty: () => drawing.isEmpty(),
  };
}

function gaussian() {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
