// The presenter's "share with the class" panel: viewer link, QR code, PIN and how many pages are open,
// plus a full-screen view for the projector. Viewers never see it (and the server would not answer them).
import { request } from './http.js';

export function createShare(el, { token, viewLink }) {
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
  // The full-screen view is a modal dialog: focus moves to its close button and stays inside it (Tab has
  // nowhere else to go), Esc, the button or a click anywhere closes it, and focus goes back to the opener.
  function closeOverlay() {
    if (el.overlay.hidden) return;
    el.overlay.hidden = true;
    el.show.focus();
  }
  // "A link to what I show now": the viewer link with this page's view in its hash (viewLink.js); never the token.
  el.view.addEventListener('click', async () => {
    const link = `${el.link.href.replace(/#.*$/, '')}${viewLink()}`;
    el.viewLink.value = link;
    el.viewLink.hidden = false;
    el.viewLink.select();
    try {
      await navigator.clipboard.writeText(link);
      el.view.textContent = 'link copied';
    } catch {
      el.view.textContent = 'copy it from the box';
    }
    setTimeout(() => { el.view.textContent = 'copy a link to what I show now'; }, 2000);
  });
  el.show.addEventListener('click', () => {
    el.overlay.hidden = false;
    el.close.focus();
  });
  el.overlay.addEventListener('click', closeOverlay);
  el.overlay.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeOverlay();
    if (e.key === 'Tab') { e.preventDefault(); el.close.focus(); }
  });

  // The card folds to its title (a projector at 1024×768 has little room); the choice is kept in this browser.
  const FOLDED = 'latent-lab-share-folded';
  function fold(folded) {
    el.body.hidden = folded;
    el.fold.setAttribute('aria-expanded', String(!folded));
    el.fold.textContent = folded ? 'unfold' : 'fold';
    localStorage.setItem(FOLDED, folded ? '1' : '');
  }
  fold(localStorage.getItem(FOLDED) === '1');
  el.fold.addEventListener('click', () => fold(!el.body.hidden));

  return function render(what, store) {
    el.card.hidden = !store.canControl;
    if (!store.canControl) return;
    if (!loaded || what === 'snapshot') load();
    const n = Math.max(0, store.viewers - 1);
    el.count.textContent = `${n} other ${n === 1 ? 'page' : 'pages'} connected`;
  };
}
