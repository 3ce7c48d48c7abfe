// "One digit's posterior": the test digit clicked on the map, its mu and sigma, and K samples
// z = mu + sigma·eps drawn from q(z|x): their points on the map and their decoded digits beside the
// original. Decoded on this device when it can, else by the server (one /api/decode per sample).
import { store } from './store.js';
import { ask } from './http.js';
import { sampleCodes, posteriorOf } from './posterior.js';
import { stripCanvas } from './digitImage.js';

const MAX_K = 16;

export function createPosteriorPanel(el, { map, local, onError }) {
  let chosen = null; // { index, label, mu, logvar }

  function select(index) {
    const data = store.explore.map;
    if (!data) return;
    const { mu, logvar } = posteriorOf(data, index);
    chosen = { index, label: data.labels[index], mu, logvar };
    const sigma = logvar.map(v => Math.exp(v / 2));
    const show = (values) => values.slice(0, 4).map(v => v.toFixed(2)).join(', ') + (values.length > 4 ? ', …' : '');
    el.caption.textContent = `Test digit #${index} (a ${chosen.label}): mu (${show(mu)}), sigma (${show(sigma)}). `
      + 'Its ellipse on the map is mu ± sigma; press the button to draw samples from it.';
    el.original.src = `/api/test-digits/${index}`;
    el.sample.disabled = false;
    el.samples.removeAttribute('src');
  }

  async function decodeAll(codes) {
    const decoder = local();
    if (decoder) return (await decoder.decode(codes)).pixels;
    const pixels = new Float32Array(codes.length * 784);
    for (let k = 0; k < codes.length; k++) {
      const png = (await ask('/api/decode', { method: 'POST', body: { z: codes[k] }, as: 'blob' })).body;
      const bitmap = await createImageBitmap(png);
      const c = document.createElement('canvas');
      c.width = 28; c.height = 28;
      const g = c.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      const data = g.getImageData(0, 0, 28, 28).data;
      for (let i = 0; i < 784; i++) pixels[k * 784 + i] = data[4 * i] / 255;
    }
    return pixels;
  }

  el.sample.addEventListener('click', async () => {
    if (!chosen) return onError('click a digit on the map first');
    const k = Number(el.k.value);
    if (!Number.isInteger(k) || k < 1 || k > MAX_K) return onError(`K must be a whole number 1–${MAX_K}`);
    const codes = sampleCodes(chosen.mu, chosen.logvar, k);
    map.showSamples(codes);
    try {
      const pixels = await decodeAll(codes);
      el.samples.src = stripCanvas(pixels, k).toDataURL();
      el.samples.dataset.count = String(k);
    } catch (e) {
      onError(`could not decode the samples: ${e.message}`);
    }
  });

  return { select, forget: () => { chosen = null; el.sample.disabled = true; } };
}
