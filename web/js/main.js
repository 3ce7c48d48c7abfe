// Wires the dashboard: one socket feeds the store, every panel renders from the store.
import { connect } from './connection.js';
import { store, subscribe, apply, setConnection } from './store.js';
import { presenterToken } from './token.js';
import { createLossChart } from './lossChart.js';
import { createPictures } from './pictures.js';
import { createProgress } from './progress.js';
import { createControls } from './controls.js';
import { createBanners } from './banners.js';
import { createExplorer } from './explorer.js';
import { createShare } from './share.js';
import { ensureJoined, stillJoined } from './join.js';
import { errorBox } from './errors.js';
import { createThemeToggle } from './theme.js';
import { createTuning } from './tuning.js';
import { createTradeoff } from './tradeoff.js';
import { createViewing } from './viewing.js';
import { createRunsPanel } from './runsPanel.js';
import { viewHash, parseView, panelInView } from './viewLink.js';

const $ = (id) => document.getElementById(id);
const token = presenterToken();
createThemeToggle($('theme'));

// With a join PIN the page asks for it first; nothing else loads until this browser may see the class.
await ensureJoined({ token, dialog: $('join'), form: $('join-form'), input: $('join-pin'), message: $('join-message') });

const renderChart = createLossChart({
  canvas: $('loss-chart'), logScale: $('log-scale'), smoothing: $('smoothing'), smoothingValue: $('smoothing-value'),
  table: $('loss-table').tBodies[0], news: $('epoch-news'), changes: $('changes'),
});
const renderPictures = createPictures({
  samples: $('samples'), reconstructions: $('reconstructions'), scrubber: $('scrubber'),
  label: $('scrubber-label'), latestButton: $('follow-latest'),
  exports: { row: $('picture-exports'), samples: $('export-samples'), reconstructions: $('export-reconstructions'), replay: $('export-replay'),
    weights: $('export-weights') },
}, { onEpoch: (epoch) => viewing.epoch(epoch) });

// The metrics of the run on show, as CSV (anyone may download; nothing changes).
function renderCsvLink(s) {
  const link = $('export-csv');
  link.hidden = !s.links || !s.history.length;
  if (s.links) {
    link.href = s.links.metricsCsv;
    link.download = `${s.runId}-metrics.csv`;
  }
}
const renderProgress = createProgress({
  bar: $('progress-bar'), epoch: $('stat-epoch'), batch: $('stat-batch'), rate: $('stat-rate'), eta: $('stat-eta'),
  loss: $('stat-loss'), active: $('stat-active'), state: $('state'), outcome: $('outcome'), settings: $('run-settings'),
});
const renderControls = createControls({
  form: $('controls'), fields: $('hyperparameters'), pause: $('pause'), stop: $('stop'), resumeRun: $('resume-run'),
  message: $('control-message'), token, onError: errorBox($('control-error')),
});
const renderTradeoff = createTradeoff({
  bars: $('kl-bars'), path: $('rate-distortion'), barsEpoch: $('kl-bars-epoch'), empty: $('tradeoff-empty'), body: $('tradeoff-body'),
});
const renderTuning = createTuning({
  box: $('live-tune'), form: $('tune-form'), stepBatch: $('step-batch'), stepEpoch: $('step-epoch'),
  stepHint: $('step-hint'), message: $('tune-message'),
}, { token, onError: errorBox($('tune-error')) });
const renderBanners = createBanners({
  connection: $('connection'), outage: $('outage'), role: $('role'), viewers: $('viewers'),
  device: $('device'), runId: $('run-id'), demo: $('demo'), demoCommand: $('demo-command'), collapse: $('collapse'), collapseSummary: $('collapse-summary'), collapseDetail: $('collapse-detail'), error: $('error'),
});
const renderShare = createShare({
  card: $('share'), qr: $('share-qr'), link: $('share-link'), copy: $('share-copy'), pin: $('share-pin'),
  pinRow: $('share-pin-row'), local: $('share-local'), count: $('share-count'), show: $('share-show'),
  overlay: $('share-overlay'), bigQr: $('share-big-qr'), bigLink: $('share-big-link'), bigPin: $('share-big-pin'),
  close: $('share-close'), body: $('share-body'), fold: $('share-fold'), view: $('share-view'), viewLink: $('share-view-link'),
}, { token, viewLink: () => currentViewHash() });

const TRAINING = ['snapshot', 'state', 'progress', 'epoch', 'images', 'tuned'];
subscribe((what, s) => {
  renderBanners(what, s);
  renderShare(what, s);
  if (!TRAINING.includes(what)) return;
  renderProgress(s);
  renderControls(s);
  if (what !== 'progress') renderTuning(s);
  renderChart(what, s);
  if (what === 'snapshot' || what === 'epoch' || what === 'state') {
    renderCsvLink(s);
    renderTradeoff(s);
  }
  if (what === 'snapshot' || what === 'images' || what === 'state') renderPictures(s);
});

