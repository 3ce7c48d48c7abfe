// A saved run opened read-only: the page shows it exactly as it shows the live run — its charts, its
// pictures with the epoch scrubber, the explorer on the weights of the scrubber's epoch, its exports — from
// GET /api/runs/{id} and the links it gives, until "back to live" asks the server for the live state again
// (the socket's resync). Live messages about runs wait meanwhile; the page count and the role still apply.
import { request } from './http.js';
import { store, apply } from './store.js';

const fill = (template, epoch) => template.replace('{epoch}', epoch);

function latentMapOf(run, epoch) {
  const l = run.links;
  return { type: 'latentMap', runId: run.id, epoch, codes: fill(l.codes, epoch), decoder: fill(l.decoder, epoch),
    manifold: run.hyperparameters && run.hyperparameters.latentDim === 2 ? fill(l.manifold, epoch) : null };
}

export function createViewing(el, { resync, onError }) {
  let shown = null; // the run open, as GET /api/runs/{id} gave it

  async function open(id, epoch) {
    const answer = await request(`/api/runs/${encodeURIComponent(id)}`, { cache: 'no-store' });
    if (!answer.ok) return onError(answer.body.error);
    const run = answer.body;
    if (!run.hyperparameters) return onError(`run ${id} is damaged: ${run.damaged}`);
    const last = run.metrics.length ? run.metrics[run.metrics.length - 1].epoch : 0;
    const at = Number.isInteger(epoch) && epoch >= 0 && epoch <= last ? epoch : last;
    shown = run;
    store.viewing = run.id;
    const pictured = run.imageEpochs;
    const latest = pictured.length ? Math.max(...pictured) : null;
    apply({
      type: 'snapshot', canControl: store.canControl, state: 'idle', runId: run.id, device: store.device,
      hyperparameters: run.hyperparameters, epoch: last, outcome: run.outcome, links: run.links, demo: run.demo,
      history: run.metrics, imageEpochs: pictured, progress: null, viewers: store.viewers,
      presenterExplore: store.explore.presenter, changes: run.changes,
      images: latest === null ? null : { runId: run.id, epoch: latest, samples: fill(run.links.samples, latest),
        reconstructions: fill(run.links.reconstructions, latest), decoder: fill(run.links.decoder, latest) },
      latentMap: latentMapOf(run, at),
    });
    el.text.textContent = `Viewing run ${run.id} (read-only): the pictures and the explorer at epoch ${at}.`;
    el.banner.hidden = false;
    return at;
  }

  /** The scrubber moved while a saved run is open: the explorer follows to that epoch's weights and map. */
  function epoch(n) {
    if (!shown || !store.viewing) return;
    apply(latentMapOf(shown, n));
    el.text.textContent = `Viewing run ${shown.id} (read-only): the pictures and the explorer at epoch ${n}.`;
  }

  function back() {
    shown = null;
    store.viewing = null;
    el.banner.hidden = true;
    resync();
  }
  el.back.addEventListener('click', back);

  return { open, epoch, back, get epochShown() { return store.viewing && store.latentMap ? store.latentMap.epoch : null; } };
}
