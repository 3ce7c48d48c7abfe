// The explorer: wires its parts (sliders and pad, interpolation, drawing, the latent map, following the
// presenter) to the store, the socket and the decoder. It decodes on this device when it can (the epoch's
// weights, fetched once per epoch and swapped in whole), else it asks the server over the socket; it
// fetches each new latent map, rebuilds the sliders when the model's shape changes, and redraws wherever
// the position is when new weights arrive.
import { store, explore, subscribe, newestDecoder } from './store.js';
import { createSliders } from './sliders.js';
import { createInterpolation } from './interpolation.js';
import { createDrawing } from './drawing.js';
import { createLatentMap } from './latentMap.js';
import { createFollow } from './follow.js';
import { startLocalDecoder } from './localDecoder.js';
import { fetchLatentMap } from './latentCodes.js';
import { createPosteriorPanel } from './posteriorPanel.js';

// When an epoch ends every open page wants its two files at the same moment, a burst the training machine
// feels (bench --explorers 500: training −12.9 % with the burst, −4.0 % with it spread over a second; the
// decoder still held within ~1 s). So each page waits a random share of a window that grows with the class:
// 2 ms per open page, at most 1 s; alone or in a small group it fetches at once. (The bench's simulated
// students, SimulatedStudent.java, wait the same way.)
export const SPREAD_MS_PER_PAGE = 2;
export const SPREAD_MAX_MS = 1000;
function spreadOut() {
  const window_ = Math.min(SPREAD_MAX_MS, SPREAD_MS_PER_PAGE * store.viewers);
  return window_ < 20 ? Promise.resolve() : new Promise(done => setTimeout(done, Math.random() * window_));
}

// On a GPU an epoch ends about every second, and a class fetching each epoch's two files (~430 KB a page)
// every second is more than a classroom's Wi-Fi carries. So, within one live run, a page fetches a new
// epoch's files at most once every EPOCH_FETCH_MIN_MS, and then the newest epoch's (those in between are
// skipped; the charts and pictures still show every epoch). On a CPU epochs are tens of seconds apart and
// nothing waits; a new run, a saved run opened, or a run that has stopped training is fetched at once (so the
// decoder and the map never stand on different epochs once it ends).
// (latentLab.epochFetchMinMs overrides it, for benchmarks and tests: on a CPU no epoch is that short.)
export const EPOCH_FETCH_MIN_MS = 3000;
function paced(lastAt) {
  const every = Number.isFinite(window.latentLab.epochFetchMinMs) ? window.latentLab.epochFetchMinMs : EPOCH_FETCH_MIN_MS;
  const wait = lastAt + every - Date.now();
  return wait > 0 ? new Promise(done => setTimeout(done, wait)) : Promise.resolve();
}

