// The explorer: wires its parts (sliders and pad, interpolation, drawing, the latent map, following the
// presenter) to the store and the socket. It fetches each new latent map, rebuilds the sliders when the
// model's shape changes, and asks the server to decode wherever the position moves.
import { store, explore, subscribe } from './store.js';
import { request } from './http.js';
import { createSliders } from './sliders.js';
import { createInterpolation } from './interpolation.js';
import { createDrawing } from './drawing.js';
import { createLatentMap } from './latentMap.js';
import { createFollow } from './follow.js';

export function createExplorer(el, { send, onError }) {
  const sliders = createSliders(el.decode, { onMove: (z) => moveTo(z, true) });
  const map = createLatentMap(el.map, { onPick: (z) => moveTo(z, true) });
  const interpolation = createInterpolation(el.interpolation, {
    paint: (image) => sliders.paint(image), onError, onShown: () => follow.share(),
  });
  const drawing = createDrawing(el.drawing, { onEncoded: (mu) => moveTo(mu, true), onError });
  const follow = createFollow(el.follow, {
    send,
    sharedState: () => ({ z: store.explore.z, ...interpolation.settings(), interpolation: store.explore.interpolation }),
    apply: (presenter) => {
      if (presenter.z && store.explore.map && presenter.z.length === store.explore.map.latent) moveTo(presenter.z, false);
      interpolation.follow(presenter);
    },
  });

  function moveTo(z, byUser) {
    const limit = store.explore.map ? store.explore.map.zLimit : Infinity;
    const clamped = z.map(v => Math.max(-limit, Math.min(limit, v)));
    const e = store.explore;
    explore('z', { z: clamped, decodeId: e.decodeId + 1, following: byUser ? false : e.following });
    send({ type: 'decode', id: store.explore.decodeId, z: clamped });
    if (byUser) follow.share();
  }

  async function refreshMap() {
    const answer = await request('/api/latent-map');
    if (!answer.ok) return; // no model yet: the empty state stays
    const data = answer.body;
    const old = store.explore.map;
    const fresh = !old || data.latent !== old.latent || data.runId !== old.runId;
    el.empty.hidden = true;
    el.body.hidden = false;
    el.epochLabel.textContent = `(weights after epoch ${data.epoch})`;
    el.mapMethod.textContent = data.method === 'pca'
      ? `PCA of ${data.latent} dimensions: ${(100 * (data.explained[0] + data.explained[1])).toFixed(0)}% of the variance shown` : '';
    if (fresh) sliders.build(data.latent);
    explore('map', fresh ? { map: data, z: new Array(data.latent).fill(0), interpolation: null } : { map: data });
    map.show(data);
    el.manifoldFigure.hidden = !data.manifold;
    if (data.manifold) el.manifold.src = data.manifold;
    moveTo(store.explore.z, false); // the same point, drawn by the new weights
    drawing.encodeAgain();
    if (store.explore.interpolation) interpolation.interpolate(true); // the same two digits, drawn anew
  }

  subscribe((what, s) => {
    if (what === 'snapshot' || what === 'latentMap') refreshMap();
    if (what === 'z') sliders.show(s.explore.z);
    if (['z', 'map', 'drawn', 'presenter', 'snapshot'].includes(what)) {
      map.mark({ z: s.explore.z, drawnAt: s.explore.drawn && s.explore.drawn.mu,
        presenterAt: s.canControl || !s.explore.presenter ? null : s.explore.presenter.z });
    }
  });

  return {
    decoded: (m) => sliders.decoded(m, { animating: store.explore.animating }),
  };
}
