// Progress bar, speed, ETA and the latest epoch's figures.
function duration(seconds) {
  if (!isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** A run's settings in one line, e.g. "10 epochs · batch 128 · learning rate 0.001 · …". */
export function describe(h) {
  return [
    `${h.epochs} epochs`, `batch ${h.batchSize}`, `learning rate ${h.learningRate}`, `${h.latentDim} latent dims`,
    `β ${h.beta}`, h.warmupEpochs ? `KL warm-up ${h.warmupEpochs} epochs` : 'no KL warm-up', `seed ${h.seed}`,
    h.trainLimit ? `${h.trainLimit.toLocaleString()} images per epoch` : 'all 60,000 images',
    h.exact ? 'exact course initialisation' : 'Kaiming initialisation',
  ].join(' · ');
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
    // After an epoch's last batch the test set is evaluated before the epoch's figures come: say so rather
    // than freeze on the last batch; while paused, say paused (the server's rate leaves paused time out).
    const evaluating = running && p.batch === p.batches && !(last && last.epoch >= p.epoch);
    const paused = store.state === 'paused';
    el.epoch.textContent = running ? `${p.epoch} / ${p.epochs}` : last ? `${last.epoch} / ${epochs}` : '–';
    el.batch.textContent = running ? (evaluating ? 'evaluating on the test set' : `${p.batch} / ${p.batches}`) : '–';
    el.rate.textContent = paused ? 'paused' : running ? Math.round(p.imagesPerSecond).toLocaleString()
      : last ? Math.round(last.imagesPerSecond).toLocaleString() : '–';
    el.eta.textContent = paused ? 'paused' : running ? duration(p.etaSeconds) : '–';
    el.bar.parentElement.setAttribute('aria-valuenow', String(Math.round(100 * Math.min(1, fraction))));
    document.title = paused ? `paused · epoch ${p ? p.epoch : '?'}/${epochs} · Latent Lab`
      : running ? `epoch ${p.epoch}/${p.epochs} · Latent Lab` : 'Latent Lab';
    el.settings.textContent = store.hyperparameters ? `Settings of this run: ${describe(store.hyperparameters)}` : '';
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
