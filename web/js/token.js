// The presenter token arrives once in the page URL (?token=…). Keep it for this tab only and take it
// out of the address bar, so it does not end up in a screenshot, a shared screen or the history.
const KEY = 'latent-lab-token';

export function presenterToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}
