// An epoch's latent map from its codes file (the latentMap message's link): every test digit's mu and
// logvar, its label and the map's projection (PCA above two dimensions), in one binary fetch that the
// browser caches; each digit's point on the map is worked out here. The shape is the one
// GET /api/latent-map answers as JSON.
import { readSafetensors } from './safetensors.js';
import { request } from './http.js';

export async function fetchLatentMap(ready) {
  if (!ready) return null; // no model has a map yet: nothing to ask for (the server would answer 409)
  if (!ready.codes) return fromJson();
  let bytes;
  try {
    const response = await fetch(ready.codes);
    if (!response.ok) return fromJson();
    bytes = await response.arrayBuffer();
  } catch {
    return null; // the server cannot be reached (or went away mid-file): the map stays as it is
  }
  const { tensors: t, metadata: m } = readSafetensors(bytes);
  const latent = Number(m.latent);
  const axes = t.axes.data;
  const mu = t.mu.data;
  const mean = t.mean.data;
  const count = t.labels.data.length;
  const points = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 2; k++) {
      let p = 0;
      for (let d = 0; d < latent; d++) p += (mu[i * latent + d] - mean[d]) * axes[k * latent + d];
      points[2 * i + k] = p;
    }
  }
  return {
    runId: m.run, epoch: Number(m.epoch), latent, method: m.method,
    explained: m.explained.split(',').map(Number), zLimit: Number(m.z_limit),
    points, labels: t.labels.data, mu, logvar: t.logvar.data,
    mean: Array.from(t.mean.data), axes: [Array.from(axes.subarray(0, latent)), Array.from(axes.subarray(latent))],
    manifold: ready.manifold,
  };
}

// A server without a codes link for this map (it cannot happen with this server's messages, but a page
// left open across an upgrade may see one): the JSON form.
async function fromJson() {
  const answer = await request('/api/latent-map');
  return answer.ok ? answer.body : null;
}

/** Test digit `index`'s mu as an array. */
export function codeOf(map, index) {
  return Array.from(map.mu.subarray(index * map.latent, (index + 1) * map.latent));
}

/** A random test digit of class `digit`. */
export function randomOf(map, digit) {
  const matches = [];
  for (let i = 0; i < map.labels.length; i++) if (map.labels[i] === digit) matches.push(i);
  return matches[Math.floor(Math.random() * matches.length)];
}