export function createExplorer(el, { send, errors }) {
  const sliders = createSliders(el.decode, { onMove: (z) => moveTo(z, true) });
  const map = createLatentMap(el.map, { onPick: (z) => moveTo(z, true), onSelect: (i) => posterior.select(i) });
  const posterior = createPosteriorPanel(el.posterior, { map, local: () => localFor(store.explore.map), onError: errors.posterior });
  const interpolation = createInterpolation(el.interpolation, {
    paint: (image) => sliders.paint(image), onError: errors.interpolation, onShown: () => follow.share(), local: () => localFor(store.explore.map),
  });
  const drawing = createDrawing(el.drawing, { onEncoded: (mu) => moveTo(mu, true), onError: errors.drawing });
  const follow = createFollow(el.follow, {
    send,
    sharedState: () => ({ z: store.explore.z, ...interpolation.settings(), interpolation: store.explore.interpolation }),
    apply: (presenter) => {
      if (presenter.z && store.explore.map && presenter.z.length === store.explore.map.latent) moveTo(presenter.z, false);
      interpolation.follow(presenter);
    },
  });

  let local = null;        // the decoder on this device, once started
  let fetching = null;     // the decoder link being fetched
  let drawing_ = false;    // a local decode in progress; `pending` is the newest move waiting for it
  let pending = null;
  let swapToDraw = null;   // the latest swap, until the first digit its weights draw
  let weightsFetchedAt = 0; // when this page last began fetching an epoch's decoder, and its latent map
  let mapFetchedAt = 0;
  let mapCall = 0;         // the newest refreshMap call; an older one still waiting gives way to it

  startLocalDecoder().then((decoder) => {
    local = decoder;
    window.latentLab.decoder = decoder;
    followWeights();
  }).catch((e) => setWhere('server', `this browser cannot decode here (${e.message})`));

  function setWhere(where, reason = '') {
    explore('decoding', { decoding: { where, reason } });
    el.where.textContent = where === 'device' ? 'decoding on this device' : where === 'server' ? 'decoding on the server' : 'starting the decoder…';
    el.where.title = where === 'device'
      ? `this page decodes with the weights of epoch ${store.explore.weights ? store.explore.weights.epoch : '?'}, without asking the server`
      : reason || "where this page's digits are decoded";
    el.where.dataset.where = where;
  }
  setWhere('starting');

  /** The local decoder when it holds the weights of this map's model, else null (ask the server). */
  function localFor(m) {
    const w = local && local.weights;
    return w && m && w.runId === m.runId && w.latent === m.latent ? local : null;
  }

  // Fetches the newest epoch's decoder and swaps it in; the point on show is drawn again by it.
  async function followWeights() {
    const link = newestDecoder();
    if (!local || !link || link === fetching || (local.weights && local.weights.link === link)) return;
    fetching = link;
    try {
      if (local.weights) { // the first weights at once; each new epoch's paced, and spread over the class
        if (store.state === 'running' && !store.viewing && local.weights.runId === store.runId) await paced(weightsFetchedAt);
        if (fetching !== link) return;
        await spreadOut();
      }
      if (fetching !== link) return;
      weightsFetchedAt = Date.now();
      const weights = await local.fetchWeights(link);
      if (fetching !== link) return; // a newer epoch's link came meanwhile
      local.use(weights);
      const announced = [store.images, store.latentMap].find(m => m && m.decoder === link);
      swapToDraw = { runId: weights.runId, epoch: weights.epoch, announcedAt: announced ? announced.sentAt : null, fetchedAt: weightsFetchedAt, at: Date.now(), drawnAt: null };
      window.latentLab.swaps.push(swapToDraw);
      explore('weights', { weights: { runId: weights.runId, epoch: weights.epoch } });
      setWhere('device');
      if (store.explore.map) moveTo(store.explore.z, false);
    } catch (e) {
      // The server out of reach (a TypeError from fetch) is no reason to stop decoding here: the weights in
      // use stay, and the snapshot after the reconnect tries again. Anything else is.
      if (fetching === link && !(e instanceof TypeError)) setWhere('server', e.message);
    } finally {
      if (fetching === link) fetching = null;
    }
  }

  function moveTo(z, byUser) {
    const limit = store.explore.map ? store.explore.map.zLimit : Infinity;
    const clamped = z.map(v => Math.max(-limit, Math.min(limit, v)));
    const e = store.explore;
    explore('z', { z: clamped, decodeId: e.decodeId + 1, following: byUser ? false : e.following });
    const decoder = localFor(store.explore.map);
    if (decoder && clamped.length === decoder.weights.latent) decodeHere(decoder, clamped, store.explore.decodeId);
    else send({ type: 'decode', id: store.explore.decodeId, z: clamped });
    if (byUser) follow.share();
  }

  // One decode at a time; moves that come meanwhile collapse into the newest, drawn as soon as it is free.
  function decodeHere(decoder, z, id) {
    if (drawing_) {
      pending = { decoder, z, id };
      return;
    }
    drawing_ = true;
    const started = performance.now();
    decoder.decode([z]).then(({ pixels, epoch, runId }) => {
      sliders.drawn(pixels, id, { animating: store.explore.animating });
      window.latentLab.decodeMillis.push(performance.now() - started);
      if (swapToDraw && epoch === swapToDraw.epoch && runId === swapToDraw.runId) {
        swapToDraw.drawnAt = Date.now();
        swapToDraw = null;
      }
      const drawn = window.latentLab.afterDraw;
      window.latentLab.afterDraw = null;
      if (drawn) drawn();
    }).catch((e) => errors.decode(`could not decode on this device: ${e.message}`)).finally(() => {
      drawing_ = false;
      const next = pending;
      pending = null;
      if (next) decodeHere(next.decoder, next.z, next.id);
    });
  }

  async function refreshMap(spread) {
    const call = ++mapCall;
    if (spread) {
      const old = store.explore.map;
      if (store.state === 'running' && !store.viewing && old && store.latentMap && old.runId === store.latentMap.runId) await paced(mapFetchedAt);
      if (call !== mapCall) return; // a newer epoch's map came meanwhile: that call fetches it
      await spreadOut();
      if (call !== mapCall) return;
    }
    mapFetchedAt = Date.now();
    const data = await fetchLatentMap(store.latentMap);
    if (!data) return; // no model yet: the empty state stays
    const old = store.explore.map;
    if (!store.viewing && old && old.runId === data.runId && old.epoch > data.epoch) return; // an older answer, overtaken
    const fresh = !old || data.latent !== old.latent || data.runId !== old.runId;
    el.empty.hidden = true;
    el.body.hidden = false;
    el.epochLabel.textContent = `(weights after epoch ${data.epoch})`;
    el.mapMethod.textContent = data.method === 'pca'
      ? `PCA of ${data.latent} dimensions: ${(100 * (data.explained[0] + data.explained[1])).toFixed(0)}% of the variance shown` : '';
    if (fresh) sliders.build(data.latent);
    explore('map', fresh ? { map: data, z: new Array(data.latent).fill(0), interpolation: null } : { map: data });
    map.show(data);
    el.manifoldFigure.hidden = !data.manifold;
    if (data.manifold) el.manifold.src = data.manifold;
    moveTo(store.explore.z, false); // the same point, drawn by the new weights
    drawing.encodeAgain();
    if (store.explore.interpolation) interpolation.interpolate(true); // the same two digits, drawn anew
  }

  subscribe((what, s) => {
    if (what === 'snapshot' || what === 'latentMap') {
      refreshMap(what === 'latentMap' && !!store.explore.map).catch((e) => {
        if (!(e instanceof TypeError)) errors.decode(`could not show the latent map: ${e.message}`); // else: out of reach, the next snapshot retries
      });
    }
    if (['snapshot', 'images', 'latentMap', 'state'].includes(what)) followWeights();
    if (what === 'z') sliders.show(s.explore.z);
    if (['z', 'map', 'drawn', 'presenter', 'snapshot'].includes(what)) {
      map.mark({ z: s.explore.z, drawnAt: s.explore.drawn && s.explore.drawn.mu,
        presenterAt: s.canControl || !s.explore.presenter ? null : s.explore.presenter.z, drawn: s.explore.drawn });
    }
  });

  return {
    decoded: (m) => sliders.decoded(m, { animating: store.explore.animating }),
    /** What this page explores, for a link to the view: the point and the interpolation's settings. */
    view: () => ({ z: store.explore.z, ...interpolation.settings() }),
    /** Restores a view from a link: the point (once a map of that shape is in) and the interpolation. */
    restore(view) {
      if (view.z && store.explore.map && view.z.length === store.explore.map.latent) moveTo(view.z, true);
      if (view.from && view.to) interpolation.follow({ ...view, interpolation: null }, { draw: true });
    },
  };
}

// For benchmarks and tests: each local slider decode's time in ms; each swap of weights (run, epoch, the
// server's stamp on the message that announced them, when their fetch began, when they were in use and when
// they first drew);
// the decoder on this device; afterDraw, a function called once after the next local draw; epochFetchMinMs,
// when set, the pace of a live run's epoch fetches instead of EPOCH_FETCH_MIN_MS.
window.latentLab = window.latentLab || { decodeMillis: [], swaps: [], decoder: null, afterDraw: null };
