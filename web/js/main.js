// Wires the dashboard: one socket feeds the store, every panel renders from the store.
import { connect } from './connection.js';
import { store, subscribe, apply, setConnection, showError } from './store.js';
import { presenterToken } from './token.js';
import { createLossChart } from './lossChart.js';
import { createPictures } from './pictures.js';
import { createProgress } from './progress.js';
import { createControls } from './controls.js';
import { createBanners } from './banners.js';
import { createExplorer } from './explorer.js';
import { createShare } from './share.js';
import { ensureJoined, stillJoined } from './join.js';

const $ = (id) => document.getElementById(id);
const token = presenterToken();

const renderChart = createLossChart($('loss-chart'));
const renderPictures = createPictures({
  samples: $('samples'), reconstructions: $('reconstructions'), scrubber: $('scrubber'),
  label: $('scrubber-label'), latestButton: $('follow-latest'),
  exports: { row: $('picture-exports'), samples: $('export-samples'), reconstructions: $('export-reconstructions'), replay: $('export-replay') },
});

// The metrics of the run on show, as CSV (anyone may download; nothing changes).
function renderCsvLink(s) {
  const link = $('export-csv');
  link.hidden = !s.runId || !s.history.length;
  if (s.runId) {
    link.href = `/api/runs/${encodeURIComponent(s.runId)}/metrics.csv?epochs=${s.history.length}`;
    link.download = `${s.runId}-metrics.csv`;
  }
}
const renderProgress = createProgress({
  bar: $('progress-bar'), epoch: $('stat-epoch'), batch: $('stat-batch'), rate: $('stat-rate'), eta: $('stat-eta'),
  loss: $('stat-loss'), active: $('stat-active'), state: $('state'), outcome: $('outcome'),
});
const renderControls = createControls({
  form: $('controls'), pause: $('pause'), stop: $('stop'), resumeRun: $('resume-run'), message: $('control-message'), token, onError: showError,
});
const renderBanners = createBanners({
  connection: $('connection'), disconnected: $('disconnected'), role: $('role'), viewers: $('viewers'),
  device: $('device'), runId: $('run-id'), collapse: $('collapse'), collapseDetail: $('collapse-detail'), error: $('error'),
});

const renderShare = createShare({
  card: $('share'), qr: $('share-qr'), link: $('share-link'), copy: $('share-copy'), pin: $('share-pin'),
  pinRow: $('share-pin-row'), local: $('share-local'), count: $('share-count'), show: $('share-show'),
  overlay: $('share-overlay'), bigQr: $('share-big-qr'), bigLink: $('share-big-link'), bigPin: $('share-big-pin'),
}, { token });

subscribe((what, s) => {
  renderBanners(what, s);
  renderShare(what, s);
  if (what === 'connection' || what === 'error' || what === 'viewers') return;
  renderProgress(s);
  renderControls(s);
  if (what !== 'state') renderChart(s);
  if (what === 'snapshot' || what === 'epoch') renderCsvLink(s);
  if (what === 'snapshot' || what === 'images' || what === 'state') renderPictures(s);
});

let socket = null;
const explorer = createExplorer({
  sliders: $('sliders'), pad: $('pad'), decoded: $('decoded'), randomZ: $('random-z'), zeroZ: $('zero-z'),
  fromKind: $('from-kind'), toKind: $('to-kind'), fromIndex: $('from-index'), toIndex: $('to-index'),
  fromIndexLabel: $('from-index-label'), toIndexLabel: $('to-index-label'), steps: $('steps'), spherical: $('spherical'),
  interpolate: $('interpolate'), animate: $('animate'), strip: $('strip'),
  exportStrip: $('export-strip'), exportAnimation: $('export-animation'), drawing: $('drawing'),
  drawEncode: $('draw-encode'), drawClear: $('draw-clear'), drawInfo: $('draw-info'), map: $('latent-map'),
  mapMethod: $('map-method'), manifold: $('manifold'), manifoldFigure: $('manifold-figure'), follow: $('follow'),
  empty: $('explore-empty'), body: $('explore-body'), epochLabel: $('explore-epoch'),
}, { send: (m) => socket && socket.send(m), canControl: () => store.canControl, onError: showError });

function onMessage(m) {
  if (m.type === 'decoded') return explorer.decoded(m);
  if (m.type === 'latentMap') return explorer.refreshMap();
  if (m.type === 'presenterExplore') return explorer.follow(m.state);
  apply(m);
  if (m.type === 'snapshot') explorer.refreshMap();
}

// With a join PIN the page asks for it first; a server restarted since forgets the browser, so a
// drop that turns out to be "not joined" reloads the page (which asks again).
function onStatus(status) {
  setConnection(status);
  if (status === 'disconnected') stillJoined().then((joined) => { if (!joined) location.reload(); });
}
await ensureJoined({ token, dialog: $('join'), form: $('join-form'), input: $('join-pin'), message: $('join-message') });
socket = connect({ token, onMessage, onStatus });
window.latentLab = store; // for the curious (and for browser tests)
window.latentLabExplorer = explorer;
