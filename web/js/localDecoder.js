// The decoder on this device: ONNX Runtime Web (WebAssembly, one thread) runs web/model/decoder.onnx, a graph
// without weights; each epoch's weights arrive as a safetensors file (the server's decoder link) and are
// handed to it as inputs by their PyTorch names. Swapping to the next epoch's weights is one assignment, so
// a decode uses either the old weights or the new, never a mix. docs/classroom.md says why this library.
import { readSafetensors } from './safetensors.js';

// the same version as core/pom.xml's onnxruntime.web.version, which puts the files there at build time
export const RUNTIME = '/vendor/onnxruntime-web-1.23.2/';
const GRAPH = '/model/decoder.onnx';
const NAMES = ['dec_fc.weight', 'dec_fc.bias', 'dec_deconv1.weight', 'dec_deconv1.bias',
  'dec_deconv2.weight', 'dec_deconv2.bias', 'dec_deconv3.weight', 'dec_deconv3.bias'];

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src, async: true });
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/** Starts the runtime; rejects with the reason when this browser cannot (no WebAssembly, say). */
export async function startLocalDecoder() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new Error('this browser cannot run WebAssembly');
  }
  if (!window.ort) await loadScript(`${RUNTIME}ort.wasm.min.js`);
  const ort = window.ort;
  ort.env.wasm.wasmPaths = RUNTIME;
  ort.env.wasm.numThreads = 1; // no SharedArrayBuffer needed; one decode is well under a millisecond
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(GRAPH, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  let current = null;
  let queue = Promise.resolve(); // one run at a time: the session takes no concurrent calls

  return {
    /** The weights in use: { runId, epoch, latent, link } or null. */
    get weights() {
      return current && { runId: current.runId, epoch: current.epoch, latent: current.latent, link: current.link };
    },

    /** Fetches an epoch's decoder (cached by the browser: the file never changes) and makes it ready to use. */
    async fetchWeights(link) {
      const response = await fetch(link);
      if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        throw new Error(answer.error || `the decoder's weights could not be fetched (${response.status})`);
      }
      const { tensors, metadata } = readSafetensors(await response.arrayBuffer());
      const feeds = {};
      for (const name of NAMES) {
        const t = tensors[name];
        if (!t || t.dtype !== 'F32') throw new Error(`the decoder's weights lack ${name}`);
        feeds[name] = new ort.Tensor('float32', t.data, t.shape);
      }
      return { runId: metadata.run, epoch: Number(metadata.epoch), latent: tensors['dec_fc.weight'].shape[1], feeds, link };
    },

    /** From now on, decode with these weights (from fetchWeights). */
    use(weights) {
      current = weights;
    },

    /** Decodes codes (an array of arrays of the weights' latent size) → { pixels: Float32Array of 784 each, epoch }. */
    decode(codes) {
      const weights = current;
      if (!weights) return Promise.reject(new Error('no weights yet'));
      const z = new Float32Array(codes.length * weights.latent);
      codes.forEach((code, i) => z.set(code, i * weights.latent));
      const result = queue.then(async () => {
        const out = await session.run({ ...weights.feeds, z: new ort.Tensor('float32', z, [codes.length, weights.latent]) });
        return { pixels: out.x.data, epoch: weights.epoch, runId: weights.runId };
      });
      queue = result.catch(() => {});
      return result;
    },
  };
}
