// Progress bar, speed, ETA and the latest epoch's figures.
function duration(seconds) {
  if (!isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function createProgress(el) {
  return function render(store) {
    const p = store.progress;
    const last = store.history[store.history.length - 1];
    const epochs = store.hyperparameters ? store.hyperparameters.epochs : 0;
    let fraction = 0;
    if (p && store.state !== 'idle') fraction = p.imagesDone / p.imagesTotal;
    else if (last && epochs) fraction = last.epoch / epochs;
    el.bar.style.width = `${(100 * Math.min(1, fraction)).toFixed(1)}%`;
    const running = p && store.state !== 'idle';
    el.epoch.textContent = running ? `${p.epoch} / ${p.epochs}` : last ? `${last.epoch} / ${epochs}` : '–';
    el.batch.textContent = running ? `${p.batch} / ${p.batches}` : '–';
    el.rate.textContent = running ? Math.round(p.imagesPerSecond).toLocaleString() : last ? Math.round(last.imagesPerSecond).toLocaleString() : '–';
    el.eta.textContent = running ? duration(p.etaSeconds) : '–';
    el.loss.textContent = last ? (last.testBce + last.testKld).toFixed(1) : '–';
    el.active.textContent = last ? `${last.activeDims} of ${last.klPerDimension.length}` : '–';
    el.state.textContent = store.state;
    el.state.className = `pill state-${store.state}`;
    let outcome = store.outcome && store.state === 'idle' ? `last run ${store.outcome}` : '';
    if (store.outcome === 'interrupted' && store.state === 'idle') {
      outcome = `last run interrupted after epoch ${last ? last.epoch : 0} of ${epochs} (the server stopped); `
        + (store.canControl ? 'resume it below' : 'the presenter can resume it');
    }
    el.outcome.textContent = outcome;
  };
}
