// The sample grid and reconstructions of the latest epoch, with a scrubber to replay any earlier one
// (older pictures come from the run folder over HTTP, so the live socket stays light).
export function createPictures({ samples, reconstructions, scrubber, label, latestButton, exports }) {
  let following = true;
  let current = { runId: null, epochs: [] };

  function show(epoch, store) {
    label.textContent = `${epoch} of ${current.epochs.length ? Math.max(...current.epochs) : 0}`;
    if (current.runId) {
      const run = encodeURIComponent(current.runId);
      exports.samples.href = `/api/runs/${run}/images/${epoch}/samples.png`;
      exports.samples.download = `${current.runId}-epoch-${epoch}-samples.png`;
      exports.reconstructions.href = `/api/runs/${run}/images/${epoch}/reconstructions.png`;
      exports.reconstructions.download = `${current.runId}-epoch-${epoch}-reconstructions.png`;
      exports.replay.href = `/api/runs/${run}/replay.gif?kind=samples&epochs=${current.epochs.length}`;
      exports.replay.download = `${current.runId}-replay.gif`;
    }
    if (store.images && store.images.epoch === epoch) {
      samples.src = store.images.samples;
      reconstructions.src = store.images.reconstructions;
    } else if (current.runId) {
      const base = `/api/runs/${encodeURIComponent(current.runId)}/images/${epoch}`;
      samples.src = `${base}/samples.png`;
      reconstructions.src = `${base}/reconstructions.png`;
    }
  }

  scrubber.addEventListener('input', () => {
    const epoch = Number(scrubber.value);
    following = epoch === Number(scrubber.max);
    latestButton.hidden = following;
    show(epoch, lastStore);
  });
  latestButton.addEventListener('click', () => {
    following = true;
    latestButton.hidden = true;
    render(lastStore);
  });

  let lastStore = null;
  function render(store) {
    lastStore = store;
    current = { runId: store.runId, epochs: store.imageEpochs };
    const epochs = store.imageEpochs;
    if (!epochs.length) {
      scrubber.disabled = true;
      exports.row.hidden = true;
      label.textContent = 'no epoch finished yet';
      samples.removeAttribute('src');
      reconstructions.removeAttribute('src');
      return;
    }
    const latest = Math.max(...epochs);
    exports.row.hidden = false;
    scrubber.disabled = epochs.length < 2;
    scrubber.min = Math.min(...epochs);
    scrubber.max = latest;
    if (following) {
      scrubber.value = latest;
      show(latest, store);
    } else {
      label.textContent = `${scrubber.value} of ${latest}`;
    }
  }
  return render;
}