let socket = null;
const explorer = createExplorer({
  decode: { sliders: $('sliders'), pad: $('pad'), decoded: $('decoded'), randomZ: $('random-z'), zeroZ: $('zero-z') },
  interpolation: {
    fromKind: $('from-kind'), toKind: $('to-kind'), fromIndex: $('from-index'), toIndex: $('to-index'),
    fromIndexLabel: $('from-index-label'), toIndexLabel: $('to-index-label'), steps: $('steps'), spherical: $('spherical'),
    interpolate: $('interpolate'), animate: $('animate'), player: $('player'), strip: $('strip'), caption: $('strip-caption'),
    exportStrip: $('export-strip'), exportAnimation: $('export-animation'),
  },
  drawing: { drawing: $('drawing'), encode: $('draw-encode'), clear: $('draw-clear'), info: $('draw-info') },
  map: $('latent-map'), mapMethod: $('map-method'), manifold: $('manifold'), manifoldFigure: $('manifold-figure'),
  follow: $('follow'), empty: $('explore-empty'), body: $('explore-body'), epochLabel: $('explore-epoch'),
  where: $('decode-where'),
  posterior: { caption: $('posterior-caption'), k: $('posterior-k'), sample: $('posterior-sample'),
    original: $('posterior-original'), samples: $('posterior-samples') },
}, {
  send: (m) => socket && socket.send(m),
  errors: { decode: errorBox($('decode-error')), interpolation: errorBox($('strip-error')), drawing: errorBox($('draw-error')),
    posterior: errorBox($('posterior-error')) },
});

const viewing = createViewing({ banner: $('viewing'), text: $('viewing-text'), back: $('viewing-back') },
  { resync: () => socket && socket.send({ type: 'resync' }), onError: errorBox($('runs-error')) });
const renderRuns = createRunsPanel({
  rows: $('runs-table').tBodies[0], table: $('runs-table'), empty: $('runs-empty'), compare: $('runs-compare'), chart: $('runs-chart'),
}, {
  token, onError: errorBox($('runs-error')),
  onOpen: async (id) => { await viewing.open(id); window.scrollTo({ top: 0 }); },
});
subscribe((what, s) => renderRuns(what, s));

/** This page's view as a link's hash: the run (when one is opened read-only) and epoch, the point, the interpolation, the panel. */
function currentViewHash() {
  const v = explorer.view();
  return viewHash({ run: store.viewing || store.runId, epoch: store.viewing ? viewing.epochShown : undefined,
    z: v.z, from: v.from, to: v.to, fromIndex: v.fromIndex, toIndex: v.toIndex, steps: v.steps, spherical: v.spherical,
    panel: panelInView() });
}

// While a saved run is open read-only, the live run's messages wait (back to live resyncs); the role and the
// page count still apply.
const RUN_MESSAGES = ['snapshot', 'state', 'progress', 'epoch', 'images', 'latentMap', 'tuned'];
function onMessage(m) {
  if (m.type === 'decoded') explorer.decoded(m);
  else if (store.viewing && RUN_MESSAGES.includes(m.type)) {
    if (m.type === 'snapshot') {
      store.canControl = m.canControl;
      store.viewers = m.viewers;
    }
  } else apply(m);
}

// A link with a view in its hash (viewLink.js): once the live state is in, open its run read-only (when it is
// not the live one, or an epoch is named), then, with the map in, go to its point and interpolation.
const linked = parseView(location.hash);
if (linked.run || linked.z || linked.from || linked.panel) {
  let stage = 'waiting';
  subscribe(async (what, s) => {
    if (stage === 'waiting' && what === 'snapshot') {
      stage = 'opening';
      if (linked.run && (linked.run !== s.runId || Number.isInteger(linked.epoch))) await viewing.open(linked.run, linked.epoch);
      stage = 'map';
    }
    if (stage === 'map' && what === 'map' && s.explore.map && (!linked.run || s.explore.map.runId === linked.run)) {
      stage = 'done';
      explorer.restore(linked);
      if (linked.panel) document.getElementById(linked.panel).scrollIntoView();
    }
  });
}

// A server restarted since forgets joined browsers, so a drop that turns out to be "not joined" reloads
// the page (which asks for the PIN again).
function onStatus(status) {
  setConnection(status);
  if (status === 'disconnected') stillJoined().then((joined) => { if (!joined) location.reload(); });
}
socket = connect({ token, onMessage, onStatus });
