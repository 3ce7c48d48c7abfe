// The header pills and the banners: connection, role, viewers, collapse warning, errors.
export function createBanners(el) {
  let errorTimer;
  return function render(what, store) {
    const connected = store.connection === 'connected';
    el.connection.textContent = connected ? 'live' : store.connection === 'connecting' ? 'connecting…' : 'disconnected';
    el.connection.className = `pill ${connected ? 'connected' : 'connecting'}`;
    el.disconnected.hidden = store.connection !== 'disconnected';
    el.role.textContent = store.canControl ? 'presenter' : 'viewer';
    el.role.className = `pill ${store.canControl ? 'presenter' : ''}`;
    document.body.classList.toggle('can-control', store.canControl);
    el.viewers.textContent = `${store.viewers} watching`;
    el.device.textContent = store.device || '';
    el.runId.textContent = store.runId ? `run ${store.runId}` : 'no run yet';

    const last = store.history[store.history.length - 1];
    el.collapse.hidden = !(last && last.collapsed);
    if (last && last.collapsed) {
      const kl = last.klPerDimension.map(k => k.toFixed(3)).join(', ');
      el.collapseDetail.textContent = `after epoch ${last.epoch}, ${last.activeDims} of ${last.klPerDimension.length} `
        + `latent dimensions carry information (KL per dimension: ${kl} nats) and ${last.liveUnits} of 16 hidden units are alive`;
    }
    if (what === 'error' && store.error) {
      el.error.textContent = store.error;
      el.error.hidden = false;
      clearTimeout(errorTimer);
      errorTimer = setTimeout(() => { el.error.hidden = true; }, 8000);
    }
  };
}
