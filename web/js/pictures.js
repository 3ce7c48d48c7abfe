// The sample grid and reconstructions of the latest epoch, with a scrubber to replay any earlier one
// (older pictures come from the run folder over HTTP, at the links the server gives, so the socket stays light).
import { epochLink } from './store.js';

export function createPictures({ samples, reconstructions, scrubber, label, latestButton, exports }, { onEpoch = () => {} } = {}) {
  let following = true;
  let lastStore = null;

  function show(epoch, store) {
    label.textContent = `${epoch} of ${store.imageEpochs.length ? Math.max(...store.imageEpochs) : 0}`;
    const samplesLink = epochLink('samples', epoch);
    const reconstructionsLink = epochLink('reconstructions', epoch);
    exports.samples.href = samplesLink;
    exports.samples.download = `${store.runId}-epoch-${epoch}-samples.png`;
    exports.reconstructions.href = reconstructionsLink;
    exports.reconstructions.download = `${store.runId}-epoch-${epoch}-reconstructions.png`;
    exports.weights.href = epochLink('weights', epoch);
    exports.weights.download = `${store.runId}-epoch-${epoch}.safetensors`;
    exports.replay.href = store.links.replayGif;
    exports.replay.download = `${store.runId}-replay.gif`;
    const latest = store.images && store.images.epoch === epoch;
    samples.src = latest ? store.images.samples : samplesLink;
    reconstructions.src = latest ? store.images.reconstructions : reconstructionsLink;
  }

  scrubber.addEventListener('input', () => {
    const epoch = Number(scrubber.value);
    following = epoch === Number(scrubber.max);
    latestButton.hidden = following;
    show(epoch, lastStore);
    onEpoch(epoch);
  });
  latestButton.addEventListener('click', () => {
    following = true;
    latestButton.hidden = true;
    render(lastStore);
  });

  function render(store) {
    lastStore = store;
    const epochs = store.imageEpochs;
    if (!epochs.length || !store.links) {
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
