// The header pills and the banners: connection (and the outage bar), role, viewers, collapse warning, errors.
const RECOVERED_SHOWN_MS = 4000;

/** What an outage costs this page, in the words of the bar pinned to the top of the screen. */
function outageText(store) {
  const since = new Date(store.outage.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const where = store.explore.decoding.where;
  const explore = !store.explore.map ? '' // nothing to explore yet, nothing lost
    : where === 'device' ? ' Exploring still works: this device decodes.' : ' Slider moves are not decoded until it is back.';
  const control = store.canControl ? ' Your controls answer again once it is back.' : '';
  return `The server cannot be reached since ${since}: reconnecting… The training figures (greyed) are as of then.${explore}${control}`;
}

export function createBanners(el) {
  let recoveredTimer;
  function renderOutage(store) {
    document.body.classList.toggle('offline', !!store.outage);
    clearTimeout(recoveredTimer);
    if (store.outage) {
      el.outage.hidden = false;
      el.outage.className = 'outage down';
      el.outage.textContent = outageText(store);
    } else if (Date.now() - store.recoveredAt < RECOVERED_SHOWN_MS) {
      el.outage.hidden = false;
      el.outage.className = 'outage back';
      el.outage.textContent = 'Reconnected: the page has caught up with the server.';
      recoveredTimer = setTimeout(() => { el.outage.hidden = true; }, RECOVERED_SHOWN_MS);
    } else {
      el.outage.hidden = true;
    }
  }
  return function render(what, store) {
    const connected = store.connection === 'connected';
    el.connection.textContent = connected ? 'live' : store.connection === 'connecting' ? 'connecting…' : 'disconnected';
    el.connection.className = `pill ${store.connection}`;
    if (what === 'connection') renderOutage(store);
    el.role.textContent = store.canControl ? 'presenter' : 'viewer';
    el.role.className = `pill ${store.canControl ? 'presenter' : ''}`;
    document.body.classList.toggle('can-control', store.canControl);
    el.viewers.textContent = `${store.viewers} watching`;
    el.device.textContent = store.device || '';
    el.runId.textContent = store.runId ? `run ${store.runId}${store.demo ? ' (demo)' : ''}` : 'no run yet';
    el.demo.hidden = !store.demo || store.state !== 'idle';
    if (store.demo) el.demoCommand.textContent = store.demo;

    const last = store.history[store.history.length - 1];
    const collapsed = !!(last && last.collapsed);
    if (collapsed && el.collapse.hidden) el.collapse.open = window.matchMedia('(min-width: 700px)').matches; // folded on a phone
    el.collapse.hidden = !collapsed;
    if (last && last.collapsed) {
      const kl = last.klPerDimension.map(k => k.toFixed(3)).join(', ');
      el.collapseSummary.textContent = `${last.activeDims} of ${last.klPerDimension.length} latent dimensions in use.`;
      el.collapseDetail.textContent = `after epoch ${last.epoch}, ${last.activeDims} of ${last.klPerDimension.length} `
        + `latent dimensions carry information (KL per dimension: ${kl} nats) and ${last.liveUnits} of 16 hidden units are alive`;
    }
    if (what === 'error' && store.error) { // from the server, tied to no control: kept until the next action
      el.error.textContent = store.error;
      el.error.hidden = false;
      const hide = () => { el.error.hidden = true; };
      document.addEventListener('pointerdown', hide, { once: true });
      document.addEventListener('keydown', hide, { once: true });
    }
  };
}
