// The page's single source of truth: what the server last told us. Panels subscribe and render it.
const listeners = [];

export const store = {
  connection: 'connecting',
  canControl: false,
  state: 'idle',
  runId: null,
  device: '',
  hyperparameters: null,
  history: [],          // EpochMetrics per finished epoch
  imageEpochs: [],      // epochs whose pictures can be replayed
  images: null,         // latest { epoch, samples, reconstructions } (links to the PNGs)
  progress: null,       // latest batch progress of the running epoch
  liveBatches: [],      // { x, bce, kld } of the running epoch, for the chart
  viewers: 0,
  outcome: null,
  error: null,
};

export function subscribe(listener) {
  listeners.push(listener);
}

function changed(what) {
  for (const listener of listeners) listener(what, store);
}

export function setConnection(status) {
  store.connection = status;
  changed('connection');
}

export function showError(message) {
  store.error = message;
  changed('error');
}

function applyState(m) {
  store.state = m.state;
  store.runId = m.runId;
  store.device = m.device;
  store.hyperparameters = m.hyperparameters;
  store.outcome = m.outcome;
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
    case 'viewers':
      store.viewers = m.count;
      changed('viewers');
      break;
    case 'error':
      showError(m.message);
      break;
    default:
      break; // pong and future message types
  }
}
