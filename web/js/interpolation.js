// "Interpolate between two digits": the two ends (a random digit of a class, a test image by number, or
// this page's drawing), the strip of decoded steps, its animation on the decoded canvas, and its export as
// a PNG (4× larger) or a looping GIF. The ends the last strip used are kept in the store, so the same two
// digits can be drawn again by newer weights, or by a follower. With the decoder on this device the ends
// are codes (a test digit's mu from the latent map, the drawing's mu from the server's encode) and the
// strip is decoded here; otherwise the server draws it. Exports are always the server's.
import { store, explore } from './store.js';
import { ask } from './http.js';
import { codeOf, randomOf } from './latentCodes.js';
import { digitImage, stripCanvas } from './digitImage.js';

const MAX_STEPS = 32; // the server's limit for a strip (ExploreApi.MAX_STEPS)

/** `steps` codes from `from` to `to`: straight, or along the great circle — explore/Interpolation.path's formula. */
export function pathBetween(from, to, steps, spherical) {
  const dot = from.reduce((s, v, k) => s + v * to[k], 0);
  const norms = Math.sqrt(from.reduce((s, v) => s + v * v, 0) * to.reduce((s, v) => s + v * v, 0));
  const omega = spherical && norms > 0 ? Math.acos(Math.max(-1, Math.min(1, dot / norms))) : 0;
  const codes = [];
  for (let s = 0; s < steps; s++) {
    const t = steps === 1 ? 0 : s / (steps - 1);
    const [a, b] = spherical && omega > 1e-6
      ? [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)] : [1 - t, t];
    codes.push(from.map((v, k) => a * v + b * to[k]));
  }
  return codes;
}

const NAMES = ['a 0', 'a 1', 'a 2', 'a 3', 'a 4', 'a 5', 'a 6', 'a 7', 'an 8', 'a 9'];

