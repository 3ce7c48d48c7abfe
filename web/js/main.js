// Wires the dashboard: one socket feeds the store, every panel renders from the store.
import { connect } from './connection.js';
import { store, subscribe, apply, setConnection, showError } from './store.js';
import { presenterToken } from './token.js';
import { createLossChart } from './lossChart.js';
import { createPictures } from './pictures.js';
import { createProgress } from './progress.js';
import { createControls } from './controls.js';
import { createBanners } from './banners.js';

const $ = (id) => document.getElementById(id);
const token = presenterToken();

const renderChart = createLossChart($('loss-chart'));
const renderPictures = createPictures({
  samples: $('samples'), reconstructions: $('reconstructions'), scrubber: $('scrubber'),
  label: $('scrubber-label'), latestButton: $('follow-latest'),
});
const renderProgress = createProgress({
  bar: $('progress-bar'), epoch: $('stat-epoch'), batch: $('stat-batch'), rate: $('stat-rate'), eta: $('stat-eta'),
  loss: $('stat-loss'), active: $('stat-active'), state: $('state'), outcome: $('outcome'),
});
const renderControls = createControls({
  form: $('controls'), pause: $('pause'), stop: $('stop'), message: $('control-message'), token, onError: showError,
});
const renderBanners = createBanners({
  connection: $('connection'), disconnected: $('disconnected'), role: $('role'), viewers: $('viewers'),
  device: $('device'), runId: $('run-id'), collapse: $('collapse'), collapseDetail: $('collapse-detail'), error: $('error'),
});

subscribe((what, s) => {
  renderBanners(what, s);
  if (what === 'connection' || what === 'error' || what === 'viewers') return;
  renderProgress(s);
  renderControls(s);
  if (what !== 'state') renderChart(s);
  if (what === 'snapshot' || what === 'images' || what === 'state') renderPictures(s);
});

connect({ token, onMessage: apply, onStatus: setConnection });
window.latentLab = store; // for the curious (and for browser tests)
