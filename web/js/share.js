// The presenter's "share with the class" panel: viewer link, QR code, PIN and how many pages are open,
// plus a full-screen view for the projector. Viewers never see it (and the server would not answer them).
import { request } from './http.js';

export function createShare(el, { token }) {
  let loaded = false;

  async function load() {
    const answer = await request('/api/share', { token, cache: 'no-store' });
    if (!answer.ok) return; // retried on the next snapshot
    const share = answer.body;
    const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(share.qrSvg)}`;
    el.qr.src = qr;
    el.bigQr.src = qr;
    el.link.href = share.viewerUrl;
    el.link.textContent = share.viewerUrl;
    el.bigLink.textContent = share.viewerUrl;
    el.pin.textContent = share.pin || '';
    el.bigPin.textContent = share.pin ? `PIN ${share.pin}` : '';
    el.pinRow.hidden = !share.pinRequired;
    el.local.hidden = !share.loopbackOnly;
    loaded = true;
  }

  el.copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(el.link.href);
      el.copy.textContent = 'copied';
    } catch {
      el.copy.textContent = 'copy failed';
    }
    setTimeout(() => { el.copy.textContent = 'copy link'; }, 1500);
  });
  el.show.addEventListener('click', () => { el.overlay.hidden = false; });
  el.overlay.addEventListener('click', () => { el.overlay.hidden = true; });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') el.overlay.hidden = true; });

  return function render(what, store) {
    el.card.hidden = !store.canControl;
    if (!store.canControl) return;
    if (!loaded || what === 'snapshot') load();
    const n = Math.max(0, store.viewers - 1);
    el.count.textContent = `${n} other ${n === 1 ? 'page' : 'pages'} connected`;
  };
}