export function createInterpolation(el, { paint, onError, onShown, local }) {
  let frames = [];
  let exportBody = null;
  let animation = null;

  for (const select of [el.fromKind, el.toKind]) {
    for (let d = 0; d <= 9; d++) select.add(new Option(`a random ${d}`, `digit:${d}`));
    select.add(new Option('test image by number', 'index'));
    select.add(new Option('my drawing', 'drawn'));
  }
  const indexBoxes = [[el.fromKind, el.fromIndexLabel], [el.toKind, el.toIndexLabel]];
  function showIndexBoxes() {
    for (const [select, label] of indexBoxes) label.hidden = select.value !== 'index';
  }
  for (const [select] of indexBoxes) select.addEventListener('change', showIndexBoxes);
  el.fromKind.value = 'digit:3';
  el.toKind.value = 'digit:8';

  // An end as the API takes it; `pinned` keeps the test image a "random" end used last time.
  function end(kind, pinned, indexBox) {
    if (kind === 'index') {
      const n = Number(indexBox.value);
      if (!Number.isInteger(n) || n < 0 || n > 9999) throw new Error('a test image number is a whole number 0–9999');
      return { testIndex: n };
    }
    if (kind === 'drawn') {
      if (!store.explore.drawn) throw new Error('draw a digit and press “encode it” first');
      return { pixels: store.explore.drawn.pixels };
    }
    if (pinned && pinned.testIndex !== undefined) return { testIndex: pinned.testIndex };
    return { digit: Number(kind.split(':')[1]) };
  }

  function caption(info, which) {
    const span = document.createElement('span');
    span.dataset.end = which;
    if (info && info.testIndex !== undefined) {
      span.dataset.testIndex = info.testIndex;
      span.dataset.label = info.label;
      span.textContent = `test image #${info.testIndex}, ${NAMES[info.label]}`;
    } else {
      span.textContent = info && info.pixels ? 'your drawing' : 'a code';
    }
    return span;
  }

  // An end as a code of the map's model, and what the caption and the follower need to know of it.
  function localEnd(kind, pinned, indexBox, map) {
    let index;
    if (kind === 'drawn') {
      const drawn = store.explore.drawn;
      if (!drawn || !drawn.mu) throw new Error('draw a digit and press “encode it” first');
      if (drawn.mu.length !== map.latent) throw new Error('the drawing was encoded by another model: press “encode it” again');
      return { code: drawn.mu, info: { pixels: drawn.pixels } };
    }
    if (kind === 'index') index = end(kind, pinned, indexBox).testIndex;
    else if (pinned && pinned.testIndex !== undefined) index = pinned.testIndex;
    else index = randomOf(map, Number(kind.split(':')[1]));
    return { code: codeOf(map, index), info: { testIndex: index, label: map.labels[index] } };
  }

  function readSteps() {
    const steps = Number(el.steps.value);
    if (!Number.isInteger(steps) || steps < 2 || steps > MAX_STEPS) throw new Error(`steps is a whole number 2–${MAX_STEPS}`);
    return steps;
  }

  async function interpolateHere(decoder, map, keepDigits) {
    const previous = keepDigits ? store.explore.interpolation : null;
    const from = localEnd(el.fromKind.value, previous && previous.from, el.fromIndex, map);
    const to = localEnd(el.toKind.value, previous && previous.to, el.toIndex, map);
    const steps = readSteps();
    const spherical = el.spherical.checked;
    const { pixels } = await decoder.decode(pathBetween(from.code, to.code, steps, spherical));
    exportBody = { from: end(el.fromKind.value, from.info, el.fromIndex), to: end(el.toKind.value, to.info, el.toIndex), steps, spherical };
    el.exportStrip.disabled = false;
    el.exportAnimation.disabled = false;
    if (el.strip.src.startsWith('blob:')) URL.revokeObjectURL(el.strip.src);
    el.strip.src = stripCanvas(pixels, steps).toDataURL();
    await el.strip.decode();
    const context = document.createElement('canvas').getContext('2d');
    frames = Array.from({ length: steps }, (_, s) => digitImage(context, pixels, s));
    el.caption.replaceChildren(caption(from.info, 'from'), ' → ', caption(to.info, 'to'));
    el.strip.dataset.decodedOn = 'device';
    explore('interpolation', { interpolation: { from: from.info, to: to.info } });
    onShown();
  }

  /** Draws a strip; keepDigits: the same test images as the last one (new weights, or a follower's). */
  async function interpolate(keepDigits) {
    try {
      const decoder = local();
      const map = store.explore.map;
      if (decoder && map && map.mu) {
        await interpolateHere(decoder, map, keepDigits);
        return;
      }
      const previous = keepDigits ? store.explore.interpolation : null;
      const body = {
        from: end(el.fromKind.value, previous && previous.from, el.fromIndex),
        to: end(el.toKind.value, previous && previous.to, el.toIndex),
        steps: Number(el.steps.value), spherical: el.spherical.checked,
      };
      const answer = await ask('/api/interpolate', { method: 'POST', body, as: 'blob' });
      const info = JSON.parse(answer.headers.get('X-Interpolation') || '{}');
      exportBody = { ...body, from: end(el.fromKind.value, info.from, el.fromIndex), to: end(el.toKind.value, info.to, el.toIndex) };
      el.exportStrip.disabled = false;
      el.exportAnimation.disabled = false;
      if (el.strip.src.startsWith('blob:')) URL.revokeObjectURL(el.strip.src);
      el.strip.src = URL.createObjectURL(answer.body);
      await el.strip.decode();
      frames = cutFrames(el.strip, body.steps);
      el.strip.dataset.decodedOn = 'server';
      el.caption.replaceChildren(caption(info.from, 'from'), ' → ', caption(info.to, 'to'));
      explore('interpolation', { interpolation: { from: info.from, to: info.to } });
      onShown();
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
    const cut = [];
    for (let s = 0; s < steps; s++) cut.push(ctx.getImageData(s * 30, 0, 28, 28));
    return cut;
  }

  async function exportAs(format) {
    if (!exportBody) return;
    try {
      const answer = await ask('/api/interpolate', { method: 'POST', body: { ...exportBody, format, scale: 4 }, as: 'blob' });
      const url = URL.createObjectURL(answer.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = `interpolation-epoch-${store.explore.map ? store.explore.map.epoch : 0}.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      onError(e.message);
    }
  }

  function toggleAnimation() {
    if (animation) {
      clearInterval(animation);
      animation = null;
      el.player.hidden = true;
      el.animate.textContent = 'animate';
      explore('animation', { animating: false });
      return;
    }
    if (!frames.length) return;
    let i = 0;
    let direction = 1;
    el.animate.textContent = 'stop';
    explore('animation', { animating: true });
    el.player.hidden = false; // beside the button: on a phone the decoded canvas is a screen away
    const player = el.player.getContext('2d');
    animation = setInterval(() => {
      paint(frames[i]);
      player.putImageData(frames[i], 0, 0);
      if (i + direction < 0 || i + direction >= frames.length) direction = -direction;
      i += direction;
    }, 120);
  }

  el.interpolate.addEventListener('click', () => interpolate(false));
  el.exportStrip.addEventListener('click', () => exportAs('png'));
  el.exportAnimation.addEventListener('click', () => exportAs('gif'));
  el.animate.addEventListener('click', toggleAnimation);

  return {
    interpolate,
    /** What a follower needs to draw the same strip. */
    settings: () => ({ from: el.fromKind.value, to: el.toKind.value, fromIndex: Number(el.fromIndex.value),
      toIndex: Number(el.toIndex.value), steps: Number(el.steps.value), spherical: el.spherical.checked }),
    /** Takes the presenter's settings; draws their strip when its ends changed. */
    follow(presenter, { draw = false } = {}) {
      el.fromKind.value = presenter.from || el.fromKind.value;
      el.toKind.value = presenter.to || el.toKind.value;
      if (presenter.fromIndex !== undefined) el.fromIndex.value = presenter.fromIndex;
      if (presenter.toIndex !== undefined) el.toIndex.value = presenter.toIndex;
      showIndexBoxes();
      el.steps.value = presenter.steps || el.steps.value;
      el.spherical.checked = !!presenter.spherical;
      const ends = presenter.interpolation;
      if (ends && JSON.stringify(ends) !== JSON.stringify(store.explore.interpolation)) {
        explore('interpolation', { interpolation: ends });
        interpolate(true);
      } else if (draw) {
        interpolate(false); // a view link's ends: the chosen kinds and test images, drawn anew
      }
    },
  };
}
