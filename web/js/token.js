// The presenter's browser is known by an HttpOnly cookie that the one-time presenter link
// (/presenter/<code>, printed by the server) sets: the page never sees the token, and the history keeps
// only the spent link. The old form, /?token=…, still works for scripts and tests, but what it leaves
// behind is real: the browser's history database records the URL with the token as it was opened (taking
// it out of the address bar below does not change that record), and this tab's sessionStorage holds it.
// Use it only on a machine that is yours.
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
