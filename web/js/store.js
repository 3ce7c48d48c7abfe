// The page's single source of truth: what the server last told us, and what this page explores. Panels
// subscribe and render from it; they change it only through the functions below.
const listeners = [];

export const store = {
  connection: 'connecting',
  outage: null,         // { since } while a page that was live cannot reach the server
  recoveredAt: 0,       // when the last outage ended (the bar says so for a moment)
  canControl: false,
  state: 'idle',
  runId: null,
  demo: null,
  viewing: null,        // a saved run opened read-only (its id): the page shows it, not the live one, until "back to live"           // the run on show is the demo that ships with Latent Lab: the command that made it
  device: '',
  hyperparameters: null,
  links: null,          // the run's resources: { samples, reconstructions (with {epoch}), metricsCsv, replayGif }
  history: [],          // EpochMetrics per finished epoch
  changes: [],          // { epoch, batch, field, from, to }: β or the learning rate changed while the run trained
  imageEpochs: [],      // epochs whose pictures can be replayed
  images: null,         // latest { epoch, samples, reconstructions, decoder } (links to the PNGs and the decoder's weights)
  latentMap: null,      // latest { runId, epoch, codes, decoder, manifold }: the latent map ready for those weights
  progress: null,       // latest batch progress of the running epoch
  liveBatches: [],      // { x, bce, kld } of the running epoch, for the chart
  viewers: 0,
  outcome: null,
  error: null,
  explore: {
    map: null,          // the latest latent map (its codes file)
    decoding: { where: 'starting', reason: '' }, // 'device' (this page decodes) or 'server' (it asks), and why
    weights: null,      // { runId, epoch } the page decodes with when on this device
    z: [],              // the position being decoded
    decodeId: 0,        // the newest decode asked for; older answers are ignored
    following: false,   // a viewer following the presenter
    presenter: null,    // what the presenter explores (its latest explore state)
    drawn: null,        // { pixels, mu } of this page's drawing
    interpolation: null, // { from, to }: the ends the last strip used (test image and label, or pixels)
    animating: false,   // the interpolation plays on the decoded canvas (slider answers wait)
  },
};

export function subscribe(listener) {
  listeners.push(listener);
}

function changed(what) {
  for (const listener of listeners) listener(what, store);
}

let everConnected = false;

export function setConnection(status) {
  store.connection = status;
  if (status === 'connected') {
    if (store.outage) store.recoveredAt = Date.now();
    store.outage = null;
    everConnected = true;
  } else if (everConnected && !store.outage) {
    store.outage = { since: Date.now() }; // the first 'connecting' of a page is no outage
  }
  changed('connection');
}

export function showError(message) {
  store.error = message;
  changed('error');
}

/** Changes what this page explores; `what` says which part changed, for the panels that care. */
export function explore(what, patch) {
  Object.assign(store.explore, patch);
  changed(what);
}

function applyState(m) {
  store.state = m.state;
  store.runId = m.runId;
  store.device = m.device;
  store.hyperparameters = m.hyperparameters;
  store.outcome = m.outcome;
  store.links = m.links;
  store.demo = m.demo || null;
}

export function apply(m) {
  switch (m.type) {
    case 'snapshot':
      applyState(m);
      store.canControl = m.canControl;
      store.history = m.history;
      store.imageEpochs = m.imageEpochs;
      store.images = m.images;
      store.progress = m.progress;
      store.viewers = m.viewers;
      store.liveBatches = [];
      store.explore.presenter = m.presenterExplore;
      store.latentMap = m.latentMap;
      store.changes = m.changes || [];
      changed('snapshot');
      break;
    case 'state':
      applyState(m);
      changed('state');
      break;
    case 'progress': {
      const previous = store.progress;
      if (previous && previous.epoch !== m.epoch) store.liveBatches = [];
      store.progress = m;
      store.liveBatches.push({ x: m.epoch - 1 + m.batch / m.batches, bce: m.bce, kld: m.kld });
      changed('progress');
      break;
    }
    case 'epoch':
      store.history = [...store.history.filter(h => h.epoch !== m.metrics.epoch), m.metrics];
      store.liveBatches = [];
      changed('epoch');
      break;
    case 'images':
      store.images = m;
      if (!store.imageEpochs.includes(m.epoch)) store.imageEpochs = [...store.imageEpochs, m.epoch];
      changed('images');
      break;
    case 'tuned':
      if (m.runId === store.runId) store.changes = [...store.changes, ...m.changes];
      changed('tuned');
      break;
    case 'viewers':
      store.viewers = m.count;
      changed('viewers');
      break;
    case 'presenterExplore':
      store.explore.presenter = m.state;
      changed('presenter');
      break;
    case 'latentMap':
      store.latentMap = m;
      changed('latentMap'); // new weights have their map: the explorer fetches it
      break;
    case 'error':
      showError(m.message);
      break;
    default:
      break; // pong, decoded (the sliders take those) and future message types
  }
}

/** The newest decoder link of the run on show: from its latest pictures or its latest latent map. */
export function newestDecoder() {
  // a saved run opened read-only: the epoch chosen with the scrubber (its latent map names it)
  if (store.viewing && store.latentMap && store.latentMap.runId === store.runId) return store.latentMap.decoder;
  const links = [store.images, store.latentMap].filter(m => m && m.decoder && m.runId === store.runId);
  links.sort((a, b) => b.epoch - a.epoch);
  return links.length ? links[0].decoder : null;
}

/** An image link of the run on show, for one epoch: the server's template with the epoch filled in. */
export function epochLink(kind, epoch) {
  return store.links ? store.links[kind].replace('{epoch}', epoch) : null;
}
